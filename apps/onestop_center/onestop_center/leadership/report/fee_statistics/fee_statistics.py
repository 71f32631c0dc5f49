# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Thống kê phí, lệ phí: fees and charges collected per agency, procedure, counter, collector or payment method, reconciled with the fee receipts.

Rows: :mod:`onestop_center.leadership.books` (scoped to the user's dossiers)."""

from onestop_center import arguments
from onestop_center.leadership import books
from onestop_center.leadership.columns import columns as columns_of
from onestop_center.leadership.period import period_of


def execute(filters=None):
	filters = arguments.report_filters(filters)
	from_date, to_date = period_of(filters)
	return columns(), books.fee_statistics(
		from_date,
		to_date,
		arguments.choice(filters.get("group_by") or "Agency", "Group By", list(books.FEE_GROUPS)),
		filters,
	)


def columns() -> list[dict]:
	return columns_of(
		("group", "Group", "Data", 260),
		("receipts", "Receipts", "Int", 90),
		("fees", "Fees", "Currency", 130),
		("charges", "Charges", "Currency", 130),
		("collected", "Collected", "Currency", 140),
		("unreconciled", "Not Matching the Items", "Currency", 140),
		("cancelled", "Cancelled Receipts", "Int", 110),
	)
