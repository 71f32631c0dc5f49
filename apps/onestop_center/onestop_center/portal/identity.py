# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""The seam for a national identity provider (VNeID / Cổng DVCQG SSO), over Frappe's Social Login Key.

Not connected to any real provider here (see ``docs/citizen-identity.md``). The setting is a
*Social Login Key* record (Frappe: Integrations → Social Login Key) named by the site config key
``onestop_identity_provider`` (default ``vneid``), provider "Custom", with the provider's base URL,
authorize / token / user-info endpoints, client id and secret, and as *Redirect URL*
``/api/method/onestop_center.portal.identity.callback``. The claim of the user-info answer that
carries the citizen's 12-digit ID number is named by ``onestop_identity_id_claim`` (default
``citizen_id``).

The adapter: Frappe's OAuth2 flow gets the user info (:func:`frappe.utils.oauth.get_info_via_oauth`),
Frappe logs the user in (creating a Website User as for any social login); then, because the
provider asserted the ID number, the account is verified for it (``accounts.link_verified_identity``):
"Hồ sơ của tôi" shows the counter dossiers filed under that number too.
"""

import frappe
from frappe import _

DEFAULT_PROVIDER = "vneid"
DEFAULT_ID_CLAIM = "citizen_id"


def provider_name() -> str:
	return frappe.conf.get("onestop_identity_provider") or DEFAULT_PROVIDER


def id_claim() -> str:
	return frappe.conf.get("onestop_identity_id_claim") or DEFAULT_ID_CLAIM


def is_enabled() -> bool:
	"""Whether the identity provider is configured and enabled (the login page shows its button)."""
	name = provider_name()
	return bool(frappe.db.get_value("Social Login Key", name, "enable_social_login"))


def login_url(redirect_to: str = "/ho-so-cua-toi") -> str | None:
	"""The provider's authorisation URL, or None when it is not configured."""
	if not is_enabled():
		return None
	from frappe.utils.oauth import get_oauth2_authorize_url

	return get_oauth2_authorize_url(provider_name(), redirect_to)


def verify_from_claims(user: str, info: dict) -> str | None:
	"""Verify the logged-in account for the ID number the provider asserted; the registry entry."""
	from onestop_center.portal.accounts import link_verified_identity
	from onestop_center.setup.roles import CITIZEN

	number = info.get(id_claim())
	if not number or not isinstance(number, str):
		return None
	if CITIZEN not in frappe.get_roles(user):
		frappe.get_doc("User", user).add_roles(CITIZEN)
	return link_verified_identity(
		user, number, full_name=info.get("name") or info.get("full_name"), how=_("national identity provider")
	)


@frappe.whitelist(allow_guest=True, methods=["GET"])
def callback(code: str | None = None, state: str | None = None) -> None:
	"""The provider's redirect: log in (Frappe's social login), then verify the ID number claim."""
	from frappe.utils.oauth import get_info_via_oauth, login_oauth_user

	if not is_enabled() or not code or not state:
		frappe.respond_as_web_page(
			_("Login not possible"), _("The national identity login is not available"), http_status_code=404
		)
		return
	info = get_info_via_oauth(provider_name(), code)
	login_oauth_user(info, provider=provider_name(), state=state)
	user = frappe.session.user
	if user and user != "Guest":
		verify_from_claims(user, info)
		frappe.db.commit()
