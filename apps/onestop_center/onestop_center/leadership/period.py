# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""The period of a leaders' report: a month, a quarter, a year or any range of days."""

from datetime import date

import frappe
from frappe import _
from frappe.utils import get_first_day, get_last_day, getdate

from onestop_center import arguments

PERIOD_TYPES = ("Month", "Quarter", "Year", "Date Range")


def period_of(filters) -> tuple[date, date]:
	"""(first day, last day) from report filters: ``period_type`` with ``year``/``month``/``quarter``,
	or ``from_date``/``to_date`` (Date Range, or no period type); nothing given: this month."""
	kind = arguments.choice(filters.get("period_type"), "Period", PERIOD_TYPES) or "Date Range"
	if kind == "Date Range" and not (filters.get("from_date") or filters.get("to_date")):
		# nothing chosen: the current month (app clock)
		from onestop_center.dossiers import deadline

		today = getdate(deadline.now())
		return get_first_day(today), get_last_day(today)
	if kind == "Date Range":
		from_date = arguments.calendar_date(filters.get("from_date"), "From Date", required=True)
		to_date = arguments.calendar_date(filters.get("to_date"), "To Date", required=True)
		if from_date > to_date:
			frappe.throw(_("The from date must not be after the to date"))
		return from_date, to_date
	year = arguments.integer(filters.get("year"), "Year", minimum=2000, maximum=2100)
	if not year:
		frappe.throw(_("{0} is required").format(_("Year")), frappe.MandatoryError)
	if kind == "Year":
		return date(year, 1, 1), date(year, 12, 31)
	if kind == "Quarter":
		quarter = arguments.integer(filters.get("quarter") or 1, "Quarter", minimum=1, maximum=4)
		first = date(year, 3 * quarter - 2, 1)
		return first, get_last_day(date(year, 3 * quarter, 1))
	month = arguments.integer(filters.get("month") or 1, "Month", minimum=1, maximum=12)
	first = date(year, month, 1)
	return get_first_day(first), get_last_day(first)


def period_label(from_date: date, to_date: date) -> str:
	"""The period as printed on the report: "Tháng 11/2026", "Quý 4/2026", "Năm 2026" or a range."""
	if from_date.day == 1 and to_date == get_last_day(from_date):
		return _("Month {0}/{1}").format(from_date.month, from_date.year)
	if (
		from_date.day == 1
		and from_date.month in (1, 4, 7, 10)
		and to_date == get_last_day(date(from_date.year, from_date.month + 2, 1))
	):
		return _("Quarter {0}/{1}").format((from_date.month + 2) // 3, from_date.year)
	if (from_date.month, from_date.day, to_date.month, to_date.day) == (1, 1, 12, 31) and (
		from_date.year == to_date.year
	):
		return _("Year {0}").format(from_date.year)
	return _("From {0} to {1}").format(from_date.strftime("%d/%m/%Y"), to_date.strftime("%d/%m/%Y"))
