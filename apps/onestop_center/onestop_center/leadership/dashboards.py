# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Number cards and dashboard charts of the leaders' workspaces (issue 9 item 1).

Cards on one DocType (received today, in progress, overdue…) are plain *Number Cards* counted by
Frappe through ``frappe.get_list``, so the Dossier list's permission query conditions apply to
them. The figures a filter cannot express are computed here, always through
:func:`onestop_center.leadership.scope.dossier_condition` — the same rows the user's list shows:

* custom cards (:func:`on_time_rate_card`, :func:`due_soon_card`, :func:`satisfaction_card`)
  answer ``{value, fieldtype, route, route_options}``: a click opens the filtered list/report;
* custom chart sources (``dossiers/dashboard_chart_source/``: module Dossiers, like the cards,
  charts and workspaces, so that every desk role may load them) answer Frappe's chart data.

Frappe's ``dashboard_chart.get`` keeps each chart's data in Redis under the chart's name alone
(``frappe/utils/dashboard.py`` ``cache_source``): the first user's figures would be served to
every other user, a department head would see the centre-wide numbers. :func:`get_chart`
replaces it (``override_whitelisted_methods``) and computes each answer for its user, with no
shared cache; a heatmap (``frappe.get_all``, no permission at all) of a protected DocType is
counted through ``frappe.get_list`` instead.
"""

import inspect
from datetime import datetime

import frappe
from frappe import _
from frappe.utils import add_months, flt, get_datetime, get_first_day, getdate

from onestop_center import arguments
from onestop_center.dossiers import deadline
from onestop_center.dossiers import state_kinds as kinds
from onestop_center.leadership import figures, satisfaction
from onestop_center.leadership.scope import dossier_filter_sql
from onestop_center.security.scope import is_protected

MONTHS = 12


def _now() -> datetime:
	return get_datetime(deadline.now())


# -- Frappe's chart endpoint, per user --------------------------------------------------------


@frappe.whitelist()
def get_chart(
	chart_name: str | None = None,
	chart: str | dict | None = None,
	no_cache: int | str | None = None,
	filters: str | list | dict | None = None,
	from_date: str | None = None,
	to_date: str | None = None,
	timespan: str | None = None,
	time_interval: str | None = None,
	heatmap_year: int | str | None = None,
	refresh: int | str | None = None,
):
	"""``frappe.desk.doctype.dashboard_chart.dashboard_chart.get`` without the shared cache."""
	from frappe.desk.doctype.dashboard_chart import dashboard_chart as core

	if chart_name:
		chart_name = arguments.existing("Dashboard Chart", chart_name, "Dashboard Chart")
		if not frappe.has_permission("Dashboard Chart", "read", chart_name):
			frappe.throw(_("Not permitted"), frappe.PermissionError)
		doc = frappe.get_doc("Dashboard Chart", chart_name)
	else:
		doc = frappe._dict(arguments.document(chart, "Dashboard Chart"))
		if not frappe.has_permission("Dashboard Chart", "create"):
			frappe.throw(_("Not permitted"), frappe.PermissionError)
		if doc.get("document_type"):
			arguments.doctype(doc.document_type)
	if (
		doc.get("type") == "Heatmap"
		and doc.get("chart_type") != "Group By"
		and is_protected(doc.get("document_type"))
	):
		return _heatmap(doc, filters, heatmap_year)
	raw = inspect.unwrap(core.get)
	result = raw(
		chart_name=chart_name,
		chart=None if chart_name else frappe.as_json(doc),
		no_cache=1,
		filters=filters,
		from_date=from_date,
		to_date=to_date,
		timespan=timespan,
		time_interval=time_interval,
		heatmap_year=heatmap_year,
	)
	if result and doc.get("chart_type") == "Group By":
		result["labels"] = group_labels(doc.document_type, doc.group_by_based_on, result.get("labels") or [])
	return result


def group_labels(doctype: str, fieldname: str, values: list) -> list[str]:
	"""Labels of a Group By chart as officers read them: options translated, links by title."""
	df = frappe.get_meta(doctype).get_field(fieldname) if doctype and fieldname else None
	if df is None:
		return values
	if df.fieldtype == "Select":
		return [_(value) if value else _("(not set)") for value in values]
	if df.fieldtype == "Link" and df.options:
		title = frappe.get_meta(df.options).title_field
		if title:
			titles = dict(
				frappe.get_all(
					df.options, {"name": ["in", [v for v in values if v]]}, ["name", title], as_list=True
				)
			)
			return [titles.get(value) or value or _("(not set)") for value in values]
	return values


def _heatmap(chart, filters, heatmap_year) -> dict:
	"""A heatmap counted through ``frappe.get_list`` (the user's rows only)."""
	year = arguments.integer(heatmap_year or chart.get("heatmap_year") or _now().year, "Year", 2000, 2100)
	datefield = arguments.fieldname(chart.document_type, chart.based_on, "Based On")
	rows = frappe.get_list(
		chart.document_type,
		fields=[f"date(`{datefield}`) as day", "count(*) as n"],
		filters=[
			*(frappe.parse_json(filters) or frappe.parse_json(chart.get("filters_json") or "[]") or []),
			[chart.document_type, datefield, ">=", f"{year}-01-01"],
			[chart.document_type, datefield, "<", f"{year + 1}-01-01"],
		],
		group_by="day",
		as_list=True,
	)
	return {
		"labels": [],
		"dataPoints": {
			str(int(datetime.combine(getdate(day), datetime.min.time()).timestamp())): n for day, n in rows
		},
	}


# -- custom number cards ----------------------------------------------------------------------


def open_states() -> tuple[str, ...]:
	"""Received and still being handled (the clock runs or is stopped): the lifecycle's kinds."""
	return figures.sql_states(kinds.processing_states())


def _card(value, fieldtype: str = "Int", route=None, route_options=None) -> dict:
	return {"value": value, "fieldtype": fieldtype, "route": route, "route_options": route_options}


@frappe.whitelist()
def on_time_rate_card(filters: str | list | dict | None = None) -> dict:
	"""Early and on-time dossiers among those resolved this month (%), the user's dossiers only."""
	today = getdate(_now())
	rate = figures.on_time_rate(figures.resolved_counts(*figures.period_bounds(get_first_day(today), today)))
	return _card(
		rate if rate is not None else 0,
		"Percent",
		["query-report", "Periodic Statistics"],
		{"period_type": "Month", "year": today.year, "month": str(today.month)},
	)


def lead_threshold(now: datetime) -> datetime:
	"""The latest due moment within the late-warning lead of ``now`` (working time)."""
	from onestop_center.deadlines import add_working_time
	from onestop_center.deadlines.store import get_calendar
	from onestop_center.lateness.settings import lead_time

	return add_working_time(get_calendar(), now, lead_time())


@frappe.whitelist()
def due_soon_card(filters: str | list | dict | None = None) -> dict:
	"""Open dossiers (clock running) due within the late-warning lead from now."""
	now = _now()
	threshold = lead_threshold(now)
	count = frappe.db.sql(
		f"""select count(*) from `tabDossier`
		where `tabDossier`.status in %(open)s and `tabDossier`.clock_paused = 0
			and `tabDossier`.due_at >= %(now)s and `tabDossier`.due_at <= %(threshold)s
			{dossier_filter_sql()}""",
		{"open": open_states(), "now": now, "threshold": threshold},
	)[0][0]
	return _card(
		count,
		"Int",
		["List", "Dossier", "List"],
		{
			"status": ["in", list(open_states())],
			"clock_paused": 0,
			"due_at": ["between", [str(now), str(threshold)]],
		},
	)


def _satisfaction_rows(start: datetime, end: datetime):
	"""(month, satisfaction, responses) of the surveys of the user's dossiers (see satisfaction.py)."""
	value, answered, _fieldtype = satisfaction.value_sql()
	scope = dossier_filter_sql()
	# the dossier is joined only to apply a department's scope (a year of responses: ~90,000 rows)
	dossier = "join `tabDossier` on `tabDossier`.name = s.dossier" if scope else ""
	return frappe.db.sql(
		f"""select date_format(s.submitted_at, '%%Y-%%m') as month, avg({value}) as score,
			count(*) as responses
		from `tabSurvey Response` s {dossier}
		where s.submitted_at between %(start)s and %(end)s and {answered}
			{scope}
		group by month order by month""",
		{"start": start, "end": end},
		as_dict=True,
	)


@frappe.whitelist()
def satisfaction_card(filters: str | list | dict | None = None) -> dict:
	"""Satisfaction over the last twelve months: the share of satisfied responses (%), or the
	average out of 5 with star ratings."""
	now = _now()
	rows = _satisfaction_rows(get_datetime(get_first_day(add_months(now, -(MONTHS - 1)))), now)
	responses = sum(row.responses for row in rows)
	average = sum(flt(row.score) * row.responses for row in rows) / responses if responses else 0
	route = ["List", "Survey Response", "List"] if frappe.has_permission("Survey Response") else None
	return _card(round(average, 2), satisfaction.value_sql()[2], route)


# -- custom chart sources -----------------------------------------------------------------------


def _months(now: datetime) -> list[str]:
	first = get_first_day(add_months(now, -(MONTHS - 1)))
	return [add_months(first, i).strftime("%Y-%m") for i in range(MONTHS)]


def _month_label(month: str) -> str:
	year, number = month.split("-")
	return f"{int(number):02d}/{year}"


def _monthly(datefield: str, extra: str, values: dict, now: datetime) -> dict:
	months = _months(now)
	values = {**values, "start": f"{months[0]}-01", "end": now}
	rows = frappe.db.sql(
		f"""select date_format(`tabDossier`.{datefield}, '%%Y-%%m') as month, count(*) from `tabDossier`
		where `tabDossier`.{datefield} between %(start)s and %(end)s {extra} {dossier_filter_sql()}
		group by month""",
		values,
	)
	counts = dict(rows)
	return [counts.get(month, 0) for month in months]


@frappe.whitelist()
def received_resolved_chart(chart_name: str | None = None, filters: str | list | dict | None = None) -> dict:
	"""Dossiers received and resolved per month, the last twelve months (index: received_at, finished_at)."""
	now = _now()
	received = _monthly("received_at", "and `tabDossier`.due_at is not null", {}, now)
	resolved = _monthly(
		"finished_at", "and `tabDossier`.status in %(resolved)s", {"resolved": figures.resolved_states()}, now
	)
	return {
		"labels": [_month_label(m) for m in _months(now)],
		"datasets": [
			{"name": _("Received"), "values": received},
			{"name": _("Resolved"), "values": resolved},
		],
		"type": "bar",
	}


def _agency_names(names) -> dict:
	names = [n for n in names if n]
	if not names:
		return {}
	rows = frappe.get_all(
		"Agency", {"name": ["in", names]}, ["name", "short_name", "agency_name"], as_list=True
	)
	return {name: short or full for name, short, full in rows}


@frappe.whitelist()
def timeliness_by_agency_chart(
	chart_name: str | None = None, filters: str | list | dict | None = None
) -> dict:
	"""Dossiers resolved this year, early / on time / late, per responsible agency."""
	now = _now()
	rows = frappe.db.sql(
		f"""select p.responsible_agency, `tabDossier`.timeliness, count(*) from `tabDossier`
		join `tabProcedure` p on p.name = `tabDossier`.procedure
		where `tabDossier`.finished_at between %(start)s and %(end)s
			and `tabDossier`.status in %(resolved)s {dossier_filter_sql()}
		group by p.responsible_agency, `tabDossier`.timeliness""",
		{"start": datetime(now.year, 1, 1), "end": now, "resolved": figures.resolved_states()},
	)
	agencies = sorted({row[0] for row in rows if row[0]})
	names = _agency_names(agencies)
	counts = {(row[0], row[1]): row[2] for row in rows}
	return {
		"labels": [names.get(a, a) for a in agencies],
		"datasets": [
			{"name": _(label), "values": [counts.get((a, label), 0) for a in agencies]}
			for label in ("Early", "On Time", "Late")
		],
		"type": "bar",
		"barOptions": {"stacked": 1},
	}


@frappe.whitelist()
def overdue_by_agency_chart(chart_name: str | None = None, filters: str | list | dict | None = None) -> dict:
	"""Open overdue dossiers now, per agency holding them (index: timeliness, due_date)."""
	rows = frappe.db.sql(
		f"""select `tabDossier`.agency, count(*) from `tabDossier`
		where `tabDossier`.timeliness = 'Overdue' and `tabDossier`.status in %(open)s
			{dossier_filter_sql()}
		group by `tabDossier`.agency order by count(*) desc""",
		{"open": open_states()},
	)
	names = _agency_names([row[0] for row in rows])
	return {
		"labels": [names.get(row[0], row[0] or _("(not set)")) for row in rows],
		"datasets": [{"name": _("Overdue"), "values": [row[1] for row in rows]}],
		"type": "bar",
	}


@frappe.whitelist()
def satisfaction_trend_chart(chart_name: str | None = None, filters: str | list | dict | None = None) -> dict:
	"""Satisfaction per month, the last twelve months (see :func:`satisfaction_card`)."""
	now = _now()
	months = _months(now)
	rows = {
		row.month: round(flt(row.score), 2)
		for row in _satisfaction_rows(get_datetime(f"{months[0]}-01"), now)
	}
	return {
		"labels": [_month_label(m) for m in months],
		"datasets": [{"name": _("Satisfaction"), "values": [rows.get(m, 0) for m in months]}],
		"type": "line",
	}
