"""Queue Settings read in one place, and the centre's opening hours from the working calendar."""

from datetime import datetime

import frappe
from frappe import _
from frappe.utils import cint

from onestop_center.deadlines.store import get_calendar

SETTINGS = "Queue Settings"
DEFAULTS = {
	"max_tickets_per_phone": 3,
	"kiosk_requests_per_minute": 60,
	"bookings_per_day": 2,
	"bookings_per_service": 1,
	"booking_days_ahead": 6,
	"no_show_grace_minutes": 15,
	"recent_calls_shown": 6,
}


class OutsideOpeningHoursError(frappe.ValidationError):
	"""Numbers are issued only during the working sessions of the working calendar."""


def setting(fieldname: str):
	value = frappe.db.get_single_value(SETTINGS, fieldname, cache=True)
	if fieldname in DEFAULTS and value in (None, ""):
		return DEFAULTS[fieldname]
	return value


def int_setting(fieldname: str) -> int:
	return cint(setting(fieldname))


def priority_groups() -> list[str]:
	"""The configured priority groups, one per line."""
	text = setting("priority_groups") or ""
	return [line.strip() for line in text.splitlines() if line.strip()]


def centre_name() -> str:
	return (
		setting("centre_name")
		or frappe.db.get_single_value("OneStop Settings", "centre_name", cache=True)
		or _("Public Administration Service Centre")
	)


def kiosk_rate_limit() -> int:
	"""Tickets one client may take per minute (Frappe's ``rate_limit`` reads it on each request)."""
	return max(int_setting("kiosk_requests_per_minute"), 1)


def is_open(moment: datetime) -> bool:
	"""Whether ``moment`` falls in a working session of the default working calendar."""
	clock = moment.time()
	return any(start <= clock < end for start, end in get_calendar().sessions_on(moment.date()))


def check_open(moment: datetime) -> None:
	if cint(setting("ignore_opening_hours")) or is_open(moment):
		return
	frappe.local.flags.disable_traceback = True
	frappe.throw(
		_("Queue numbers are issued only during working hours. Please come back in the next working session."),
		OutsideOpeningHoursError,
		title=_("The centre is closed"),
	)
