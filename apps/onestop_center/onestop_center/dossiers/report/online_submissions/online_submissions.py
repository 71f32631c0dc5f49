# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""The reception's queue of online submissions: dossiers filed online waiting to be checked
(Pending Reception), oldest first, with the working hours they have waited; those the centre
asked to complete (Needs Completion) with the filter "Include Completion Requests"."""

import frappe
from frappe import _

from onestop_center import arguments
from onestop_center.dossiers import lifecycle
from onestop_center.dossiers.deadline import now


def execute(filters=None):
	return columns(), rows(check_filters(filters))


def check_filters(filters) -> frappe._dict:
	filters = arguments.report_filters(filters)
	include = filters.get("include_completion_requests")
	if include not in (None, "", 0, 1, "0", "1", True, False):
		arguments.choice(str(include), "Include Completion Requests", ("0", "1"))
	return frappe._dict(include_completion_requests=include in (1, "1", True))


def columns():
	return [
		{"fieldname": "name", "label": _("Dossier"), "fieldtype": "Link", "options": "Dossier", "width": 190},
		{"fieldname": "status", "label": _("Status"), "fieldtype": "Data", "width": 130},
		{"fieldname": "procedure_name", "label": _("Procedure Name"), "fieldtype": "Data", "width": 260},
		{"fieldname": "applicant_name", "label": _("Applicant Name"), "fieldtype": "Data", "width": 180},
		{"fieldname": "received_at", "label": _("Sent Online at"), "fieldtype": "Datetime", "width": 150},
		{"fieldname": "hours_waiting", "label": _("Hours Waiting"), "fieldtype": "Float", "width": 110},
		{"fieldname": "result_delivery", "label": _("Result Delivery"), "fieldtype": "Data", "width": 120},
	]


def rows(filters):
	from onestop_center.dossiers import state_kinds

	states = state_kinds.states_of(state_kinds.PENDING_RECEPTION)
	if filters.include_completion_requests:
		states += state_kinds.states_of(state_kinds.NEEDS_COMPLETION)
	dossiers = frappe.get_list(
		"Dossier",
		filters={"channel": "Online", "status": ["in", states]},
		fields=["name", "status", "procedure_name", "applicant_name", "received_at", "result_delivery"],
		order_by="received_at asc",
		limit_page_length=1000,
	)
	moment = now()
	for row in dossiers:
		row.hours_waiting = (
			round((frappe.utils.get_datetime(moment) - row.received_at).total_seconds() / 3600, 1)
			if row.received_at
			else None
		)
		row.status = _(row.status)
		row.result_delivery = _(row.result_delivery) if row.result_delivery else ""
	return dossiers
