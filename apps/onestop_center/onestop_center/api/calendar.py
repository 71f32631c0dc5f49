# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Read-only public JSON API over the working calendars (issue 3 item 7).

    GET /api/method/onestop_center.api.calendar.is_working_day?date=2026-04-27[&calendar=NAME]
        → {"message": false}
    GET /api/method/onestop_center.api.calendar.due_date?start=2026-02-13 09:00:00&amount=1&unit=working_day
        → {"message": {"due_at": "2026-02-23 09:00:00", "due_date": "2026-02-23", "provisional": false}}

``provisional`` is true when the period lies in, or crosses into, a year whose official calendar
is not loaded: that year counts the Labour Code's statutory days off only (issue 7), and the
answer may change when the year's announcement is loaded. ``is_working_day`` answers such years
with their statutory days off too.

Guests may call both, rate-limited per IP. Without ``calendar`` the site's default
calendar is used. Bad input gets HTTP 400 and an unknown calendar HTTP 404, each
with a translated message in ``_server_messages``; never a 500.
"""

import re
from datetime import date, datetime
from decimal import Decimal

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit

from onestop_center.deadlines import UNITS, WORKING_HOUR, due
from onestop_center.deadlines.store import get_calendar

RATE_LIMIT = 300
RATE_LIMIT_SECONDS = 60
FIRST_YEAR = 1990
LAST_YEAR = 2100
MAX_AMOUNT = 10_000

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?([+-]\d{2}:\d{2}|Z)?")
_AMOUNT = re.compile(r"-?\d+(\.\d+)?")


class InvalidRequestError(frappe.ValidationError):
	"""A malformed or out-of-range parameter (HTTP 400)."""

	http_status_code = 400


@frappe.whitelist(allow_guest=True, methods=["GET"])
@rate_limit(limit=RATE_LIMIT, seconds=RATE_LIMIT_SECONDS)
def is_working_day(date: str | None = None, calendar: str | None = None):
	"""Whether ``date`` (YYYY-MM-DD) is a working day of the calendar."""
	day = _parse_date(date)
	return get_calendar(_calendar_name(calendar)).is_working_day(day)


@frappe.whitelist(allow_guest=True, methods=["GET"])
@rate_limit(limit=RATE_LIMIT, seconds=RATE_LIMIT_SECONDS)
def due_date(
	start: str | None = None,
	amount: str | int | float | None = None,
	unit: str | None = None,
	calendar: str | None = None,
):
	"""Due moment and date of ``amount`` ``unit``s from a reception at ``start`` (YYYY-MM-DD HH:MM:SS)."""
	moment = _parse_moment(start)
	if unit not in UNITS:
		_reject(_("Unknown unit {0}: use working_day, working_hour or calendar_day").format(_shown(unit)))
	number = _parse_amount(amount, unit)
	cal = get_calendar(_calendar_name(calendar))
	try:
		return due(cal, moment, number, unit).as_dict()
	except (ValueError, OverflowError):
		_reject(_("No due date can be computed for these parameters"))


# -- parameters --------------------------------------------------------------------------


def _reject(message):
	# An expected client error: send the message, not a traceback (even where tracebacks are allowed).
	frappe.local.flags.disable_traceback = True
	frappe.throw(message, InvalidRequestError, title=_("Invalid request"))


def _shown(value) -> str:
	"""A parameter value for a message, escaped and shortened."""
	return frappe.utils.escape_html(str(value)[:40]) if value not in (None, "") else _("(empty)")


def _calendar_name(calendar):
	if calendar in (None, ""):
		return None
	if not isinstance(calendar, str) or len(calendar) > 140:
		_reject(_("Invalid calendar name"))
	return calendar


def _check_year(year: int):
	if not FIRST_YEAR <= year <= LAST_YEAR:
		_reject(_("Dates must be between the years {0} and {1}").format(FIRST_YEAR, LAST_YEAR))


def _parse_date(value) -> date:
	if not isinstance(value, str) or not _DATE.fullmatch(value.strip()):
		_reject(_("Invalid date {0}: use the format YYYY-MM-DD").format(_shown(value)))
	try:
		day = date.fromisoformat(value.strip())
	except ValueError:
		_reject(_("Invalid date {0}: use the format YYYY-MM-DD").format(_shown(value)))
	_check_year(day.year)
	return day


def _parse_moment(value) -> datetime:
	text = value.strip() if isinstance(value, str) else ""
	if not _MOMENT.fullmatch(text):
		_reject(_("Invalid start {0}: use the format YYYY-MM-DD HH:MM:SS").format(_shown(value)))
	try:
		moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
	except ValueError:
		_reject(_("Invalid start {0}: use the format YYYY-MM-DD HH:MM:SS").format(_shown(value)))
	_check_year(moment.year)
	return moment


def _parse_amount(value, unit: str):
	text = value.strip() if isinstance(value, str) else str(value) if isinstance(value, int) else ""
	if not _AMOUNT.fullmatch(text):
		_reject(_("Invalid amount {0}: give a number").format(_shown(value)))
	number = Decimal(text)
	if number < 0:
		_reject(_("The amount must not be negative"))
	if number > MAX_AMOUNT:
		_reject(_("The amount must not exceed {0}").format(MAX_AMOUNT))
	if number == number.to_integral_value():
		return int(number)
	if unit != WORKING_HOUR:
		_reject(_("Only working_hour amounts may have decimals; give a whole number of days"))
	return number
