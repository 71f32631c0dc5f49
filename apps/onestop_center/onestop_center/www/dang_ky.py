"""Citizen sign-up (route /dang-ky): e-mail, password and phone (portal/accounts.py).

``/dang-ky?xac-nhan=KEY`` is the link of the confirmation e-mail: it confirms the address (the
account becomes a citizen account) and says so, whoever is logged in.
"""

import frappe
from frappe import _

from onestop_center.portal import accounts, identity

no_cache = 1
sitemap = 0
CONFIRMATION_PARAMETER = "xac-nhan"


def get_context(context):
	context.no_breadcrumbs = 1
	if CONFIRMATION_PARAMETER in frappe.form_dict:
		context.title = _("Confirm the e-mail address")
		context.confirmation = True
		context.confirmed = bool(accounts.confirm_email(frappe.form_dict.get(CONFIRMATION_PARAMETER)))
		context.logged_in = frappe.session.user != "Guest"
		frappe.local.flags.commit = True  # a GET: Frappe commits it only when asked
		return context
	if frappe.session.user != "Guest":
		frappe.local.flags.redirect_location = "/ho-so-cua-toi"
		raise frappe.Redirect
	context.title = _("Create a citizen account")
	context.signup_open = not frappe.db.get_single_value("Website Settings", "disable_signup")
	context.identity_login = identity.login_url()
	return context
