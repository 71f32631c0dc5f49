# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Period closing: what a *Statistics Period Closing* stores and checks (issue 9 item 2).

The figures are computed centre-wide (every dossier, whoever submits) at the moment of
submission and kept as JSON rows of the periodic report; later edits to dossiers change the live
figures only, and the report shows the difference.
"""

import json

import frappe
from frappe import _
from frappe.utils import getdate

from onestop_center import arguments
from onestop_center.dossiers import deadline
from onestop_center.leadership.period import period_of


class PeriodAlreadyClosedError(frappe.ValidationError):
	"""The period already has a submitted closing (cancel it and amend to close it again)."""


def validate(doc) -> None:
	if getdate(doc.from_date) > getdate(doc.to_date):
		frappe.throw(_("The from date must not be after the to date"))
	other = frappe.db.get_value(
		"Statistics Period Closing",
		{
			"from_date": doc.from_date,
			"to_date": doc.to_date,
			"docstatus": 1,
			"name": ["!=", doc.name or ""],
		},
		"name",
	)
	if other:
		frappe.throw(
			_("This period is already closed by {0}: cancel it to close the period again").format(other),
			PeriodAlreadyClosedError,
		)


def store_figures(doc) -> None:
	"""Compute the centre-wide table now and keep it on the closing."""
	from onestop_center.leadership.report.periodic_statistics.periodic_statistics import TOTAL_KEY, table

	rows = table(getdate(doc.from_date), getdate(doc.to_date), user="Administrator")
	doc.figures = json.dumps(rows, default=str, ensure_ascii=False)
	total = next((row for row in rows if row["key"] == TOTAL_KEY), {})
	doc.total_received = total.get("received") or 0
	doc.total_carried_over = total.get("carried_over") or 0
	doc.total_resolved = total.get("resolved") or 0
	doc.total_in_progress = total.get("in_progress") or 0
	doc.total_overdue = total.get("overdue") or 0
	doc.on_time_rate = total.get("on_time_rate") or 0
	doc.closed_at = deadline.now()
	doc.closed_by = frappe.session.user


@frappe.whitelist()
def period_dates(filters: str | dict | None = None) -> list[str]:
	"""The first and last day of the period chosen in a report's filters (YYYY-MM-DD)."""
	from_date, to_date = period_of(arguments.report_filters(filters))
	return [str(from_date), str(to_date)]
