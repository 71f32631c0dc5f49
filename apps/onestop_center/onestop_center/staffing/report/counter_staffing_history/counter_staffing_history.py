# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Who sat at which counter when: every secondment and cover overlapping a period, by counter.

Read through ``frappe.get_list``, so a department head sees only their agencies' officers (the
Secondment permission rules of :mod:`onestop_center.security.records`).
"""

import frappe
from frappe import _

from onestop_center import arguments


def execute(filters=None):
	return columns(), rows(check_filters(filters))


def check_filters(filters) -> frappe._dict:
	filters = arguments.report_filters(filters)
	checked = frappe._dict(
		counter=arguments.existing("Counter", filters.get("counter"), "Counter", required=False),
		officer=arguments.existing("User", filters.get("officer"), "Officer", required=False),
		from_date=arguments.calendar_date(filters.get("from_date"), "From Date"),
		to_date=arguments.calendar_date(filters.get("to_date"), "To Date"),
	)
	if checked.from_date and checked.to_date and checked.from_date > checked.to_date:
		frappe.throw(_("The start of the period must not be after its end"), arguments.InvalidArgumentError)
	return checked


def columns():
	return [
		{"fieldname": "counter", "label": _("Counter"), "fieldtype": "Link", "options": "Counter", "width": 160},
		{"fieldname": "start_date", "label": _("Start Date"), "fieldtype": "Date", "width": 100},
		{"fieldname": "end_date", "label": _("End Date"), "fieldtype": "Date", "width": 100},
		{"fieldname": "officer_name", "label": _("Officer Name"), "fieldtype": "Data", "width": 180},
		{"fieldname": "home_agency", "label": _("Home Agency"), "fieldtype": "Link", "options": "Agency", "width": 200},
		{"fieldname": "kind", "label": _("Kind"), "fieldtype": "Data", "width": 150},
		{"fieldname": "replacement_officer", "label": _("Replacement Officer"), "fieldtype": "Link", "options": "User", "width": 200},
		{"fieldname": "name", "label": _("Secondment"), "fieldtype": "Link", "options": "Secondment", "width": 130},
	]


def rows(filters):
	conditions = {}
	for field in ("counter", "officer"):
		if filters.get(field):
			conditions[field] = filters[field]
	if filters.get("from_date"):
		conditions["end_date"] = [">=", filters.from_date]
	if filters.get("to_date"):
		conditions["start_date"] = ["<=", filters.to_date]
	terms = frappe.get_list(
		"Secondment",
		filters=conditions,
		fields=["name", "counter", "start_date", "end_date", "officer_name", "home_agency", "kind", "replacement_officer"],
		order_by="counter asc, start_date asc",
	)
	for row in terms:
		row.kind = _(row.kind) if row.kind else None
	return terms
