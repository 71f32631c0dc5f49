# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Citizen accounts: sign-up with e-mail, password and phone; verification for an ID number.

* :func:`sign_up` (page ``/dang-ky``): a Website User with the password chosen and, for now, no
  role; an e-mail with a confirmation link goes to the address given (:func:`send_confirmation`).
  Opening the link (``/dang-ky?xac-nhan=KEY``, :func:`confirm_email`) gives the Citizen role: online
  filing is for confirmed addresses only. The link's key lives in the cache (3 days), hashed; signing
  up again with an address not yet confirmed sends a new link and changes nothing else. Frappe's own
  sign-up (``/login#signup``) gives the Citizen role through Portal Settings but no password: its
  e-mailed link sets one, which confirms the address too. Both need Website Settings' sign-up enabled
  (:func:`enable_sign_up`, at install). Log-in and password reset are Frappe's (``/login``,
  ``/login#forgot``), in Vietnamese.
* :func:`verify_account` — a reception officer who has seen the citizen's ID card links the account
  to the registry entry of that ID number (``Applicant.user``); from then on "Hồ sơ của tôi" also
  shows the dossiers filed at the counter under that number. The national identity provider does
  the same through :func:`link_verified_identity` (``portal/identity.py``). A citizen never links
  an account by typing a number.
"""

import re

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.utils import escape_html, get_url, sha256_hash, validate_email_address

from onestop_center import arguments
from onestop_center.dossiers.applicant_key import find_applicant_name, normalise_id_number
from onestop_center.setup.roles import CITIZEN, ONESTOP_ADMINISTRATOR, RECEPTION_OFFICER

PHONE_PATTERN = re.compile(r"^(\+84|0)\d{9,10}$")
MIN_PASSWORD_LENGTH = 8
VERIFIER_ROLES = frozenset({RECEPTION_OFFICER, ONESTOP_ADMINISTRATOR, "System Manager"})


class AccountError(frappe.ValidationError):
	"""Sign-up or verification refused (HTTP 417, Vietnamese message)."""


def _refuse(message, exc=AccountError) -> None:
	frappe.local.flags.disable_traceback = True
	frappe.throw(message, exc, title=_("Not possible"))


# accounts Frappe lets the whole site create in an hour (its default: 60)
USERS_PER_HOUR = 2000


def enable_sign_up() -> None:
	"""Website sign-up on, new portal accounts get the Citizen role (install and migrate)."""
	if frappe.db.get_single_value("Website Settings", "disable_signup"):
		frappe.db.set_single_value("Website Settings", "disable_signup", 0)
	if frappe.db.get_single_value("Portal Settings", "default_role") != CITIZEN:
		frappe.db.set_single_value("Portal Settings", "default_role", CITIZEN)
	# Frappe refuses any new user ("Throttled") once 60 were created site-wide in the last hour: a
	# province's citizens sign up faster than that at peak. Abuse is held per client instead
	# (sign_up's rate limit). Set when the site has no ``throttle_user_limit`` of its own.
	if frappe.conf.get("throttle_user_limit") is None:
		from frappe.installer import update_site_config

		update_site_config("throttle_user_limit", USERS_PER_HOUR)
		frappe.conf.throttle_user_limit = USERS_PER_HOUR


def normalise_phone(value) -> str:
	phone = re.sub(r"[\s.\-()]", "", value or "")
	if not PHONE_PATTERN.match(phone):
		_refuse(_("The phone number is not valid: 10 digits starting with 0, e.g. 0912345678"))
	return phone


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=30, seconds=60 * 60)
def sign_up(
	email: str | None = None,
	full_name: str | None = None,
	phone: str | None = None,
	password: str | None = None,
) -> dict:
	"""Create a citizen account; the citizen logs in with the e-mail and password at once."""
	if frappe.db.get_single_value("Website Settings", "disable_signup"):
		_refuse(_("Sign-up is not open on this portal"), frappe.PermissionError)
	email = arguments.text(email, "Email", max_length=140).lower()
	full_name = arguments.text(full_name, "Full Name", max_length=140)
	phone = normalise_phone(arguments.text(phone, "Phone", max_length=20))
	password = arguments.text(password, "Password", max_length=100)
	if not validate_email_address(email):
		_refuse(_("The e-mail address is not valid"))
	if len(password) < MIN_PASSWORD_LENGTH:
		_refuse(_("The password must have at least {0} characters").format(MIN_PASSWORD_LENGTH))
	existing = frappe.db.get_value("User", {"email": email}, "name") or frappe.db.get_value("User", email, "name")
	if existing and awaiting_confirmation(existing):
		# a new link, nothing else changed (the password stays the one chosen the first time)
		return {"user": existing, "confirmation_sent": send_confirmation(existing), "resent": True}
	if existing:
		_refuse(_("This e-mail address already has an account: log in, or reset the password"))
	if frappe.db.exists("User", {"mobile_no": phone}):
		_refuse(_("This phone number already has an account: log in, or reset the password"))
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": escape_html(full_name),
			"mobile_no": phone,
			"enabled": 1,
			"user_type": "Website User",
			"send_welcome_email": 0,
			"new_password": password,
			"language": "vi",
		}
	)
	user.flags.ignore_permissions = True
	user.flags.ignore_password_policy = True
	try:
		user.insert()
	except frappe.ValidationError as error:
		if "Throttled" in str(error) or frappe.db.get_creation_count("User", 60) > 60:
			_refuse(_("Too many accounts were created recently; please try again in an hour"))
		raise
	return {"user": user.name, "confirmation_sent": send_confirmation(user.name)}


# the confirmation link's key → user, in the cache (hashed), for CONFIRMATION_DAYS
CONFIRMATION_CACHE_KEY = "onestop:email-confirmation:"
CONFIRMATION_DAYS = 3


def awaiting_confirmation(user: str) -> bool:
	"""An account made by :func:`sign_up` whose e-mail address is not confirmed yet: an enabled
	Website User with no role at all (confirming gives the Citizen role)."""
	values = frappe.db.get_value("User", user, ["user_type", "enabled"], as_dict=True)
	if not values or values.user_type != "Website User" or not values.enabled:
		return False
	return not frappe.db.exists("Has Role", {"parent": user, "parenttype": "User"})


def send_confirmation(user: str) -> bool:
	"""E-mail a new confirmation link to the account's address; False when no e-mail could be queued
	(no outgoing e-mail account): signing up again later sends one."""
	key = frappe.generate_hash(length=32)
	frappe.cache.set_value(
		CONFIRMATION_CACHE_KEY + sha256_hash(key), user, expires_in_sec=CONFIRMATION_DAYS * 24 * 3600
	)
	values = frappe.db.get_value("User", user, ["email", "first_name", "language"], as_dict=True)
	lang = values.language or "vi"
	link = get_url(f"/dang-ky?xac-nhan={key}")
	message = "".join(
		f"<p>{line}</p>"
		for line in (
			_("Hello {0},", lang=lang).format(escape_html(values.first_name or "")),
			_(
				"An account for the online public services was created with this e-mail address. Open the "
				"link below to confirm the address; online filing opens once it is confirmed.",
				lang=lang,
			),
			f'<a href="{link}">{link}</a>',
			_("The link is valid for {0} days. If you did not sign up, ignore this e-mail.", lang=lang).format(
				CONFIRMATION_DAYS
			),
		)
	)
	try:
		frappe.sendmail(
			recipients=[values.email],
			subject=_("Confirm your e-mail address for the online public services", lang=lang),
			message=message,
			reference_doctype="User",
			reference_name=user,
			delayed=True,
		)
	except frappe.OutgoingEmailError:
		frappe.log_error(title=f"Sign-up confirmation e-mail not queued for {user}")
		return False
	return True


def confirm_email(key: str | None) -> str | None:
	"""The account whose confirmation link carries ``key``, now a citizen account; None for a key
	unknown, expired or already used."""
	if not isinstance(key, str) or not 16 <= len(key) <= 64:
		return None
	cache_key = CONFIRMATION_CACHE_KEY + sha256_hash(key)
	user = frappe.cache.get_value(cache_key)
	frappe.cache.delete_value(cache_key)
	if not user or not awaiting_confirmation(user):
		return None
	doc = frappe.get_doc("User", user)
	doc.flags.ignore_permissions = True
	doc.add_roles(CITIZEN)
	doc.add_comment("Info", _("E-mail address confirmed through the link sent at sign-up"))
	return user


def link_verified_identity(user: str, id_number: str, full_name: str | None = None, how: str = "") -> str:
	"""Link an account to the registry entry of ``id_number`` (created if new); returns its name.

	For verified identities only: an officer who saw the ID card, or the national identity
	provider's assertion. An entry already linked to another account is refused.
	"""
	if CITIZEN not in frappe.get_roles(user):
		_refuse(_("Only citizen accounts can be verified"))
	number = normalise_id_number(id_number)
	name = find_applicant_name(number)
	if name:
		linked = frappe.db.get_value("Applicant", name, "user")
		if linked and linked != user:
			_refuse(_("This ID number is already linked to another account"))
	else:
		doc = frappe.get_doc(
			{
				"doctype": "Applicant",
				"applicant_type": "Citizen",
				"id_number": number,
				"full_name": full_name or frappe.db.get_value("User", user, "full_name"),
				"email": frappe.db.get_value("User", user, "email"),
				"phone": frappe.db.get_value("User", user, "mobile_no"),
			}
		)
		doc.insert(ignore_permissions=True)
		name = doc.name
	previous = frappe.db.get_value("Applicant", {"user": user, "name": ["!=", name]}, "name")
	if previous:
		_refuse(_("This account is already verified for another ID number"))
	frappe.db.set_value("Applicant", name, "user", user)
	frappe.get_doc("Applicant", name).add_comment(
		"Info", _("Account {0} verified for this ID number ({1})").format(user, how or _("identity checked"))
	)
	return name


@frappe.whitelist(methods=["POST"])
def verify_account(applicant: str | None = None, user: str | None = None) -> dict:
	"""A reception officer, having seen the ID card, links a citizen account to a registry entry."""
	if not VERIFIER_ROLES & set(frappe.get_roles()):
		_refuse(_("Only a reception officer can verify a citizen account"), frappe.PermissionError)
	applicant = arguments.existing("Applicant", applicant, "Applicant")
	user = arguments.existing("User", user, "User")
	if not frappe.has_permission("Applicant", "write", doc=applicant):
		_refuse(_("Only a reception officer can verify a citizen account"), frappe.PermissionError)
	id_number = frappe.db.get_value("Applicant", applicant, "id_number")
	if not id_number:
		_refuse(_("Only a citizen's registry entry (with an ID number) can be linked to an account"))
	name = link_verified_identity(user, id_number, how=_("ID card seen by {0}").format(frappe.session.user))
	return {"applicant": name, "user": user}
