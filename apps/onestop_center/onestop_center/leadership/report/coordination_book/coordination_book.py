# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Sổ theo dõi phối hợp xử lý: consultations sent in the period, answered, waiting or late.

Rows: :mod:`onestop_center.leadership.books` (scoped to the user's dossiers)."""

from onestop_center import arguments
from onestop_center.dossiers import deadline
from onestop_center.leadership import books
from onestop_center.leadership.columns import columns as columns_of
from onestop_center.leadership.period import period_of


def execute(filters=None):
	filters = arguments.report_filters(filters)
	from_date, to_date = period_of(filters)
	return columns(), books.coordination_book(from_date, to_date, deadline.now(), filters)


def columns() -> list[dict]:
	return columns_of(
		("idx", "No.", "Int", 50),
		("dossier", "Dossier Code", "Link", 200, "Dossier"),
		("procedure_name", "Procedure", "Data", 220),
		("lead_agency_name", "Lead Agency", "Data", 170),
		("agency_name", "Consulted Agency", "Data", 170),
		("requested_at", "Requested On", "Datetime", 150),
		("due_at", "Answer Due", "Datetime", 150),
		("answered_at", "Answered On", "Datetime", 150),
		("answered_by", "Answered by", "Data", 150),
		("state", "State", "Data", 130),
		("opinion", "Opinion", "Data", 200),
	)
