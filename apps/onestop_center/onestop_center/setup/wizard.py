"""Complete Frappe's setup wizard for a one-stop centre: Vietnamese, Asia/Ho_Chi_Minh, VND.

A new site opens on the setup wizard until it is completed; the setup scripts and the test
runner (``before_tests``) call :func:`complete_setup` so the desk opens straight away.
"""

import frappe
from frappe.utils import cint

LANGUAGE = "vi"
COUNTRY = "Vietnam"
TIME_ZONE = "Asia/Ho_Chi_Minh"
CURRENCY = "VND"
DATE_FORMAT = "dd/mm/yyyy"
NUMBER_FORMAT = "#.###,##"


# The centre's identity the wizard asks for (public/js/setup_wizard.js), kept in OneStop Settings
IDENTITY_FIELDS = ("governing_body", "centre_name", "place_name")


def save_centre_identity(args=None) -> None:
	"""Hook ``setup_wizard_complete``: the governing body, centre name and place name given to the
	wizard go to OneStop Settings (values already set are kept when the wizard gives none)."""
	args = frappe._dict(args or {})
	for fieldname in IDENTITY_FIELDS:
		value = (args.get(fieldname) or "").strip()
		if value:
			frappe.db.set_single_value("OneStop Settings", fieldname, value)


def complete_setup(
	admin_email: str = "admin@onestop.localhost",
	admin_name: str = "Quản trị hệ thống",
	**identity,
):
	"""Run the setup wizard once, then (re)apply the centre's locale settings. Idempotent.

	``identity``: ``governing_body``, ``centre_name``, ``place_name`` as the wizard would be given.
	"""
	if not cint(frappe.db.get_single_value("System Settings", "setup_complete")):
		from frappe.desk.page.setup_wizard.setup_wizard import setup_complete

		language_name = frappe.db.get_value("Language", LANGUAGE, "language_name") or "English"
		setup_complete(
			{
				"language": language_name,
				"country": COUNTRY,
				"timezone": TIME_ZONE,
				"email": admin_email,
				"full_name": admin_name,
				**identity,
			}
		)
	save_centre_identity(identity)
	apply_locale()


def apply_locale():
	"""Vietnamese language, dd/mm/yyyy dates, Vietnamese number format and time zone, VND."""
	frappe.db.set_value("Language", LANGUAGE, "enabled", 1)
	settings = frappe.get_single("System Settings")
	settings.update(
		{
			"language": LANGUAGE,
			"country": COUNTRY,
			"time_zone": TIME_ZONE,
			"date_format": DATE_FORMAT,
			"time_format": "HH:mm:ss",
			"number_format": NUMBER_FORMAT,
			"first_day_of_the_week": "Monday",
		}
	)
	settings.flags.ignore_permissions = True
	settings.save()
	frappe.db.set_default("currency", CURRENCY)
	frappe.db.set_value("Currency", CURRENCY, "enabled", 1)
	for user in ("Administrator", "Guest"):
		frappe.db.set_value("User", user, {"language": LANGUAGE, "time_zone": TIME_ZONE})
	frappe.clear_cache()
