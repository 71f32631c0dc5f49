# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

""" "Hồ sơ của tôi": what a citizen sees of their own dossiers, and the files they may download.

Only through ``portal/access.py`` (their online dossiers, and counter dossiers of the registry entry
their account is verified for). A citizen sees of a dossier: the procedure, code, states and dates,
the steps passed (agency, date, early / on time / late), what the centre asked them to complete,
the files they uploaded, the fee receipts, and the electronic result once it is ready — never the
officers' internal notes, directives, consultations or files.
"""

import frappe
from frappe import _
from frappe.utils import cint, flt, format_datetime

from onestop_center import arguments
from onestop_center.dossiers import state_kinds as kinds
from onestop_center.dossiers.clock_stops import SUPPLEMENT_REASON
from onestop_center.portal.access import get_own_dossier, own_dossier_names
from onestop_center.portal.filing import EXTRA_FIELD, document_rows, may_upload
from onestop_center.security.access import NotFoundOrNotPermitted, raise_not_found

# Kinds of states whose electronic result the citizen may download (dossiers/state_kinds.py).
RESULT_KINDS = (kinds.RESULT_AT_CENTRE, kinds.RETURNED)


def fmt(value) -> str:
	return format_datetime(value, "dd/MM/yyyy HH:mm") if value else ""


def status_label(status: str | None) -> str:
	return _(status) if status else ""


def list_dossiers(user: str | None = None) -> list[dict]:
	"""The citizen's dossiers for the list page (newest first)."""
	names = own_dossier_names(user)
	if not names:
		return []
	rows = frappe.get_all(
		"Dossier",
		filters={"name": ["in", names]},
		fields=["name", "procedure_name", "status", "channel", "received_at", "due_at", "creation"],
		order_by="creation desc",
	)
	return [
		{
			"name": row.name,
			"procedure_name": row.procedure_name,
			"status": row.status,
			"status_label": status_label(row.status),
			"has_code": not kinds.is_kind(row.status, *kinds.NOT_RECEIVED_KINDS) and not kinds.is_kind(row.status, kinds.REFUSED),
			"received_at": fmt(row.received_at) if not kinds.is_kind(row.status, *kinds.NOT_RECEIVED_KINDS) else "",
			"due_at": fmt(row.due_at),
			"channel": row.channel,
		}
		for row in rows
	]


def dossier_details(name) -> dict:
	"""Everything the citizen sees of one of their dossiers (404 if it is not theirs)."""
	doc = get_own_dossier(name)
	received = not kinds.is_kind(doc.status, *kinds.NOT_RECEIVED_KINDS)
	return {
		"name": doc.name,
		"has_code": received and not kinds.is_kind(doc.status, kinds.REFUSED) and bool(doc.due_at),
		"procedure_name": doc.procedure_name,
		"status": doc.status,
		"status_label": status_label(doc.status),
		"channel": doc.channel,
		"received_at": fmt(doc.received_at) if received else "",
		"submitted_at": fmt(doc.received_at) if kinds.is_kind(doc.status, kinds.PENDING_RECEPTION) else "",
		"due_at": fmt(doc.get("rescheduled_due_at") or doc.due_at),
		"finished_at": fmt(doc.finished_at),
		"returned_at": fmt(doc.returned_at),
		"timeliness": _(doc.timeliness) if doc.timeliness else "",
		"result_delivery": _(doc.result_delivery) if doc.result_delivery else "",
		"completion_request": doc.supplement_request
		if kinds.is_kind(doc.status, kinds.NEEDS_COMPLETION, kinds.SUPPLEMENT_REQUESTED)
		else "",
		"refusal_reason": doc.refusal_reason if kinds.is_kind(doc.status, kinds.REFUSED) else "",
		"can_edit_files": may_upload(doc),
		"supplement_only": kinds.is_kind(doc.status, kinds.SUPPLEMENT_REQUESTED),
		"can_withdraw": can_withdraw(doc),
		"documents": document_rows(doc),
		"files": own_files(doc),
		"result": electronic_result(doc),
		"receipts": fee_receipts(doc),
		"total_fee": flt(doc.total_fee),
		"timeline": timeline(doc),
		"lookup": lookup_view(doc) if received and doc.due_at else None,
	}


def lookup_view(doc) -> dict:
	"""The public lookup's view of a received dossier (plain-Vietnamese state, steps with their
	agency, due and finish dates and results, where to collect the result, fees due): the same
	rendering as /tra-cuu (portal/lookup.py), here without the masked name."""
	from onestop_center.portal import lookup

	return lookup.dossier_view(doc.name)


def can_withdraw(doc) -> bool:
	"""Whether the citizen may withdraw the dossier (no result yet: the lifecycle's rule)."""
	from onestop_center.dossiers.withdrawal import withdrawable_states

	return not doc.result_ready_at and doc.status in withdrawable_states()


