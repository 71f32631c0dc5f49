# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Báo cáo thống kê định kỳ: the table the centre sends upward each month, quarter or year.

Per agency → field (lĩnh vực) → procedure: received in the period (counter / online / post),
carried over, resolved (early / on time / late), in progress at the end (within deadline /
overdue), refused, withdrawn, supplement requested, on-time rate — with subtotals and the total
(figures: :mod:`onestop_center.leadership.figures`; scope: :mod:`onestop_center.leadership.scope`).

A closed period (a submitted *Statistics Period Closing*) shows the figures as reported, and a
last column says how today's data differ from them, so later edits never change a report silently.
"""

import frappe
from frappe import _
from frappe.utils.nestedset import get_descendants_of

from onestop_center import arguments
from onestop_center.leadership import figures
from onestop_center.leadership.period import period_of
from onestop_center.leadership.scope import report_filter_sql
from onestop_center.permissions import restricted_agencies

TOTAL_KEY = "__total__"


def execute(filters=None):
	filters = arguments.report_filters(filters)
	from_date, to_date = period_of(filters)
	live = table(from_date, to_date, filters)
	closing = None if filters.get("live") else closed_figures(from_date, to_date, filters)
	rows, message = live, None
	if closing is not None:
		rows = closing_rows(closing, filters)
		for row in rows:
			row["difference"] = difference(row, live)
		message = _("Closed period: figures as reported on {0}; the last column shows later changes").format(
			frappe.utils.format_datetime(closing.closed_at)
		)
	return columns(), rows, message, chart(rows), report_summary(rows)


def table(from_date, to_date, filters=None, user: str | None = None) -> list[dict]:
	"""The rows (agency, field, procedure levels and the total) of the period for ``user``."""
	sql, values = report_filter_sql(filters or {})
	return grouped_rows(figures.period_figures_by_procedure(from_date, to_date, user, sql, values))


def grouped_rows(per_dossier) -> list[dict]:
	"""Agency → field → procedure rows and the total of dossiers' (or procedures') counts."""
	levels: dict[tuple, dict] = {}
	total = {"key": TOTAL_KEY, "label": _("Total"), "indent": 0, "bold": 1}
	for item in per_dossier:
		agency, field, procedure = item.agency or "", item.procedure_field or "", item.procedure or ""
		for key in ((agency,), (agency, field), (agency, field, procedure)):
			figures.add(levels.setdefault(key, {}), item.counts)
		figures.add(total, item.counts)
	names = _labels(levels)
	rows = []
	for key in sorted(levels, key=lambda k: tuple(names.get((len(k), part), part) for part in k)):
		row = dict(levels[key])
		depth = len(key) - 1
		row.update(
			key="|".join(key),
			parent_key="|".join(key[:-1]) if depth else None,
			label=names.get((len(key), key[-1])) or _("(not set)"),
			indent=depth,
			level=("agency", "field", "procedure")[depth],
			agency=key[0] or None,
			procedure_field=key[1] if depth >= 1 else None,
			procedure=key[2] if depth == 2 else None,
		)
		rows.append(row)
	for row in [*rows, total]:
		_finish(row)
	return [*rows, total] if rows else []


def _finish(row: dict) -> None:
	for key in figures.COUNTS:
		row[key] = row.get(key) or 0
	row["to_handle"] = row["received"] + row["carried_over"]
	row["on_time_rate"] = figures.on_time_rate(row)


def _labels(levels) -> dict:
	agencies = {k[0] for k in levels if len(k) == 1 and k[0]}
	fields = {k[1] for k in levels if len(k) == 2 and k[1]}
	procedures = {k[2] for k in levels if len(k) == 3 and k[2]}
	names = {}
	for level, doctype, title, values in (
		(1, "Agency", "agency_name", agencies),
		(2, "Procedure Field", "field_name", fields),
		(3, "Procedure", "procedure_name", procedures),
	):
		if values:
			for row in frappe.get_all(doctype, {"name": ["in", list(values)]}, ["name", title]):
				names[(level, row.name)] = row.get(title) or row.name
	return names


def closed_figures(from_date, to_date, filters=None):
	"""The submitted closing of exactly this period, if any.

	Closings hold the centre's table: they apply for centre-wide users, to the whole table or one
	agency's part of it (other filters cut across the stored rows: live figures then).
	"""
	filters = filters or {}
	if restricted_agencies() is not None:
		return None
	if any(filters.get(key) for key in ("procedure_field", "procedure", "applicant_name")):
		return None
	name = frappe.db.get_value(
		"Statistics Period Closing",
		{"from_date": from_date, "to_date": to_date, "docstatus": 1},
		"name",
		order_by="creation desc",
	)
	return frappe.get_doc("Statistics Period Closing", name) if name else None


def closing_rows(closing, filters=None) -> list[dict]:
	"""The stored rows (of the filtered agency and its sub-units only, with their own total)."""
	rows = frappe.parse_json(closing.figures or "[]")
	agency = (filters or {}).get("agency")
	if not agency:
		return rows
	agencies = {agency, *get_descendants_of("Agency", agency)}
	kept = [row for row in rows if row.get("key") != TOTAL_KEY and row.get("agency") in agencies]
	if not kept:
		return []
	total = {"key": TOTAL_KEY, "label": _("Total"), "indent": 0, "bold": 1}
	for row in kept:
		if row.get("indent") == 0:
			figures.add(total, row)
	_finish(total)
	return [*kept, total]


LABELS = {
	"received": "Received",
	"carried_over": "Carried Over",
	"resolved": "Resolved",
	"early": "Early",
	"on_time": "On Time",
	"late": "Late",
	"in_progress": "In Progress",
	"within_deadline": "Within Deadline",
	"overdue": "Overdue",
	"refused": "Refused",
	"withdrawn": "Withdrawn",
	"supplement": "Supplement Requested",
}


def difference(stored: dict, live: list[dict]) -> str:
	"""How today's figures of a stored row differ ("Đã giải quyết: +1; …"), "" when they do not."""
	current = next((row for row in live if row["key"] == stored.get("key")), {})
	parts = []
	for key, label in LABELS.items():
		delta = (current.get(key) or 0) - (stored.get(key) or 0)
		if delta:
			parts.append(f"{_(label)}: {delta:+d}")
	return "; ".join(parts)


