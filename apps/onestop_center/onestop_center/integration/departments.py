# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Dossiers pushed to a department's own system when they are transferred to the department.

A department (Agency) that runs its own one-stop or specialised system is a row of *Integration
Settings → Department Systems* (endpoint, token, enabled). When a dossier is transferred to it (to
the lead agency of the step, from the centre or from the previous department) the dossier is
queued for that system in the outbox (``outbox.py``: same transaction, retries, idempotency key),
as :func:`dossier_message` describes it (version :data:`MESSAGE_VERSION`). The department system
reports progress and the result back through the inbound exchange API (``exchange*.py``).

Off by default (*Send Transferred Dossiers to Departments' Systems*).
"""

import frappe
from frappe.utils import cint, flt, get_datetime, get_url

from onestop_center.dossiers import state_kinds as kinds
from onestop_center.integration import outbox

MESSAGE_VERSION = 1
TRANSFERRED = "Transferred"


def is_enabled(settings) -> bool:
	return bool(cint(settings.get("department_push_enabled")))


def system_of(settings, agency: str | None):
	"""The enabled system row of ``agency``, if it has one."""
	if not agency or not is_enabled(settings):
		return None
	for row in settings.get("department_systems") or []:
		if row.agency == agency and cint(row.enabled) and row.endpoint_url:
			return row
	return None


def endpoint(settings, agency: str | None) -> tuple[str, str | None] | None:
	"""(URL, token) of the agency's system, None while it has none or the push is off."""
	row = system_of(settings, agency)
	if not row:
		return None
	return row.endpoint_url, row.get_password("token", raise_exception=False)


def record(doc, transition, settings) -> list:
	"""A transfer to an agency with its own system: queue the dossier for it."""
	if kinds.kind_of(transition.new) != kinds.TRANSFERRED or not system_of(settings, doc.agency):
		return []
	message = dossier_message(doc, transition.at)
	return [
		outbox.queue(
			outbox.DEPARTMENT_SYSTEM,
			TRANSFERRED,
			message,
			dossier=doc.name,
			agency=doc.agency,
			event_at=transition.at,
		)
	]


def _time(value) -> str | None:
	return get_datetime(value).isoformat() if value else None


def dossier_message(doc, at) -> dict:
	"""What the department's system receives: the dossier, the step it is sent for, the applicant's
	contact, the documents (with their files) and the fees."""
	handover = (doc.get("handovers") or [None])[-1]
	step = next(
		(row for row in doc.get("steps") or [] if cint(row.step_order) == cint(doc.current_step)
		 and row.agency == doc.agency),
		None,
	)
	procedure_code = frappe.db.get_value("Procedure", doc.procedure, "procedure_code")
	return {
		"version": MESSAGE_VERSION,
		"event": TRANSFERRED,
		"event_at": _time(at),
		"dossier_code": doc.name,
		"agency": doc.agency,
		"from_agency": handover.from_agency if handover else None,
		"transfer_batch": handover.transfer_batch if handover else None,
		"procedure": {
			"code": procedure_code,
			"name": doc.procedure_name,
			"version": doc.get("procedure_version"),
		},
		"channel": doc.channel,
		"received_at": _time(doc.received_at),
		"due_at": _time(doc.due_at),
		"step": {
			"order": cint(doc.current_step),
			"name": step.get("step_name") if step else None,
			"due_at": _time(step.get("due_at")) if step else None,
		},
		"applicant": {
			"name": doc.applicant_name,
			"address": doc.address,
			"phone": doc.phone,
			"email": doc.email,
		},
		"documents": [
			{
				"name": row.document_name,
				"originals": cint(row.originals_received),
				"copies": cint(row.copies_received),
				"file_url": get_url(row.attachment) if row.attachment else None,
			}
			for row in doc.get("documents") or []
		],
		"fees": [
			{"name": fee.fee_name, "kind": fee.fee_kind, "amount": flt(fee.amount)} for fee in doc.get("fees") or []
		],
		"result_delivery": doc.result_delivery,
		"remarks": doc.remarks,
	}