def own_files(doc) -> list[dict]:
	"""Files of the dossier the citizen uploaded (document files and extra completion files)."""
	return frappe.get_all(
		"File",
		filters={
			"attached_to_doctype": "Dossier",
			"attached_to_name": doc.name,
			"attached_to_field": ["in", ["documents", EXTRA_FIELD]],
			"owner": doc.portal_user or "-",
		},
		fields=["name", "file_name", "attached_to_field", "creation"],
		order_by="creation asc",
	)


def electronic_result(doc) -> dict | None:
	"""The electronic result, once ready, when the citizen chose to receive it electronically."""
	if not kinds.is_kind(doc.status, *RESULT_KINDS) or doc.result_delivery != "Electronic" or not doc.result_file:
		return None
	file_name = frappe.db.get_value(
		"File",
		{"file_url": doc.result_file, "attached_to_doctype": "Dossier", "attached_to_name": doc.name},
		"name",
	)
	if not file_name:
		return None
	return {"file": file_name, "number": doc.result_number, "summary": doc.result_summary}


def fee_receipts(doc) -> list[dict]:
	"""Submitted and cancelled fee receipts of the dossier (number, amount, date, state)."""
	meta = frappe.get_meta("Fee Receipt")
	fields = ["name", "amount", "docstatus", "creation"]
	fields += [f for f in ("receipt_number", "paid_at") if meta.has_field(f)]
	rows = frappe.get_all(
		"Fee Receipt",
		filters={"dossier": doc.name, "docstatus": ["in", [1, 2]]},
		fields=fields,
		order_by="creation",
	)
	return [
		{
			"number": row.get("receipt_number") or row.name,
			"amount": flt(row.amount),
			"paid_at": fmt(row.get("paid_at") or row.creation),
			"cancelled": cint(row.docstatus) == 2,
		}
		for row in rows
	]


def timeline(doc) -> list[dict]:
	"""The steps the citizen may see: filing, reception, hand-overs between agencies, requests, result."""
	events = []
	if doc.channel == "Online" and doc.creation:
		events.append((doc.creation, _("Filed online")))
	if not kinds.is_kind(doc.status, *kinds.NOT_RECEIVED_KINDS) and doc.due_at:
		events.append((doc.received_at, _("Received by the one-stop centre")))
	for row in doc.get("handovers") or []:
		label = _("Handed to {0}").format(_agency(row.to_agency))
		if row.step_result:
			label += f" ({_(row.step_result)})"
		events.append((row.handed_at, label))
	for row in doc.get("clock_stops") or []:
		if row.reason == SUPPLEMENT_REASON:
			events.append((row.paused_at, _("Supplement requested")))
			if row.resumed_at:
				events.append((row.resumed_at, _("Supplement received; processing resumed")))
	if doc.result_ready_at:
		events.append((doc.result_ready_at, _("Result ready")))
	if doc.returned_at:
		events.append((doc.returned_at, _("Result handed over")))
	events = [(at, label) for at, label in events if at]
	events.sort(key=lambda event: frappe.utils.get_datetime(event[0]))
	return [{"at": fmt(at), "label": label} for at, label in events]


def _agency(agency) -> str:
	if not agency:
		return ""
	return frappe.db.get_value("Agency", agency, "agency_name") or agency


@frappe.whitelist(methods=["GET"])
def download(dossier: str | None = None, file: str | None = None) -> None:
	"""Send one of the citizen's files of their dossier: an upload of theirs or the electronic result."""
	name = arguments.name(dossier, "Dossier")
	file = arguments.name(file, "File")
	doc = get_own_dossier(name)
	allowed = {row.name for row in own_files(doc)}
	result = electronic_result(doc)
	if result:
		allowed.add(result["file"])
	if file not in allowed:
		raise_not_found("File", file)
	file_doc = frappe.get_doc("File", file)
	frappe.local.response.filename = file_doc.file_name
	frappe.local.response.filecontent = file_doc.get_content()
	frappe.local.response.type = "download"


def page_dossier(context) -> dict | None:
	"""For the pages under /ho-so-cua-toi: the details of the dossier ``?ma=`` of the logged-in
	citizen, or None — answered "not found" (HTTP 404) alike for a missing dossier and someone
	else's (Frappe's own not-found page would answer 200 when raised from a page)."""
	from onestop_center.portal.access import require_login_page

	require_login_page()
	name = frappe.form_dict.get("ma")
	try:
		return dossier_details(name if isinstance(name, str) else "")
	except NotFoundOrNotPermitted:
		frappe.clear_last_message()
		context.http_status_code = 404
		return None