def count_column(fieldname: str, label: str, width: int = 90) -> dict:
	return {"fieldname": fieldname, "label": _(label), "fieldtype": "Int", "width": width}


def columns() -> list[dict]:
	return [
		{"fieldname": "label", "label": _("Agency / Field / Procedure"), "fieldtype": "Data", "width": 300},
		count_column("to_handle", "To Handle"),
		count_column("carried_over", "Carried Over"),
		count_column("received", "Received"),
		count_column("received_counter", "At the Counter"),
		count_column("received_online", "Online"),
		count_column("received_post", "By Post"),
		count_column("resolved", "Resolved"),
		count_column("early", "Early"),
		count_column("on_time", "On Time"),
		count_column("late", "Late"),
		count_column("in_progress", "In Progress"),
		count_column("within_deadline", "Within Deadline"),
		count_column("overdue", "Overdue"),
		count_column("refused", "Refused"),
		count_column("withdrawn", "Withdrawn"),
		count_column("supplement", "Supplement Requested"),
		{"fieldname": "on_time_rate", "label": _("On-time Rate (%)"), "fieldtype": "Percent", "width": 100},
		{"fieldname": "difference", "label": _("Changes since Closing"), "fieldtype": "Data", "width": 220},
		{"fieldname": "key", "label": "key", "fieldtype": "Data", "hidden": 1},
		{"fieldname": "parent_key", "label": "parent_key", "fieldtype": "Data", "hidden": 1},
	]


def report_summary(rows) -> list[dict]:
	total = next((row for row in rows if row.get("key") == TOTAL_KEY), None) or {}
	return [
		{"value": total.get("received") or 0, "label": _("Received"), "datatype": "Int"},
		{"value": total.get("resolved") or 0, "label": _("Resolved"), "datatype": "Int"},
		{"value": total.get("in_progress") or 0, "label": _("In Progress"), "datatype": "Int"},
		{"value": total.get("overdue") or 0, "label": _("Overdue"), "datatype": "Int", "indicator": "Red"},
		{"value": total.get("on_time_rate") or 0, "label": _("On-time Rate (%)"), "datatype": "Percent"},
	]


def chart(rows) -> dict | None:
	agencies = [row for row in rows if row.get("indent") == 0 and row.get("key") != TOTAL_KEY]
	if not agencies:
		return None
	return {
		"data": {
			"labels": [row["label"] for row in agencies],
			"datasets": [
				{"name": _("Early"), "values": [row["early"] for row in agencies]},
				{"name": _("On Time"), "values": [row["on_time"] for row in agencies]},
				{"name": _("Late"), "values": [row["late"] for row in agencies]},
			],
		},
		"type": "bar",
		"barOptions": {"stacked": 1},
	}


@frappe.whitelist()
def print_heading() -> dict:
	"""The left column of the national heading and the place name, for the printed reports."""
	from onestop_center.onestop_printing.codes import onestop_heading

	return onestop_heading()
