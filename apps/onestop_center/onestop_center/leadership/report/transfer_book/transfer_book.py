# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Sổ luân chuyển, liên thông hồ sơ: every hand-over of the period, from the control slip.

Rows: :mod:`onestop_center.leadership.books` (scoped to the user's dossiers)."""

from onestop_center import arguments
from onestop_center.leadership import books
from onestop_center.leadership.columns import columns as columns_of
from onestop_center.leadership.period import period_of


def execute(filters=None):
	filters = arguments.report_filters(filters)
	from_date, to_date = period_of(filters)
	return columns(), books.transfer_book(from_date, to_date, filters)


def columns() -> list[dict]:
	return columns_of(
		("idx", "No.", "Int", 50),
		("dossier", "Dossier Code", "Link", 200, "Dossier"),
		("procedure_name", "Procedure", "Data", 220),
		("applicant_name", "Applicant", "Data", 160),
		("handed_at", "Handed Over On", "Datetime", 150),
		("from_agency_name", "From", "Data", 180),
		("to_agency_name", "To", "Data", 180),
		("step_result", "Step Result", "Data", 100),
		("handed_by", "Handed Over by", "Data", 150),
		("received_by", "Received by", "Data", 150),
		("note", "Note", "Data", 160),
	)
