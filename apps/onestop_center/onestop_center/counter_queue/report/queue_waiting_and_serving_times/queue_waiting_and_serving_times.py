# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Waiting time (issue → call) and serving time (call → finish) of queue numbers, per service,
counter, officer, day or hour, with the numbers abandoned (no-show at the counter, expired)."""

from datetime import timedelta

import frappe
from frappe import _

from onestop_center import arguments
from onestop_center.counter_queue.ordering import ABANDONED_STATES, DONE
from onestop_center.counter_queue.tickets import now

GROUPS = {
	"Service": "t.`service`",
	"Counter": "t.`counter`",
	"Officer": "t.`officer`",
	"Day": "t.`queue_date`",
	"Hour": "hour(coalesce(t.`called_at`, t.`issued_at`))",
}


def execute(filters=None):
	filters = check_filters(filters)
	return columns(filters), rows(filters)


def check_filters(filters) -> frappe._dict:
	filters = arguments.report_filters(filters)
	today = now().date()
	values = frappe._dict(
		from_date=arguments.calendar_date(filters.get("from_date"), "From Date") or today - timedelta(days=30),
		to_date=arguments.calendar_date(filters.get("to_date"), "To Date") or today,
		group_by=arguments.choice(filters.get("group_by"), "Group By", GROUPS) or "Service",
		service=arguments.existing("Queue Service", filters.get("service"), "Queue Service", required=False),
		counter=arguments.existing("Counter", filters.get("counter"), "Counter", required=False),
	)
	if values.from_date > values.to_date:
		arguments._refuse(_("From Date must be before To Date"))
	return values


def columns(filters) -> list[dict]:
	group = {
		"Service": {"label": _("Queue Service"), "fieldtype": "Link", "options": "Queue Service", "width": 220},
		"Counter": {"label": _("Counter"), "fieldtype": "Link", "options": "Counter", "width": 120},
		"Officer": {"label": _("Officer"), "fieldtype": "Link", "options": "User", "width": 220},
		"Day": {"label": _("Day"), "fieldtype": "Date", "width": 110},
		"Hour": {"label": _("Hour"), "fieldtype": "Int", "width": 80},
	}[filters.group_by]
	minutes = {"fieldtype": "Float", "precision": 1, "width": 140}
	return [
		{"fieldname": "group_value", **group},
		{"fieldname": "issued", "label": _("Numbers Issued"), "fieldtype": "Int", "width": 120},
		{"fieldname": "served", "label": _("Served"), "fieldtype": "Int", "width": 100},
		{"fieldname": "abandoned", "label": _("Abandoned"), "fieldtype": "Int", "width": 110},
		{"fieldname": "waiting_now", "label": _("Waiting Now"), "fieldtype": "Int", "width": 110},
		{"fieldname": "avg_wait", "label": _("Average Wait (minutes)"), **minutes},
		{"fieldname": "max_wait", "label": _("Longest Wait (minutes)"), **minutes},
		{"fieldname": "avg_serve", "label": _("Average Service (minutes)"), **minutes},
		{"fieldname": "max_serve", "label": _("Longest Service (minutes)"), **minutes},
	]


def rows(filters) -> list[dict]:
	conditions = ["t.`queue_date` between %(from_date)s and %(to_date)s"]
	if filters.service:
		conditions.append("t.`service` = %(service)s")
	if filters.counter:
		conditions.append("t.`counter` = %(counter)s")
	group = GROUPS[filters.group_by]
	return frappe.db.sql(
		f"""select {group} as group_value,
			count(*) as issued,
			sum(t.`status` = %(done)s) as served,
			sum(t.`status` in %(abandoned)s) as abandoned,
			sum(t.`status` = 'Waiting') as waiting_now,
			round(avg(case when t.`called_at` is not null then t.`wait_minutes` end), 1) as avg_wait,
			round(max(case when t.`called_at` is not null then t.`wait_minutes` end), 1) as max_wait,
			round(avg(case when t.`status` = %(done)s then t.`serve_minutes` end), 1) as avg_serve,
			round(max(case when t.`status` = %(done)s then t.`serve_minutes` end), 1) as max_serve
		from `tabQueue Ticket` t
		where {" and ".join(conditions)}
		group by group_value
		order by group_value""",
		{**filters, "done": DONE, "abandoned": ABANDONED_STATES},
		as_dict=True,
	)
