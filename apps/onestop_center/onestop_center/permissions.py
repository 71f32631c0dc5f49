"""Row-level permissions: department users see only the dossiers of their own agencies.

A user whose roles give access to dossiers only as a department user (Department Specialist or
Department Head, and none of the centre-wide roles) is restricted to dossiers whose ``agency`` is
one of the Agencies allowed to them by User Permissions (sub-units included, as Frappe expands
tree permissions). Such a user without any Agency permission sees no dossier at all.

Applicant records carry personal data; department roles get no permission on Applicant at all and
see only the applicant's name and contact fields copied onto the dossiers they may read.
"""

import frappe
from frappe.core.doctype.user_permission.user_permission import get_user_permissions
from frappe.permissions import add_user_permission

from onestop_center.setup.roles import (
	CENTRE_LEADER,
	DEPARTMENT_HEAD,
	DEPARTMENT_SPECIALIST,
	GENERAL_AFFAIRS_OFFICER,
	ONESTOP_ADMINISTRATOR,
	RECEPTION_OFFICER,
)

DEPARTMENT_ROLES = frozenset({DEPARTMENT_SPECIALIST, DEPARTMENT_HEAD})
CENTRE_WIDE_ROLES = frozenset(
	{RECEPTION_OFFICER, GENERAL_AFFAIRS_OFFICER, CENTRE_LEADER, ONESTOP_ADMINISTRATOR, "System Manager"}
)


def is_department_user(user: str | None = None) -> bool:
	"""True if the user reaches dossiers only through a department role."""
	user = user or frappe.session.user
	if user == "Administrator":
		return False
	roles = set(frappe.get_roles(user))
	return bool(roles & DEPARTMENT_ROLES) and not roles & CENTRE_WIDE_ROLES


def get_user_agencies(user: str | None = None) -> list[str]:
	"""Agencies allowed to the user by User Permissions that apply to dossiers (with sub-units)."""
	permissions = get_user_permissions(user or frappe.session.user).get("Agency", [])
	return sorted({p.doc for p in permissions if not p.applicable_for or p.applicable_for == "Dossier"})


def dossier_query_conditions(user: str | None = None) -> str:
	"""SQL condition added to every Dossier list/report query of a department user."""
	user = user or frappe.session.user
	if not is_department_user(user):
		return ""
	agencies = get_user_agencies(user)
	if not agencies:
		return "1=0"
	return "`tabDossier`.`agency` in ({})".format(", ".join(frappe.db.escape(a) for a in agencies))


def dossier_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	"""Deny a department user any access to a dossier of another agency; defer otherwise."""
	user = user or frappe.session.user
	if not is_department_user(user):
		return None
	if doc.get("agency") and doc.get("agency") in get_user_agencies(user):
		return None
	return False


def set_user_agency(user: str, agency: str) -> None:
	"""Attach a user to an agency: a User Permission on that Agency applying to all doctypes.

	Idempotent. The user then sees only that agency (and its sub-units) wherever an Agency link
	applies user permissions, and, as a department user, only its dossiers.
	"""
	has_default = frappe.db.exists("User Permission", {"user": user, "allow": "Agency", "is_default": 1})
	add_user_permission("Agency", agency, user, ignore_permissions=True, is_default=0 if has_default else 1)
	frappe.cache.hdel("user_permissions", user)
