# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""The books of seed Phụ lục 01 II.8 and the performance figures (issue 9 items 4 and 5).

Each function answers the rows of one Script Report for a period and the current user's scope
(:mod:`onestop_center.leadership.scope`): a department user's book holds only the dossiers their
list shows. Rows come from the dossiers' own records — hand-overs (the control slip), consultations,
fee receipts, apology letters, survey responses — with one query per source.
"""

import frappe
from frappe import _
from frappe.utils import flt, get_datetime

from onestop_center.leadership import satisfaction
from onestop_center.leadership.figures import period_bounds
from onestop_center.leadership.scope import agency_filter_sql, dossier_filter_sql, report_filter_sql


def _names(doctype: str, field: str, values) -> dict:
	values = [v for v in set(values) if v]
	if not values:
		return {}
	return dict(frappe.get_all(doctype, {"name": ["in", values]}, ["name", field], as_list=True))


def _users(values) -> dict:
	return _names("User", "full_name", values)


def transfer_book(from_date, to_date, filters=None) -> list[dict]:
	"""Sổ luân chuyển, liên thông hồ sơ: every hand-over of the period (index: handed_at)."""
	start, end = period_bounds(from_date, to_date)
	extra, values = report_filter_sql(filters or {})
	rows = frappe.db.sql(
		f"""select h.parent as dossier, `tabDossier`.procedure_name, `tabDossier`.applicant_name,
			h.handed_at, h.from_agency, h.to_agency, h.step_order, h.step_result, h.handed_by,
			h.received_by, h.transfer_batch, h.note
		from `tabDossier Hand-over` h join `tabDossier` on `tabDossier`.name = h.parent
		left join `tabProcedure` p on p.name = `tabDossier`.procedure
		where h.parenttype = 'Dossier' and h.handed_at between %(start)s and %(end)s
			{extra}{dossier_filter_sql()}
		order by h.handed_at, h.parent""",
		{**values, "start": start, "end": end},
		as_dict=True,
	)
	agencies = _names("Agency", "agency_name", [r.from_agency for r in rows] + [r.to_agency for r in rows])
	users = _users([r.handed_by for r in rows] + [r.received_by for r in rows])
	for idx, row in enumerate(rows, start=1):
		row.idx = idx
		row.from_agency_name = agencies.get(row.from_agency, row.from_agency)
		row.to_agency_name = agencies.get(row.to_agency, row.to_agency)
		row.handed_by = users.get(row.handed_by, row.handed_by)
		row.received_by = users.get(row.received_by, row.received_by)
		row.step_result = _(row.step_result) if row.step_result else ""
	return rows


def consultation_state(row, now) -> str:
	"""Answered on time / answered late / waiting / overdue (against the consultation's due time)."""
	due = get_datetime(row.due_at) if row.due_at else None
	if row.answered_at:
		late = due is not None and get_datetime(row.answered_at).date() > due.date()
		return "Answered Late" if late else "Answered on Time"
	return "Overdue" if due is not None and get_datetime(now).date() > due.date() else "Waiting"


def coordination_book(from_date, to_date, now, filters=None) -> list[dict]:
	"""Sổ theo dõi phối hợp xử lý: consultations sent in the period, answered or not, late or not."""
	start, end = period_bounds(from_date, to_date)
	extra, values = report_filter_sql(filters or {})
	rows = frappe.db.sql(
		f"""select c.parent as dossier, `tabDossier`.procedure_name, `tabDossier`.agency as lead_agency,
			c.agency, c.requested_at, c.due_at, c.answered_at, c.answered_by, c.opinion
		from `tabDossier Consultation` c join `tabDossier` on `tabDossier`.name = c.parent
		left join `tabProcedure` p on p.name = `tabDossier`.procedure
		where c.parenttype = 'Dossier' and c.requested_at between %(start)s and %(end)s
			{extra}{dossier_filter_sql()}
		order by c.requested_at, c.parent""",
		{**values, "start": start, "end": end},
		as_dict=True,
	)
	agencies = _names("Agency", "agency_name", [r.agency for r in rows] + [r.lead_agency for r in rows])
	users = _users([r.answered_by for r in rows])
	for idx, row in enumerate(rows, start=1):
		row.idx = idx
		row.state = _(consultation_state(row, now))
		row.agency_name = agencies.get(row.agency, row.agency)
		row.lead_agency_name = agencies.get(row.lead_agency, row.lead_agency)
		row.answered_by = users.get(row.answered_by, row.answered_by)
	return rows


FEE_GROUPS = {
	"Agency": "p.responsible_agency",
	"Procedure": "`tabDossier`.procedure",
	"Counter": "`tabDossier`.counter",
	"Collector": "r.collected_by",
	"Payment Method": "r.payment_method",
}


def fee_statistics(from_date, to_date, group_by: str = "Agency", filters=None) -> list[dict]:
	"""Fees and charges collected in the period per group, reconciled with the receipts.

	``receipts`` and ``collected`` are the submitted Fee Receipts (amount as written on them);
	``fees``/``charges`` add up their items: a receipt whose items do not add up to its amount
	shows as a non-zero ``unreconciled``; ``cancelled`` counts receipts cancelled in the period.
	"""
	start, end = period_bounds(from_date, to_date)
	column = FEE_GROUPS[group_by]
	extra, values = report_filter_sql(filters or {})
	values.update(start=start, end=end)
	rows = frappe.db.sql(
		f"""select {column} as grp, r.docstatus, count(distinct r.name) as receipts,
			sum(r.amount) as collected
		from `tabFee Receipt` r join `tabDossier` on `tabDossier`.name = r.dossier
		left join `tabProcedure` p on p.name = `tabDossier`.procedure
		where r.docstatus in (1, 2) and r.paid_at between %(start)s and %(end)s {extra}{dossier_filter_sql()}
		group by grp, r.docstatus""",
		values,
		as_dict=True,
	)
	items = frappe.db.sql(
		f"""select {column} as grp, i.fee_kind, sum(i.amount) as amount
		from `tabFee Receipt Item` i join `tabFee Receipt` r on r.name = i.parent
		join `tabDossier` on `tabDossier`.name = r.dossier
		left join `tabProcedure` p on p.name = `tabDossier`.procedure
		where i.parenttype = 'Fee Receipt' and r.docstatus = 1
			and r.paid_at between %(start)s and %(end)s {extra}{dossier_filter_sql()}
		group by grp, i.fee_kind""",
		values,
		as_dict=True,
	)
	groups: dict = {}
	for row in rows:
		g = groups.setdefault(
			row.grp, {"receipts": 0, "collected": 0.0, "fees": 0.0, "charges": 0.0, "cancelled": 0}
		)
		if row.docstatus == 1:
			g["receipts"] += row.receipts
			g["collected"] += flt(row.collected)
		else:
			g["cancelled"] += row.receipts
	for row in items:
		g = groups.setdefault(
			row.grp, {"receipts": 0, "collected": 0.0, "fees": 0.0, "charges": 0.0, "cancelled": 0}
		)
		g["fees" if row.fee_kind == "Fee" else "charges"] += flt(row.amount)
	labels = _group_labels(group_by, groups)
	result = []
	for key in sorted(groups, key=lambda k: labels.get(k) or ""):
		g = groups[key]
		g.update(
			group=labels.get(key) or _("(not set)"),
			unreconciled=round(g["collected"] - g["fees"] - g["charges"], 2),
		)
		result.append(g)
	if result:
		total = {"group": _("Total"), "bold": 1}
		for field in ("receipts", "collected", "fees", "charges", "cancelled", "unreconciled"):
			total[field] = sum(g[field] for g in result)
		result.append(total)
	return result


def _group_labels(group_by: str, groups) -> dict:
	keys = [k for k in groups if k]
	if group_by == "Agency":
		return _names("Agency", "agency_name", keys)
	if group_by == "Procedure":
		return _names("Procedure", "procedure_name", keys)
	if group_by == "Counter":
		return (
			_names("Counter", "counter_name", keys)
			if frappe.get_meta("Counter").has_field("counter_name")
			else {k: k for k in keys}
		)
	if group_by == "Collector":
		return _users(keys)
	return {k: _(k) for k in keys}


def performance(from_date, to_date, group_by: str = "Officer") -> list[dict]:
	"""Officers (or agencies): dossiers received, steps finished early / on time / late, apology
	letters, survey responses and their satisfaction (see :mod:`.satisfaction`)."""
	start, end = period_bounds(from_date, to_date)
	values = {"start": start, "end": end}
	scope = dossier_filter_sql()
	rating, answered, _fieldtype = satisfaction.value_sql()
	out: dict = {}

	def row(key):
		return out.setdefault(
			key,
			{
				"received": 0,
				"steps": 0,
				"early": 0,
				"on_time": 0,
				"late": 0,
				"apology_letters": 0,
				"surveys": 0,
				"rating": 0.0,
			},
		)

	if group_by == "Officer":
		received_sql = f"""select `tabDossier`.received_by, count(*) from `tabDossier`
			where `tabDossier`.received_at between %(start)s and %(end)s and `tabDossier`.due_at is not null
			{scope} group by `tabDossier`.received_by"""
		steps_sql = f"""select h.handed_by, h.step_result, count(*) from `tabDossier Hand-over` h
			join `tabDossier` on `tabDossier`.name = h.parent
			where h.parenttype = 'Dossier' and h.handed_at between %(start)s and %(end)s
				and h.step_result in ('Early', 'On Time', 'Late') {scope} group by h.handed_by, h.step_result"""
		letters_sql = f"""select a.issued_by, count(*) from `tabApology Letter` a
			where a.docstatus = 1 and a.issued_at between %(start)s and %(end)s
			{agency_filter_sql("a.agency")} group by a.issued_by"""
		survey_sql = f"""select s.officer, count(*), avg({rating}) from `tabSurvey Response` s
			join `tabDossier` on `tabDossier`.name = s.dossier
			where s.submitted_at between %(start)s and %(end)s and {answered} {scope}
			group by s.officer"""
	else:
		received_sql = f"""select p.responsible_agency, count(*) from `tabDossier`
			join `tabProcedure` p on p.name = `tabDossier`.procedure
			where `tabDossier`.received_at between %(start)s and %(end)s and `tabDossier`.due_at is not null
			{scope} group by p.responsible_agency"""
		# a late step is the late agency's: the hand-over leaves from the agency that held the step
		steps_sql = f"""select h.from_agency, h.step_result, count(*) from `tabDossier Hand-over` h
			join `tabDossier` on `tabDossier`.name = h.parent
			where h.parenttype = 'Dossier' and h.handed_at between %(start)s and %(end)s
				and h.step_result in ('Early', 'On Time', 'Late') {scope} group by h.from_agency, h.step_result"""
		letters_sql = f"""select a.agency, count(*) from `tabApology Letter` a
			where a.docstatus = 1 and a.issued_at between %(start)s and %(end)s
			{agency_filter_sql("a.agency")} group by a.agency"""
		survey_sql = f"""select p.responsible_agency, count(*), avg({rating})
			from `tabSurvey Response` s join `tabDossier` on `tabDossier`.name = s.dossier
			join `tabProcedure` p on p.name = `tabDossier`.procedure
			where s.submitted_at between %(start)s and %(end)s and {answered} {scope}
			group by p.responsible_agency"""
	for key, count in frappe.db.sql(received_sql, values):
		row(key)["received"] += count
	for key, result, count in frappe.db.sql(steps_sql, values):
		r = row(key)
		r["steps"] += count
		r[{"Early": "early", "On Time": "on_time", "Late": "late"}[result]] += count
	for key, count in frappe.db.sql(letters_sql, values):
		row(key)["apology_letters"] += count
	for key, count, rating in frappe.db.sql(survey_sql, values):
		r = row(key)
		r["surveys"] += count
		r["rating"] = round(flt(rating), 2)
	labels = _users(out) if group_by == "Officer" else _names("Agency", "agency_name", out)
	result = []
	for key in sorted(out, key=lambda k: labels.get(k) or k or ""):
		r = out[key]
		r["name"] = labels.get(key) or key or _("(not set)")
		r["on_time_rate"] = round(100.0 * (r["early"] + r["on_time"]) / r["steps"], 2) if r["steps"] else None
		result.append(r)
	return result
