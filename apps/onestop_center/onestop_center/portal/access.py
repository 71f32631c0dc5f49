# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Which dossiers and files a citizen reaches on the portal: their own, nothing else.

Citizens (role Citizen, no desk) have no role permission on Dossier, Applicant, Fee Receipt or
File rows of dossiers: ``/api/resource``, ``frappe.client`` and the desk answer 403 to them. The
portal's pages and methods (``portal/filing.py``, ``portal/my_dossiers.py``) read through this
module, which decides ownership once:

* a dossier **filed online** from the account (``Dossier.portal_user``), in any state;
* a dossier filed under the applicant registry entry the account is **verified** for
  (``Applicant.user``, set by a reception officer who saw the ID card, or by the national identity
  provider — ``portal/identity.py``), once received. Typing an ID number never links an account
  to the registry.

A dossier that is missing and one that is not the citizen's get the same answer (404).
"""

import frappe
from frappe import _

from onestop_center.security.access import raise_not_found
from onestop_center.setup.roles import CITIZEN

DOSSIER = "Dossier"
CONFIRM_FIRST = (
	"Confirm your e-mail address first: open the link in the e-mail sent when you signed up. "
	"Online filing opens once the address is confirmed."
)


def require_citizen() -> str:
	"""The logged-in user, if they hold the Citizen role; else a Vietnamese refusal (403)."""
	user = frappe.session.user
	if user == "Guest":
		frappe.throw(_("Please log in to use the online public services"), frappe.PermissionError)
	if CITIZEN not in frappe.get_roles(user):
		from onestop_center.portal.accounts import awaiting_confirmation

		if awaiting_confirmation(user):
			frappe.throw(_(CONFIRM_FIRST), frappe.PermissionError)
		frappe.throw(
			_("Online filing is for citizen accounts; staff file dossiers at the counter"),
			frappe.PermissionError,
		)
	return user


def verified_applicant(user: str | None = None) -> str | None:
	"""The registry entry (Applicant) the account has been verified for, if any."""
	user = user or frappe.session.user
	if user == "Guest":
		return None
	return frappe.db.get_value("Applicant", {"user": user}, "name")


def own_dossier_condition(user: str) -> tuple[str, tuple]:
	"""SQL condition (on ``tabDossier`` aliased ``d``) and its values: the user's own dossiers."""
	from onestop_center.dossiers.state_kinds import not_received_states

	not_received = ", ".join(frappe.db.escape(state) for state in not_received_states()) or "''"
	return (
		f"(d.portal_user = %s or (d.status not in ({not_received})"
		" and d.channel != 'Online' and d.applicant in (select a.name from `tabApplicant` a where a.user = %s)))",
		(user, user),
	)


def own_dossier_names(user: str | None = None, limit: int = 200) -> list[str]:
	"""Names of the user's dossiers, newest first."""
	user = user or frappe.session.user
	if user == "Guest":
		return []
	condition, values = own_dossier_condition(user)
	return frappe.db.sql_list(
		f"select d.name from `tabDossier` d where {condition} order by d.creation desc limit %s",
		(*values, int(limit)),
	)


def is_own_dossier(name, user: str | None = None) -> bool:
	user = user or frappe.session.user
	if user == "Guest" or not isinstance(name, str) or not name:
		return False
	condition, values = own_dossier_condition(user)
	return bool(
		frappe.db.sql(f"select 1 from `tabDossier` d where d.name = %s and {condition}", (name, *values))
	)


def get_own_dossier(name, *, for_update: bool = False):
	"""The user's dossier ``name``; missing and not-theirs answer the same 404."""
	if not is_own_dossier(name):
		raise_not_found(DOSSIER, name if isinstance(name, str) else "")
	return frappe.get_doc(DOSSIER, name, for_update=for_update)


def require_login_page() -> str:
	"""For the citizen pages: guests are sent to the login page, and come back after it."""
	user = frappe.session.user
	if user == "Guest":
		from urllib.parse import quote

		request = getattr(frappe.local, "request", None)
		path = request.full_path if request else "/ho-so-cua-toi"
		frappe.local.flags.redirect_location = "/login?redirect-to=" + quote(path.rstrip("?"), safe="")
		raise frappe.Redirect
	return user


def page_context(context) -> None:
	"""What every citizen page needs: the session's CSRF token for the page's calls (Frappe puts it
	in desk pages only)."""
	from frappe.sessions import get_csrf_token

	context.csrf_token = get_csrf_token() if frappe.session.user != "Guest" else ""
	context.no_breadcrumbs = 1
	if frappe.session.user != "Guest" and CITIZEN not in frappe.get_roles():
		from onestop_center.portal.accounts import awaiting_confirmation

		context.email_unconfirmed = _(CONFIRM_FIRST) if awaiting_confirmation(frappe.session.user) else ""
