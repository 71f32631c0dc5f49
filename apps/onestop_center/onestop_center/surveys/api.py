# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Endpoints of the satisfaction survey and of citizens' feedback.

Guests (kiosk, portal) name a dossier by its code and the last 4 digits of the applicant's ID
number (see :mod:`.citizen_check`); a logged-in applicant needs only the code. Every guest endpoint
is rate-limited per client (Frappe's ``rate_limit``, counting per real client address, see
security/requests.py), sized for a lobby kiosk that serves one citizen after another. Nothing
personal is ever returned: the procedure's name, the questions, whether the dossier was rated.
"""

import re

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.utils import validate_email_address

from onestop_center import arguments
from onestop_center.setup.roles import GENERAL_AFFAIRS_OFFICER, ONESTOP_ADMINISTRATOR, RECEPTION_OFFICER
from onestop_center.surveys import citizen_check
from onestop_center.surveys.questions import LEVELS, active_questions
from onestop_center.surveys.survey import record_survey

# Per client address: a kiosk serving a citizen a minute stays far below these.
FORM_RATE_LIMIT, SUBMIT_RATE_LIMIT, FEEDBACK_RATE_LIMIT = 60, 30, 10
WINDOW_SECONDS = 5 * 60
GUEST_CHANNELS = ("Portal", "Kiosk")
COUNTER_ROLES = frozenset({RECEPTION_OFFICER, GENERAL_AFFAIRS_OFFICER, ONESTOP_ADMINISTRATOR, "System Manager"})
KINDS = ("Feedback", "Recommendation", "Question")
_PHONE = re.compile(r"\+?[0-9 .-]{8,20}")


def survey_form(dossier: str) -> dict:
	"""What a survey page shows: the questions, the procedure's name, whether already rated."""
	procedure = frappe.db.get_value("Dossier", dossier, "procedure_name")
	return {
		"procedure": procedure,
		"rated": bool(frappe.db.exists("Survey Response", {"dossier": dossier})),
		"levels": [{"value": level, "label": _(level)} for level in LEVELS],
		"questions": [{"code": q.code, "question": q.question} for q in active_questions()],
	}


@frappe.whitelist(allow_guest=True, methods=["GET", "POST"])
@rate_limit(limit=FORM_RATE_LIMIT, seconds=WINDOW_SECONDS)
def get_survey(code: str | None = None, check: str | None = None) -> dict:
	"""The survey form of a dossier named by its code and check (see module docstring)."""
	dossier = citizen_check.find_dossier(code, check)
	return {"code": dossier, **survey_form(dossier)}


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=SUBMIT_RATE_LIMIT, seconds=WINDOW_SECONDS)
def submit_survey(
	code: str | None = None,
	check: str | None = None,
	satisfaction: str | None = None,
	answers: str | dict | None = None,
	comment: str | None = None,
	channel: str | None = None,
) -> dict:
	"""Rate a dossier from the kiosk or the portal; a second rating replaces the first."""
	channel = channel or "Portal"
	if channel not in GUEST_CHANNELS:
		arguments._refuse(_("Unknown channel"))
	dossier = citizen_check.find_dossier(code, check)
	response = record_survey(dossier, satisfaction, answers, comment, channel)
	return {"code": dossier, "replaced": bool(response.replaced_count), "message": _("Thank you for your rating")}


def _check_counter_user(dossier) -> str:
	dossier = arguments.existing("Dossier", dossier, "Dossier")
	if not COUNTER_ROLES & set(frappe.get_roles()) or not frappe.has_permission("Dossier", "read", doc=dossier):
		frappe.throw(_("Not permitted to record a survey for this dossier"), frappe.PermissionError)
	if citizen_check.not_received(frappe.db.get_value("Dossier", dossier, "status")):
		arguments._refuse(_("The dossier has not been received yet: nothing to rate"))
	return dossier


@frappe.whitelist(methods=["GET", "POST"])
def get_counter_survey(dossier: str | None = None) -> dict:
	"""The survey form at the counter, with the answers already given (to replace them)."""
	dossier = _check_counter_user(dossier)
	form = survey_form(dossier)
	name = frappe.db.get_value("Survey Response", {"dossier": dossier})
	if name:
		response = frappe.get_doc("Survey Response", name)
		form["satisfaction"] = response.satisfaction
		form["answers"] = {row.question: row.level for row in response.answers}
		form["comment"] = response.comment
	return form


@frappe.whitelist(methods=["POST"])
def record_counter_survey(
	dossier: str | None = None,
	satisfaction: str | None = None,
	answers: str | dict | None = None,
	comment: str | None = None,
) -> dict:
	"""Record the answers the citizen gives at the counter (channel Counter)."""
	dossier = _check_counter_user(dossier)
	response = record_survey(dossier, satisfaction, answers, comment, "Counter")
	return {"name": response.name, "replaced": bool(response.replaced_count), "score": response.score}


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=FEEDBACK_RATE_LIMIT, seconds=WINDOW_SECONDS)
def submit_feedback(
	kind: str | None = None,
	subject: str | None = None,
	content: str | None = None,
	sender_name: str | None = None,
	sender_email: str | None = None,
	sender_phone: str | None = None,
	sender_address: str | None = None,
	dossier_code: str | None = None,
	check: str | None = None,
) -> dict:
	"""File feedback, a recommendation or a question (optionally about a dossier: code + check).

	Guests give their name and an e-mail address or phone number to receive the answer; a
	logged-in user's account is recorded with it. Returns the tracking number and the deadline.
	"""
	kind = kind or "Feedback"
	if kind not in KINDS:
		arguments._refuse(_("Unknown kind of feedback"))
	user = frappe.session.user
	values = {
		"doctype": "Citizen Feedback",
		"kind": kind,
		"subject": arguments.text(subject, "Subject", max_length=140),
		"content": arguments.text(content, "Content", max_length=5000),
		"sender_name": arguments.text(sender_name, "Full Name", max_length=140),
		"sender_email": arguments.text(sender_email, "Email", required=False, max_length=140),
		"sender_phone": arguments.text(sender_phone, "Phone", required=False, max_length=20),
		"sender_address": arguments.text(sender_address, "Address", required=False, max_length=500),
		"channel": "Portal",
		"user": user if user != "Guest" else None,
	}
	if values["sender_email"] and not validate_email_address(values["sender_email"]):
		arguments._refuse(_("The e-mail address is not valid"))
	if values["sender_phone"] and not _PHONE.fullmatch(values["sender_phone"]):
		arguments._refuse(_("The phone number is not valid"))
	if not (values["sender_email"] or values["sender_phone"] or values["user"]):
		arguments._refuse(_("Give an e-mail address or a phone number so that we can answer you"))
	if arguments.text(dossier_code, "Dossier Code", required=False, max_length=140):
		values["dossier"] = citizen_check.find_dossier(dossier_code, check)
	doc = frappe.get_doc(values)
	doc.flags.ignore_permissions = True
	doc.insert()
	return {
		"name": doc.name,
		"due_date": frappe.utils.formatdate(doc.due_at, "dd/MM/yyyy"),
		"message": _("Your feedback has been received"),
	}
