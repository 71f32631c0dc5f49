# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Row-level permissions on Apology Letters: department users see only their agencies' letters.

Same rule as for dossiers (:mod:`onestop_center.permissions`); the letter's ``agency`` is the late
department. Centre roles and System Managers are not restricted here.
"""

import frappe

from onestop_center.permissions import agency_query_conditions, restricted_agencies


def apology_letter_query_conditions(user: str | None = None) -> str:
	return agency_query_conditions("Apology Letter", user)


def apology_letter_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	agencies = restricted_agencies(user)
	if agencies is None:
		return None
	# a saved letter is judged on its stored agency (the document may come from the client)
	from onestop_center.security.records import stored_value

	agency = stored_value(doc, "agency")
	if not agency and doc.get("dossier"):
		# a new letter takes its agency from the dossier when it is validated
		agency = frappe.db.get_value("Dossier", doc.dossier, "agency")
	if not agency or agency in agencies:
		return None
	return False
