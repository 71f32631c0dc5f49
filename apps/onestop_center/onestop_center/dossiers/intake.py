"""Reception of a dossier: preparing a new Dossier from its procedure, and a helper to create one."""

import frappe
from frappe import _
from frappe.model.dynamic_links import get_dynamic_link_map
from frappe.model.rename_doc import get_link_fields
from frappe.utils import cint, flt, get_datetime, getdate, now
from frappe.utils.caching import site_cache

from onestop_center.dossiers.dossier_code import is_provisional, next_dossier_code, provisional_name
from onestop_center.dossiers.procedure_snapshot import freeze_procedure

DOSSIER = "Dossier"


def prepare_new_dossier(dossier) -> None:
	"""Before insert: reception time and officer, handling agency and the frozen procedure copy."""
	from onestop_center.catalogue.versions import procedure_in_force
	from onestop_center.dossiers import deadline  # the app's one clock (tests freeze it)

	dossier.received_at = dossier.received_at or get_datetime(deadline.now()).replace(microsecond=0)
	# the version in force that day (the cached record, or an earlier version): read only
	procedure = procedure_in_force(dossier.procedure, getdate(dossier.received_at))
	if not procedure.is_active:
		frappe.throw(
			_("Procedure {0} is not active and cannot receive dossiers").format(frappe.bold(procedure.name)),
			title=_("Inactive procedure"),
		)
	dossier.received_by = dossier.received_by or frappe.session.user
	dossier.agency = procedure.responsible_agency
	freeze_procedure(dossier, procedure)
	# started from a queue ticket: the one served at the user's counter, not yet used
	from onestop_center.counter_queue.calling import check_dossier_ticket

	check_dossier_ticket(dossier)


def dossier_code_for(dossier) -> str:
	"""The name of a new dossier (``Dossier.autoname``).

	A dossier opened at the counter (Draft) gets a provisional name and no number of the agency's
	sequence: its code is given at reception (:func:`give_dossier_code`, from the lifecycle). A
	dossier inserted directly in a received state (data migration, tests) gets its code now.
	"""
	from onestop_center.dossiers import state_kinds

	# a state of a kind before reception (dossiers/state_kinds.py): a provisional name, no code
	if not dossier.status or state_kinds.is_kind(dossier.status, *state_kinds.NOT_RECEIVED_KINDS):
		return provisional_name()
	return take_dossier_code(dossier)


def take_dossier_code(dossier) -> str:
	"""The next dossier code: the responsible agency's identifier code, the reception day, a sequence.

	Taken under the series row lock, held until the transaction ends.
	"""
	procedure_agency = frappe.get_cached_value("Procedure", dossier.procedure, "responsible_agency")
	identifier_code = frappe.get_cached_value("Agency", procedure_agency, "identifier_code")
	return next_dossier_code(identifier_code, dossier.received_at)


def keep_child_rows(dossier) -> None:
	"""Let the coming save skip the DELETE of the child tables that had no row before it.

	Frappe's save runs ``DELETE … WHERE parent = … [AND name NOT IN (…)]`` on every child table of
	the document, also on tables that had nothing saved: statements (and, under REPEATABLE READ,
	gap locks on the ``parent`` index that deadlocked neighbouring receptions) for nothing. A
	table that had no row before this save has nothing to delete, whatever the handlers after
	this one put in it (the reception plans the steps later in ``validate``); its new rows are
	inserted as usual. Called by the reception's handlers; ``lifecycle.on_update`` drops the flag.
	"""
	before = dossier.get_doc_before_save()
	if not before:
		return
	dossier.flags.ignore_children_type = [
		df.options for df in dossier.meta.get_table_fields() if not before.get(df.fieldname)
	]


def give_dossier_code(dossier) -> str:
	"""Rename a dossier with a provisional name to its dossier code, at reception; returns the name.

	Called once everything else of the reception has been written (``lifecycle.apply`` after the
	workflow's save and timeline comment; ``lifecycle.on_update`` for a reception saved directly),
	in the same transaction: the code is dated with ``received_at`` (the moment the file was found
	complete). Taking the number locks the agency's day series row until the commit, so it comes
	last, followed only by a few indexed UPDATEs (:func:`rename_to_code`): receptions of the same
	agency queue for milliseconds, not for a whole save. The document in memory takes the new name
	so that whatever follows uses it (the desk opens the dossier under it). A dossier that already
	has a code (sent back and resent, inserted received) is left as it is.
	"""
	old = dossier.name
	if not is_provisional(old):
		return old
	new = take_dossier_code(dossier)
	rename_to_code(dossier, old, new)
	dossier.name = new
	for child in dossier.get_all_children():
		child.parent = new
	saving = frappe.flags.currently_saving or []
	if (DOSSIER, old) in saving:
		saving.remove((DOSSIER, old))
		saving.append((DOSSIER, new))
	from onestop_center.dossiers.ledger_book import enter_in_ledger

	enter_in_ledger(dossier)  # the book's entry number, gapless like the code: last
	# the citizen's "received" notices (Notification records, event Method): under the code now
	dossier.run_notifications("after_reception")
	return new


