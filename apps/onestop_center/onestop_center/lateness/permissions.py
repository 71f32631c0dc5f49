# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Row-level permissions on Apology Letters: department users see only their agencies' letters.

Same rule as for dossiers (:mod:`onestop_center.permissions`); the letter's ``agency`` is the late
department. Centre roles and System Managers are not restricted here.
"""

import frappe

from onestop_center.permissions import get_user_agencies, is_department_user


def apology_letter_query_conditions(user: str | None = None) -> str:
	user = user or frappe.session.user
	if not is_department_user(user):
		return ""
	agencies = get_user_agencies(user)
	if not agencies:
		return "1=0"
	return "`tabApology Letter`.`agency` in ({})".format(", ".join(frappe.db.escape(a) for a in agencies))


def apology_letter_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	user = user or frappe.session.user
	if not is_department_user(user):
		return None
	if not doc.get("agency") or doc.get("agency") in get_user_agencies(user):
		return None
	return False
