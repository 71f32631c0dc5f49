"""Row-level permissions: department users see only the dossiers routed to their own agencies.

A user whose roles give access to dossiers only as a department user (Department Specialist or
Department Head, and none of the centre-wide roles) is restricted to the Agencies allowed to them
by User Permissions (sub-units included, as Frappe expands tree permissions):

* they read dossiers whose ``agency`` (the agency holding the dossier) is theirs, dossiers on which
  their agency is consulted (phối hợp, ``consultations``) and dossiers handed to their agency
  before (``handovers``, liên thông history) — never a dossier not yet received (a draft at the
  counter, an online submission waiting for reception, one waiting for completion: issue 11);
* they change (write) only dossiers their agency holds *and* that are at a department
  (Transferred, In Progress, Supplement Requested, Result Ready) — consulted agencies answer
  through ``lifecycle.answer_consultation``;
* without any Agency permission they see no dossier at all.

Which transitions each role may take is the workflow's business (Workflow "Dossier Lifecycle").

Applicant records carry personal data; department roles get no permission on Applicant at all and
see only the applicant's name and contact fields copied onto the dossiers they may read.
"""

import frappe
from frappe.core.doctype.user_permission.user_permission import get_user_permissions
from frappe.permissions import add_user_permission

from onestop_center.dossiers import routing
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


def restricted_agencies(user: str | None = None) -> list[str] | None:
	"""The agencies a department user is restricted to (maybe none); None for centre-wide users."""
	user = user or frappe.session.user
	return get_user_agencies(user) if is_department_user(user) else None


def sql_values(values) -> str:
	return ", ".join(frappe.db.escape(value) for value in values)


def agency_condition(doctype: str, agencies: list[str] | None, field: str = "agency") -> str:
	"""SQL condition keeping rows to ``agencies`` ("" when unrestricted, i.e. ``None``)."""
	if agencies is None:
		return ""
	if not agencies:
		return "1=0"
	return f"`tab{doctype}`.`{field}` in ({sql_values(agencies)})"


def agency_query_conditions(doctype: str, user: str | None = None, field: str = "agency") -> str:
	"""SQL condition keeping a department user to the rows of their agencies ("" if unrestricted)."""
	return agency_condition(doctype, restricted_agencies(user), field)


def dossier_query_conditions(user: str | None = None) -> str:
	"""SQL condition added to every Dossier list/report query of a department user: dossiers their
	agency holds, is consulted on, or was handed before (one index range: ``dossiers.routing``)."""
	agencies = restricted_agencies(user)
	if not agencies:
		return agency_condition("Dossier", agencies)
	return (
		f"(`tabDossier`.`status` not in ({sql_values(not_received_states())})"
		f" and {routing.condition(agencies)})"
	)


def not_received_states() -> list[str]:
	"""States of a dossier not yet received (their kinds: dossiers/state_kinds.py): no department sees it."""
	from onestop_center.dossiers.state_kinds import not_received_states as states

	return sorted(states())


READ_PTYPES = frozenset({"read", "select", "print", "email", "report", "export"})


def dossier_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	"""Department users: read what is routed or consulted to their agency, write only while it is there.

	A saved dossier is judged on what the database holds (agency, status, consultations,
	hand-overs), never on the document in memory, which may come from the client (``client.save``,
	``savedocs``, a ``PUT`` naming another dossier). Returns False to deny, None to defer to role
	permissions (never widens them).
	"""
	agencies = restricted_agencies(user)
	if agencies is None:
		return None
	ptype = ptype or "read"
	stored = stored_dossier_scope(doc.name, agencies) if doc.name else None
	if stored is None:
		# a dossier not saved yet (department roles cannot create one; kept for completeness)
		return None if doc.get("agency") in agencies else False
	holder, status, routed_here = stored
	if status in not_received_states():
		return False
	if holder in agencies:
		if ptype in READ_PTYPES:
			return None
		from onestop_center.dossiers.state_kinds import department_states

		return None if status in department_states() else False
	if ptype in READ_PTYPES and routed_here:
		return None
	return False


def stored_dossier_scope(name: str, agencies) -> tuple | None:
	"""(agency, status, routed to one of ``agencies``) of a saved dossier, else None."""
	if not agencies:
		row = frappe.db.sql("select agency, status, 0 from `tabDossier` where name = %s", name)
		return tuple(row[0]) if row else None
	row = frappe.db.sql(
		f"""select d.agency, d.status, exists(select 1 from `tab{routing.ROUTING}` r
				where r.dossier = d.name and r.agency in ({sql_values(agencies)}))
		from `tabDossier` d where d.name = %s""",
		name,
	)
	return (row[0][0], row[0][1], bool(row[0][2])) if row else None


def set_user_agency(user: str, agency: str) -> None:
	"""Attach a user to an agency: a User Permission on that Agency applying to all doctypes.

	Idempotent. The user then sees only that agency (and its sub-units) wherever an Agency link
	applies user permissions, and, as a department user, only its dossiers.
	"""
	has_default = frappe.db.exists("User Permission", {"user": user, "allow": "Agency", "is_default": 1})
	add_user_permission("Agency", agency, user, ignore_permissions=True, is_default=0 if has_default else 1)
	frappe.cache.hdel("user_permissions", user)