def rename_to_code(dossier, old: str, new: str) -> None:
	"""Move a just-received dossier from its provisional name to its code, and what points to it.

	Frappe's ``rename_doc`` clears the site cache, rebuilds user settings and, on every request,
	scans every table with a dynamic link (``get_dynamic_link_map``) before updating them; at a
	busy counter that work would sit between the series lock and the commit. This does only
	indexed UPDATEs by the old name: the row, its child rows, links from other
	documents, dynamic links (comments, workflow actions, assignments, shares, communications and
	whatever else already points to dossiers), attachments and versions, plus one timeline line.
	The name is fresh (taken under the series lock), so no existence check is needed.
	"""
	sql = frappe.db.sql
	sql(f"update `tab{DOSSIER}` set `name` = %s where `name` = %s", (new, old))
	# every child table, also those empty in memory (a follow-up transfer may have added rows)
	for table in sorted({df.options for df in dossier.meta.get_table_fields()}):
		sql(
			f"update `tab{table}` set `parent` = %s where `parent` = %s and `parenttype` = %s",
			(new, old, DOSSIER),
		)
	for table, fieldname in _link_fields():
		sql(f"update `tab{table}` set `{fieldname}` = %s where `{fieldname}` = %s", (new, old))
	for table, doctype_field, name_field in _dynamic_link_fields():
		sql(
			f"update `tab{table}` set `{name_field}` = %s where `{name_field}` = %s and `{doctype_field}` = %s",
			(new, old, DOSSIER),
		)
	sql(
		"update `tabFile` set `attached_to_name` = %s where `attached_to_name` = %s and `attached_to_doctype` = %s",
		(new, old, DOSSIER),
	)
	sql(
		"update `tabVersion` set `docname` = %s where `docname` = %s and `ref_doctype` = %s",
		(new, old, DOSSIER),
	)
	frappe.clear_document_cache(DOSSIER, old)
	_add_rename_comment(old, new)


# Core tables that point to any document by (doctype, name), indexed on the name: always updated,
# also before the first of their rows points to a dossier.
ALWAYS_DYNAMIC = {
	("Comment", "reference_doctype", "reference_name"),
	("Workflow Action", "reference_doctype", "reference_name"),
	("ToDo", "reference_type", "reference_name"),
	("DocShare", "share_doctype", "share_name"),
	("Communication", "reference_doctype", "reference_name"),
}


@site_cache(ttl=600)
def _link_fields() -> list[tuple[str, str]]:
	"""(table, field) of the Link fields to Dossier in non-single DocTypes (cached per process)."""
	return sorted(
		{(row.parent, row.fieldname) for row in get_link_fields(DOSSIER) if not row.issingle}
	)


@site_cache(ttl=600)
def _dynamic_link_fields() -> list[tuple[str, str, str]]:
	"""(table, doctype field, name field) of the Dynamic Link fields that point to dossiers.

	Frappe's map scans every table with a dynamic link for the doctypes it holds; it is built here
	at most every 10 minutes per process instead of on every reception, and the core tables of
	:data:`ALWAYS_DYNAMIC` are always included. File and Version are renamed separately.
	"""
	found = set(ALWAYS_DYNAMIC)
	for df in get_dynamic_link_map().get(DOSSIER, []):
		if df.parent in ("File", "Version") or frappe.get_meta(df.parent).issingle:
			continue
		found.add((df.parent, df.options, df.fieldname))
	return sorted(found)


def _add_rename_comment(old: str, new: str) -> None:
	"""The timeline line "renamed from … to …", inserted directly (no document hooks)."""
	stamp = now()
	user = frappe.session.user
	frappe.db.sql(
		"""insert into `tabComment` (`name`, `creation`, `modified`, `owner`, `modified_by`, `docstatus`,
		`idx`, `comment_type`, `comment_email`, `reference_doctype`, `reference_name`, `content`)
		values (%s, %s, %s, %s, %s, 0, 0, 'Edit', %s, %s, %s, %s)""",
		(
			frappe.generate_hash(length=10),
			stamp,
			stamp,
			user,
			user,
			user,
			DOSSIER,
			new,
			_("renamed from {0} to {1}").format(frappe.bold(old), frappe.bold(new)),
		),
	)


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
