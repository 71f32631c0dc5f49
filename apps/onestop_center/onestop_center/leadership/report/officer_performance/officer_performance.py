# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Kết quả giải quyết theo công chức, cơ quan: dossiers received per reception officer, steps finished per officer with their timeliness, late steps of each agency, apology letters and survey results.

Rows: :mod:`onestop_center.leadership.books` (scoped to the user's dossiers)."""

from onestop_center import arguments
from onestop_center.leadership import books
from onestop_center.leadership.columns import columns as columns_of
from onestop_center.leadership.period import period_of


def execute(filters=None):
	filters = arguments.report_filters(filters)
	from_date, to_date = period_of(filters)
	return columns(), books.performance(
		from_date,
		to_date,
		arguments.choice(filters.get("group_by") or "Officer", "Group By", ["Officer", "Agency"]),
	)


def columns() -> list[dict]:
	return columns_of(
		("name", "Officer / Agency", "Data", 240),
		("received", "Dossiers Received", "Int", 110),
		("steps", "Steps Finished", "Int", 100),
		("early", "Early", "Int", 80),
		("on_time", "On Time", "Int", 80),
		("late", "Late", "Int", 80),
		("on_time_rate", "On-time Rate (%)", "Percent", 100),
		("apology_letters", "Apology Letters", "Int", 100),
		("surveys", "Survey Responses", "Int", 100),
		("rating", "Average Satisfaction", "Float", 110),
	)
