# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Row rules of the survey responses and citizens' feedback (hooks in hooks.py).

* Citizen Feedback: department users (see :mod:`onestop_center.permissions`) read and answer the
  feedback assigned to their agencies only, and cannot hand it to another agency; centre roles
  see all; a Reception Officer sees only the feedback they recorded (Frappe's "if owner").
* Survey Response: a Reception Officer reads only the responses they entered; department users
  (should a role give them survey responses) only those of their agencies. Stating the rule here
  also makes the answers' rows (Survey Answer) and attachments follow it (security/children.py).
"""

import frappe

from onestop_center.permissions import CENTRE_WIDE_ROLES, agency_query_conditions, restricted_agencies
from onestop_center.security.records import agency_has_permission
from onestop_center.setup.roles import RECEPTION_OFFICER


def citizen_feedback_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	return agency_query_conditions("Citizen Feedback", user)


def citizen_feedback_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	if agency_has_permission(doc, user) is False:
		return False
	agencies = restricted_agencies(user)
	if agencies is not None and doc.get("agency") not in agencies:
		return False
	return None


def survey_response_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	condition = agency_query_conditions("Survey Response", user)
	if condition:
		return condition
	roles = set(frappe.get_roles(user))
	if user != "Administrator" and RECEPTION_OFFICER in roles and not roles & (CENTRE_WIDE_ROLES - {RECEPTION_OFFICER}):
		return f"`tabSurvey Response`.`owner` = {frappe.db.escape(user)}"
	return ""
