"""Portal page where citizens and companies file feedback, recommendations and questions
(route /phan-anh). Guests give their contact details; a dossier can be named by its code and the
last 4 digits of the applicant's ID number. Answers published by the centre appear on /hoi-dap."""

import frappe
from frappe import _
from frappe.sessions import get_csrf_token

no_cache = 1


def get_context(context):
	context.title = _("Feedback and Questions")
	context.no_breadcrumbs = True
	context.kinds = [{"value": kind, "label": _(kind)} for kind in ("Feedback", "Recommendation", "Question")]
	user = frappe.session.user
	context.logged_in = user != "Guest"
	context.full_name = frappe.utils.get_fullname(user) if context.logged_in else ""
	context.email = user if context.logged_in and "@" in user else ""
	context.csrf_token = get_csrf_token() if context.logged_in else ""
	return context
