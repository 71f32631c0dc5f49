"""Reception of a dossier: preparing a new Dossier from its procedure, and a helper to create one."""

import frappe
from frappe import _
from frappe.model.rename_doc import (
	get_link_fields,
	rename_dynamic_links,
	rename_parent_and_child,
	rename_versions,
	update_attachments,
	update_link_field_values,
)
from frappe.utils import cint, flt, getdate, now_datetime

from onestop_center.dossiers.dossier_code import is_provisional, next_dossier_code, provisional_name
from onestop_center.dossiers.procedure_snapshot import freeze_procedure

DOSSIER = "Dossier"


def prepare_new_dossier(dossier) -> None:
	"""Before insert: reception time and officer, handling agency and the frozen procedure copy."""
	procedure = frappe.get_doc("Procedure", dossier.procedure)
	if not procedure.is_active:
		frappe.throw(
			_("Procedure {0} is not active and cannot receive dossiers").format(frappe.bold(procedure.name)),
			title=_("Inactive procedure"),
		)
	dossier.received_at = dossier.received_at or now_datetime()
	dossier.received_by = dossier.received_by or frappe.session.user
	dossier.agency = procedure.responsible_agency
	freeze_procedure(dossier, procedure)


# Statuses of a dossier not yet received: it has a provisional name and no dossier code.
NOT_RECEIVED_STATUSES = ("Draft", "Needs Completion")


def dossier_code_for(dossier) -> str:
	"""The name of a new dossier (``Dossier.autoname``).

	A dossier opened at the counter (Draft) gets a provisional name and no number of the agency's
	sequence: its code is given at reception (:func:`give_dossier_code`, from the lifecycle). A
	dossier inserted directly in a received state (data migration, tests) gets its code now.
	"""
	if (dossier.status or "Draft") in NOT_RECEIVED_STATUSES:
		return provisional_name()
	return take_dossier_code(dossier)


def take_dossier_code(dossier) -> str:
	"""The next dossier code: the responsible agency's identifier code, the reception day, a sequence.

	Taken under the series row lock, held until the transaction ends.
	"""
	procedure_agency = frappe.db.get_value("Procedure", dossier.procedure, "responsible_agency")
	identifier_code = frappe.db.get_value("Agency", procedure_agency, "identifier_code")
	return next_dossier_code(identifier_code, dossier.received_at)


def give_dossier_code(dossier) -> str:
	"""Rename a dossier with a provisional name to its dossier code, at reception; returns the name.

	Called at the end of the reception's save (``lifecycle.on_update``), in the same transaction:
	the code is dated with ``received_at`` (the moment the file was found complete).
	:func:`rename_to_code` moves the links, child rows, comments, versions, attachments and
	assignments; the
	document in memory takes the new name so that whatever follows the save (the workflow's
	timeline comment, the version, the desk's response) uses it. A dossier that already has a
	code (sent back and resent, inserted received) is left as it is.
	"""
	old = dossier.name
	if not is_provisional(old):
		return old
	new = take_dossier_code(dossier)
	rename_to_code(old, new)
	dossier.name = new
	for child in dossier.get_all_children():
		child.parent = new
	saving = frappe.flags.currently_saving or []
	if (DOSSIER, old) in saving:
		saving.remove((DOSSIER, old))
		saving.append((DOSSIER, new))
	return new


def rename_to_code(old: str, new: str) -> None:
	"""Move a just-received dossier from its provisional name to its code, and what points to it.

	Frappe's ``rename_doc`` would also clear the whole site cache and rebuild user settings on every
	reception; this does only what a dossier needs: the row and its child rows, links from other
	documents (indexed), dynamic links (comments, assignments, communications), attachments and
	versions. The name is fresh (taken under the series lock), so no existence check is needed —
	that check's ``SELECT … FOR UPDATE`` on a missing name takes a gap lock that concurrent
	receptions of other agencies would deadlock on.
	"""
	rename_parent_and_child(DOSSIER, old, new, frappe.get_meta(DOSSIER))
	update_link_field_values(get_link_fields(DOSSIER), old, new, DOSSIER)
	rename_dynamic_links(DOSSIER, old, new)
	update_attachments(DOSSIER, old, new)
	rename_versions(DOSSIER, old, new)
	frappe.clear_document_cache(DOSSIER, old)
	frappe.get_doc(
		{
			"doctype": "Comment",
			"comment_type": "Edit",
			"reference_doctype": DOSSIER,
			"reference_name": new,
			"content": _("renamed from {0} to {1}").format(frappe.bold(old), frappe.bold(new)),
		}
	).insert(ignore_permissions=True)


def validate_dossier(dossier) -> None:
	if cint(dossier.number_of_sets) < 1:
		frappe.throw(_("The number of sets must be at least 1"))
	if dossier.channel != "Counter":
		dossier.counter = None
	dossier.total_fee = sum(flt(fee.amount) for fee in dossier.fees)
	dossier.due_date = getdate(dossier.due_at) if dossier.due_at else None


def create_dossier(applicant: str, procedure: str, channel: str = "Counter", **fields):
	"""Receive a dossier for an applicant and a procedure; returns the inserted Dossier.

	Extra ``fields`` (counter, received_at, number_of_sets, result_delivery, notify_by, remarks,
	status…) are set as given. Permissions apply as for the current user.
	"""
	dossier = frappe.get_doc(
		{"doctype": "Dossier", "applicant": applicant, "procedure": procedure, "channel": channel, **fields}
	)
	return dossier.insert()
