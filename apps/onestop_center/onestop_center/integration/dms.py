# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""The seam to the province's document-management system (hệ thống quản lý văn bản và điều hành).

Behind a setting (*Integration Settings → File Results and Apology Letters as Outgoing
Documents*, off by default), two documents the centre issues are filed there as outgoing
documents (văn bản đi), through the outbox (``outbox.py``: same transaction, retries,
idempotency key):

* the **result** of a dossier when its department finishes the last step (or the counter decides
  it at once): its number, summary, issuing agency and the reference of the result file;
* the **apology letter** (Mẫu 04, *Apology Letter*) when the head of the late agency issues it:
  its number, dossier, new appointment, signer and the reference of its printed form.

The message carries references (URLs of the files in this system), not the files themselves: the
document-management system fetches what it files.
"""

from urllib.parse import urlencode

import frappe
from frappe.utils import cint, get_datetime, get_url

from onestop_center.dossiers import state_kinds as kinds
from onestop_center.integration import outbox

OUTGOING_DOCUMENT = "Outgoing Document"
MESSAGE_VERSION = 1
RESULT, APOLOGY_LETTER = "Result", "Apology Letter"


def is_enabled(settings) -> bool:
	return bool(cint(settings.get("dms_enabled")) and settings.get("dms_endpoint"))


def endpoint(settings) -> tuple[str, str | None] | None:
	if not is_enabled(settings):
		return None
	return settings.dms_endpoint, settings.get_password("dms_token", raise_exception=False)


def _time(value) -> str | None:
	return get_datetime(value).isoformat() if value else None


def _agency(name: str | None) -> dict:
	values = frappe.db.get_value("Agency", name, ["agency_name", "identifier_code"], as_dict=True) if name else None
	return {"code": values.identifier_code, "name": values.agency_name} if values else {"code": None, "name": None}


def record_result(doc, transition, settings) -> list:
	"""The department's result (or the counter's immediate decision) as an outgoing document."""
	old, new = kinds.kind_of(transition.old), kinds.kind_of(transition.new)
	finished = (new == kinds.RESULT_READY and old != new) or (
		old in kinds.NOT_RECEIVED_KINDS and new == kinds.RESULT_AT_CENTRE
	)
	if not finished or not is_enabled(settings) or not (doc.result_file or doc.result_number):
		return []
	message = {
		"version": MESSAGE_VERSION,
		"kind": RESULT,
		"dossier_code": doc.name,
		"document_number": doc.result_number or None,
		"summary": doc.result_summary or doc.get("result_document") or doc.procedure_name,
		"issued_at": _time(transition.at),
		"issuing_agency": _agency(doc.agency),
		"file": {"url": get_url(doc.result_file), "name": doc.result_file.rsplit("/", 1)[-1]}
		if doc.result_file
		else None,
	}
	return [
		outbox.queue(
			outbox.DOCUMENT_MANAGEMENT,
			OUTGOING_DOCUMENT,
			message,
			dossier=doc.name,
			reference=("Dossier", doc.name),
			event_at=transition.at,
		)
	]


def file_apology_letter(letter, method=None) -> None:
	"""``doc_events`` of Apology Letter ``on_submit``: the issued letter as an outgoing document."""
	if not outbox.is_installed() or not is_enabled(outbox.get_settings()):
		return
	print_format = frappe.db.get_value("Print Format", {"doc_type": letter.doctype, "disabled": 0}, "name")
	query = {"doctype": letter.doctype, "name": letter.name, "format": print_format or "Standard"}
	message = {
		"version": MESSAGE_VERSION,
		"kind": APOLOGY_LETTER,
		"form": "Mẫu 04",
		"dossier_code": letter.dossier,
		"document_number": letter.name,
		"summary": letter.reason,
		"issued_at": _time(letter.issued_at),
		"issued_by": frappe.utils.get_fullname(letter.issued_by) if letter.issued_by else None,
		"signer_title": letter.get("signer_title"),
		"new_appointment_at": _time(letter.new_appointment_at),
		"issuing_agency": _agency(letter.agency),
		"file": {
			"url": get_url("/api/method/frappe.utils.print_format.download_pdf?" + urlencode(query)),
			"name": f"{letter.name}.pdf",
		},
	}
	outbox.queue(
		outbox.DOCUMENT_MANAGEMENT,
		OUTGOING_DOCUMENT,
		message,
		dossier=letter.dossier,
		reference=(letter.doctype, letter.name),
		event_at=letter.issued_at,
	)
