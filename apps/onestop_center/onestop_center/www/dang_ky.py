"""Citizen sign-up (route /dang-ky): e-mail, password and phone (portal/accounts.py)."""

import frappe
from frappe import _

from onestop_center.portal import identity

no_cache = 1
sitemap = 0


def get_context(context):
	if frappe.session.user != "Guest":
		frappe.local.flags.redirect_location = "/ho-so-cua-toi"
		raise frappe.Redirect
	context.title = _("Create a citizen account")
	context.no_breadcrumbs = 1
	context.signup_open = not frappe.db.get_single_value("Website Settings", "disable_signup")
	context.identity_login = identity.login_url()
	return context
