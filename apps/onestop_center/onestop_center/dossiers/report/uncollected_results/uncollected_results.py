# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Results waiting at the centre (status Result at Centre), oldest first, with the days waiting."""

import frappe
from frappe import _
from frappe.utils import date_diff, getdate, nowdate

from onestop_center import arguments


def execute(filters=None):
	return columns(), rows(check_filters(filters))


def check_filters(filters) -> frappe._dict:
	"""The filters as typed values: an existing agency, a whole number of days, a real date."""
	filters = arguments.report_filters(filters)
	return frappe._dict(
		agency=arguments.existing("Agency", filters.get("agency"), "Agency", required=False),
		min_days=arguments.integer(filters.get("min_days"), "Waiting at Least (Days)", 0, 36500),
		as_of=arguments.calendar_date(filters.get("as_of"), "As Of"),
	)


def columns():
	return [
		{"fieldname": "name", "label": _("Dossier"), "fieldtype": "Link", "options": "Dossier", "width": 200},
		{"fieldname": "applicant_name", "label": _("Applicant Name"), "fieldtype": "Data", "width": 180},
		{"fieldname": "phone", "label": _("Phone"), "fieldtype": "Data", "width": 110},
		{"fieldname": "procedure_name", "label": _("Procedure Name"), "fieldtype": "Data", "width": 260},
		{"fieldname": "agency", "label": _("Agency"), "fieldtype": "Link", "options": "Agency", "width": 150},
		{"fieldname": "result_delivery", "label": _("Result Delivery"), "fieldtype": "Data", "width": 100},
		{"fieldname": "notify_by", "label": _("Notify By"), "fieldtype": "Data", "width": 90},
		{"fieldname": "due_at", "label": _("Due At"), "fieldtype": "Datetime", "width": 150},
		{
			"fieldname": "result_collected_at",
			"label": _("Result at Centre Since"),
			"fieldtype": "Datetime",
			"width": 150,
		},
		{"fieldname": "days_waiting", "label": _("Days Waiting"), "fieldtype": "Int", "width": 100},
	]


def rows(filters):
	conditions = {"status": "Result at Centre"}
	if filters.get("agency"):
		conditions["agency"] = filters.agency
	dossiers = frappe.get_list(
		"Dossier",
		filters=conditions,
		fields=[
			"name",
			"applicant_name",
			"phone",
			"procedure_name",
			"agency",
			"result_delivery",
			"notify_by",
			"due_at",
			"result_collected_at",
			"result_ready_at",
		],
		order_by="result_collected_at asc",
	)
	today = getdate(filters.get("as_of") or nowdate())
	for row in dossiers:
		since = row.result_collected_at or row.result_ready_at
		row.days_waiting = max(date_diff(today, getdate(since)), 0) if since else None
		row.result_delivery = _(row.result_delivery) if row.result_delivery else None
		row.notify_by = _(row.notify_by) if row.notify_by else None
	min_days = filters.get("min_days")
	if min_days:
		dossiers = [row for row in dossiers if (row.days_waiting or 0) >= min_days]
	return dossiers
