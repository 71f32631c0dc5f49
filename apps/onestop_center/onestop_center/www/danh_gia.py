"""Portal page of the satisfaction survey of one dossier (route /danh-gia?code=…).

Linked from "Hồ sơ của tôi" (the applicant, logged in, needs only the code) and from the public
lookup (a guest adds the last 4 digits of the applicant's ID number). The questions are public;
the answers go to ``onestop_center.surveys.api.submit_survey``.
"""

import frappe
from frappe import _
from frappe.sessions import get_csrf_token

from onestop_center.surveys import citizen_check
from onestop_center.surveys.questions import LEVELS, active_questions

no_cache = 1


def get_context(context):
	context.title = _("Satisfaction Survey")
	context.no_breadcrumbs = True
	code = (frappe.form_dict.get("code") or "").strip().upper()[:140]
	context.code = code
	context.levels = [{"value": level, "label": _(level)} for level in LEVELS]
	context.questions = active_questions()
	# the applicant, logged in, is not asked for the check (the server decides again on submit)
	context.needs_check = not (code and _is_own_dossier(code))
	context.csrf_token = get_csrf_token() if frappe.session.user != "Guest" else ""
	return context


def _is_own_dossier(code: str) -> bool:
	if not frappe.db.exists("Dossier", code):
		return False
	return citizen_check.owned_by_session_user(code)
