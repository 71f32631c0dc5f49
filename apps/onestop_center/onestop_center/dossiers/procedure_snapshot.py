"""Procedure versions and the frozen copy a dossier keeps of the procedure it was received under.

A Procedure is one living record per national code. Its *content* (documents, fees, durations,
steps, legal basis, result) is what a dossier depends on; whenever the content changes the
procedure's ``version`` goes up (the Version log of the Procedure keeps the history), and every
dossier keeps its own copy of the content and the version number taken at reception, so later edits
of the procedure never change a dossier already received.
"""

import json

import frappe
from frappe import _
from frappe.utils import cint, cstr, flt, get_time, getdate

CONTENT_FIELDS = (
	"responsible_agency",
	"duration_unit",
	"duration_in_person",
	"duration_online",
	"resolved_immediately",
	"cutoff_time",
	"result_document",
	"result_returned_by",
	"legal_basis",
)
TABLE_FIELDS = {
	"documents": ("document_name", "originals", "copies", "mandatory", "template"),
	"fees": ("fee_name", "fee_kind", "amount"),
	"steps": ("step_order", "step_name", "agency", "role", "time_budget", "time_unit", "mode"),
}
IDENTITY_FIELDS = (
	"procedure_code",
	"procedure_name",
	"procedure_field",
	"level",
	"version",
	"effective_date",
)

# Dossier fields that hold the frozen copy; they must not change after reception.
FROZEN_DOSSIER_FIELDS = (
	"procedure_version",
	"duration",
	"duration_unit",
	"resolved_immediately",
	"result_document",
	"result_returned_by",
	"legal_basis",
	"procedure_snapshot",
)


def _normalise(doc, fieldname):
	value = doc.get(fieldname)
	fieldtype = doc.meta.get_field(fieldname).fieldtype
	if fieldtype in ("Float", "Currency"):
		return flt(value)
	if fieldtype in ("Int", "Check"):
		return cint(value)
	if not value:
		return ""
	if fieldtype == "Time":
		return get_time(value).strftime("%H:%M:%S")
	if fieldtype == "Date":
		return str(getdate(value))
	return cstr(value).strip()


def procedure_content(procedure) -> dict:
	"""What a dossier depends on, as plain JSON-able values (two equal contents = same version)."""
	content = {field: _normalise(procedure, field) for field in CONTENT_FIELDS}
	for table, fields in TABLE_FIELDS.items():
		content[table] = [{f: _normalise(row, f) for f in fields} for row in procedure.get(table)]
	return content


def snapshot(procedure) -> dict:
	"""The full copy a dossier keeps: identity of the procedure version plus its content."""
	data = {field: _normalise(procedure, field) for field in IDENTITY_FIELDS}
	data.update(procedure_content(procedure))
	return data


def content_changed(before, after) -> bool:
	return before is not None and procedure_content(before) != procedure_content(after)


def duration_for_channel(procedure, channel: str) -> float:
	"""Online dossiers use the online duration when one is set; others the in-person duration."""
	if channel == "Online" and flt(procedure.duration_online) > 0:
		return flt(procedure.duration_online)
	return flt(procedure.duration_in_person)


def freeze_procedure(dossier, procedure) -> None:
	"""Copy the procedure version into a new dossier (documents, fees, duration, legal basis…).

	Document rows already on the dossier (ticked at the counter before saving) keep their received
	flags and counts when their name matches a document of the procedure.
	"""
	received = {cstr(row.document_name).strip(): row for row in dossier.get("documents")}
	dossier.set("documents", [])
	for doc in procedure.documents:
		ticked = received.get(cstr(doc.document_name).strip())
		dossier.append(
			"documents",
			{
				"document_name": doc.document_name,
				"mandatory": doc.mandatory,
				"required_originals": doc.originals,
				"required_copies": doc.copies,
				"received": ticked.received if ticked else 0,
				"originals_received": ticked.originals_received if ticked else 0,
				"copies_received": ticked.copies_received if ticked else 0,
			},
		)
	dossier.set("fees", [])
	for fee in procedure.fees:
		dossier.append("fees", {"fee_name": fee.fee_name, "fee_kind": fee.fee_kind, "amount": fee.amount})

	dossier.procedure_name = procedure.procedure_name
	dossier.procedure_version = procedure.version
	dossier.duration = duration_for_channel(procedure, dossier.channel)
	dossier.duration_unit = procedure.duration_unit
	dossier.resolved_immediately = procedure.resolved_immediately
	dossier.result_document = procedure.result_document
	dossier.result_returned_by = procedure.result_returned_by
	dossier.legal_basis = procedure.legal_basis
	dossier.procedure_snapshot = json.dumps(snapshot(procedure), ensure_ascii=False, sort_keys=True)


def check_frozen_copy_unchanged(dossier) -> None:
	"""Refuse edits of the frozen procedure copy of a dossier already received."""
	before = dossier.get_doc_before_save()
	if not before:
		return
	changed = [f for f in FROZEN_DOSSIER_FIELDS if _normalise(before, f) != _normalise(dossier, f)]
	fees = TABLE_FIELDS["fees"]
	if [[_normalise(r, f) for f in fees] for r in before.fees] != [
		[_normalise(r, f) for f in fees] for r in dossier.fees
	]:
		changed.append("fees")
	if changed:
		frappe.throw(
			_("The procedure copy kept by a received dossier cannot be changed: {0}").format(
				", ".join(_(dossier.meta.get_label(f)) for f in changed)
			),
			title=_("Frozen procedure copy"),
		)
