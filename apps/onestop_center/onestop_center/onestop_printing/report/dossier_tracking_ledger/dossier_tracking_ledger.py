# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Sổ theo dõi hồ sơ (2015 Mẫu 02, 2018 Mẫu 06, 2025 Mẫu 07): received dossiers of a period.

Dossiers come through ``frappe.get_list``, so Dossier permissions apply (a department user sees only
the dossiers of their agency); the first hand-over of every listed dossier comes from one query.
"""

import frappe
from frappe import _
from frappe.utils import add_to_date, get_datetime, get_first_day, get_last_day, getdate, today
from frappe.utils.nestedset import get_descendants_of

from onestop_center import arguments
from onestop_center.dossiers.state_kinds import not_received_states

HANDOVER_DOCTYPE = "Dossier Hand-over"


def execute(filters=None):
	return get_columns(), get_data(check_filters(filters))


def check_filters(filters) -> frappe._dict:
	"""The filters as typed values: real calendar dates, an existing agency, a known channel."""
	filters = arguments.report_filters(filters)
	channels = (frappe.get_meta("Dossier").get_field("channel").options or "").split("\n")
	return frappe._dict(
		from_date=arguments.calendar_date(filters.get("from_date"), "From Date"),
		to_date=arguments.calendar_date(filters.get("to_date"), "To Date"),
		agency=arguments.existing("Agency", filters.get("agency"), "Agency", required=False),
		channel=arguments.choice(filters.get("channel"), "Channel", [c for c in channels if c]),
	)


def get_columns():
	return [
		{"fieldname": "idx", "label": _("No."), "fieldtype": "Int", "width": 60},
		{
			"fieldname": "dossier",
			"label": _("Dossier Code"),
			"fieldtype": "Link",
			"options": "Dossier",
			"width": 230,
		},
		{"fieldname": "procedure_name", "label": _("Procedure"), "fieldtype": "Data", "width": 240},
		{"fieldname": "number_of_sets", "label": _("Number of Sets"), "fieldtype": "Int", "width": 80},
		{"fieldname": "applicant_name", "label": _("Applicant"), "fieldtype": "Data", "width": 180},
		{"fieldname": "address_phone", "label": _("Address and Phone"), "fieldtype": "Data", "width": 220},
		{
			"fieldname": "agency",
			"label": _("Handling Agency"),
			"fieldtype": "Link",
			"options": "Agency",
			"width": 180,
		},
		{"fieldname": "received_at", "label": _("Received On"), "fieldtype": "Datetime", "width": 150},
		{"fieldname": "due_at", "label": _("Appointment"), "fieldtype": "Datetime", "width": 150},
		{
			"fieldname": "transferred_at",
			"label": _("Transferred to Agency"),
			"fieldtype": "Datetime",
			"width": 150,
		},
		{
			"fieldname": "result_ready_at",
			"label": _("Result Ready On"),
			"fieldtype": "Datetime",
			"width": 150,
		},
		{"fieldname": "returned_at", "label": _("Returned On"), "fieldtype": "Datetime", "width": 150},
		{"fieldname": "signature", "label": _("Receiver's Signature"), "fieldtype": "Data", "width": 150},
		{"fieldname": "notes", "label": _("Notes"), "fieldtype": "Data", "width": 200},
	]


def period(filters) -> tuple:
	from_date = getdate(filters.get("from_date") or get_first_day(today()))
	to_date = getdate(filters.get("to_date") or get_last_day(today()))
	if from_date > to_date:
		frappe.throw(_("The from date must not be after the to date"))
	return get_datetime(from_date), add_to_date(get_datetime(to_date), days=1, seconds=-1)


def get_data(filters) -> list[dict]:
	start, end = period(filters)
	conditions = [
		["received_at", "between", [start, end]],
		# never received (the states of those kinds): no receipt, no ledger line
		["status", "not in", not_received_states()],
	]
	if filters.get("agency"):
		agencies = [filters.agency, *get_descendants_of("Agency", filters.agency)]
		conditions.append(["agency", "in", agencies])
	if filters.get("channel"):
		conditions.append(["channel", "=", filters.channel])

	meta = frappe.get_meta("Dossier")
	optional = [f for f in ("result_ready_at", "receiver_name") if meta.has_field(f)]
	dossiers = frappe.get_list(
		"Dossier",
		filters=conditions,
		fields=[
			"name",
			"procedure_name",
			"number_of_sets",
			"applicant_name",
			"address",
			"phone",
			"agency",
			"received_at",
			"due_at",
			"finished_at",
			"returned_at",
			"status",
			"stop_kind",
			"remarks",
			*optional,
		],
		order_by="received_at asc, name asc",
		limit_page_length=0,
	)
	first_handovers = first_handover_times([d.name for d in dossiers])
	agency_names = dict(
		frappe.get_all(
			"Agency",
			filters={"name": ["in", list({d.agency for d in dossiers if d.agency})]},
			fields=["name", "agency_name"],
			as_list=True,
		)
	)
	return [
		{
			"idx": idx,
			"dossier": d.name,
			"procedure_name": d.procedure_name,
			"number_of_sets": d.number_of_sets,
			"applicant_name": d.applicant_name,
			"address_phone": ", ".join(v for v in (d.address, d.phone) if v),
			"agency": d.agency,
			"agency_name": agency_names.get(d.agency) or d.agency,  # the printed book names agencies
			"received_at": d.received_at,
			"due_at": d.due_at,
			"transferred_at": first_handovers.get(d.name),
			"result_ready_at": d.get("result_ready_at") or d.finished_at,
			"returned_at": d.returned_at,
			"signature": d.get("receiver_name") or "",
			"notes": notes(d),
		}
		for idx, d in enumerate(dossiers, start=1)
	]


def first_handover_times(dossier_names: list[str]) -> dict[str, object]:
	"""Time of the first hand-over (centre → department) of each dossier, in one query."""
	if not dossier_names or not frappe.db.table_exists(HANDOVER_DOCTYPE):
		return {}
	rows = frappe.get_all(
		HANDOVER_DOCTYPE,
		filters={"parenttype": "Dossier", "parent": ["in", dossier_names], "handed_at": ["is", "set"]},
		fields=["parent", "min(handed_at) as handed_at"],
		group_by="parent",
	)
	return {row.parent: row.handed_at for row in rows}


def notes(dossier) -> str:
	from onestop_center.dossiers.state_kinds import REFUSED, STOPPED, kind_of

	parts = []
	kind = kind_of(dossier.status)
	if kind == REFUSED:
		parts.append(_("Refused"))
	elif kind == STOPPED:
		# the applicant's withdrawal or the agency's decision to stop (Mẫu 05)
		parts.append(_("Withdrawal") if dossier.get("stop_kind") == "Withdrawal" else _("Stopped"))
	if dossier.remarks:
		parts.append(dossier.remarks)
	return "; ".join(parts)
