# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Which Dossier fields users may edit, and when; the lifecycle owns all the others.

One home for the rule "the server owns the dossier lifecycle" (issue 7). A Dossier field is either

* a **user field** (:data:`USER_FIELDS`): what the counter or the department types on the form —
  the applicant, counter, number of sets and working calendar before reception; the citizen's
  delivery and notice preferences and the remarks while the dossier is open;
* **set once** (:data:`INSERT_ONLY_FIELDS`): the procedure and the channel, which the frozen copy of
  the procedure (documents, fees, duration) depends on; a different procedure is a new dossier;
* **derived** from a link by Frappe on every save (``fetch_from``: the applicant's name and
  contacts), never compared; or
* **lifecycle-owned**: everything else — status, agency, reception, steps, current step and
  ``has_next_step``, due / finished / returned / result times, timeliness, clock and clock stops,
  hand-overs, consultations with their answers, directives with their authors, lateness, receiver
  and result data and reasons (given with the action, ``lifecycle.take_action``), fees and their
  total, the frozen procedure copy, the document rows and their frozen columns (only the ticks
  of a dossier not yet received are user fields), ``owner`` and ``creation``; also what the
  printed forms record (issue 11): the rule set frozen at reception (``rule_set``), the ledger
  book and entry (``ledger_book``, ``ledger_number``), the officers and times of the completion
  request and the refusal (``supplement_requested_at``/``_by``, ``refused_by``) and the
  ``late_without_letter`` flag of a late return. Fields added to the Dossier later are
  lifecycle-owned until listed here.

:func:`check_insert` (``Dossier.before_insert``) and :func:`check_update` (first thing in
``Dossier.validate``, before the server computes anything) refuse, with a Vietnamese message and
HTTP 403, any change of a lifecycle-owned field — parent field or child row: rows added, removed,
reordered or edited, a row whose name is not one of the stored rows — unless the save is the
lifecycle's own (:func:`allow_lifecycle_write`, a document flag that no client can send: Frappe
drops ``flags`` from every request). Status changes only through the lifecycle's actions
(``lifecycle.apply`` / ``take_action`` / ``transfer``, the clock actions), never by a save.
Closed dossiers (Returned, Refused) take no change at all, except the audited administrator
correction :func:`correct_closed_dossier` of the fields in :data:`CORRECTABLE_FIELDS`.

The lifecycle's writers: ``lifecycle.apply`` / ``transfer`` / ``add_directive`` /
``answer_consultation``, ``clock_stops.pause_clock`` / ``resume_clock``, ``deadline.finish_step`` /
``recompute``, the demo loader's inserts; lateness and apology letters write with ``db_set``
(no validation) and fee receipts do not write the dossier.

Why a validate guard rather than Frappe's permission levels: a permlevel field is *silently*
reset to its stored value, so a forged request would answer 200, and the reset is skipped for
child rows on insert (frappe-v15-hardening.md §4). The form shows these fields read-only already.
"""

import json

import frappe
from frappe import _
from frappe.model import no_value_fields
from frappe.utils import cint, cstr, flt, get_datetime, get_time, getdate

from onestop_center.dossiers import state_kinds

WRITER_FLAG = "lifecycle_writer"

BEFORE_RECEPTION = "before reception"
WHILE_OPEN = "while open"

# Fields users may change themselves (form, REST), and while the stored dossier is in which states.
USER_FIELDS = {
	"applicant": BEFORE_RECEPTION,
	"counter": BEFORE_RECEPTION,
	"number_of_sets": BEFORE_RECEPTION,
	"working_calendar": BEFORE_RECEPTION,
	"result_delivery": WHILE_OPEN,
	"delivery_address": WHILE_OPEN,
	"notify_by": WHILE_OPEN,
	"remarks": WHILE_OPEN,
	# QĐ 766 data the counter records (leadership/indicators.py)
	"payment_channel": WHILE_OPEN,
	"electronic_result": WHILE_OPEN,
}
# Chosen when the dossier is opened; the frozen procedure copy depends on them.
INSERT_ONLY_FIELDS = frozenset({"procedure", "channel", "queue_ticket"})
# Columns of a Dossier Document row ticked at the counter before reception (the others are frozen).
DOCUMENT_TICKS = ("received", "originals_received", "copies_received", "digitised", "reused")
# Standard columns that never change after insert (a PUT could otherwise rewrite ``owner``).
STANDARD_FIELDS = ("owner", "creation")
# On insert, a client may give these lifecycle-owned fields: the lifecycle refuses a status other
# than Draft itself; the opening time of a draft is stamped again at reception; the document and
# fee rows are rebuilt from the procedure (``freeze_procedure``).
INSERT_GIVEN = frozenset({"status", "received_at", "documents", "fees"})

# What an administrator may correct on a closed dossier (typing errors in what was recorded).
CORRECTABLE_FIELDS = (
	"receiver_name",
	"receiver_id_number",
	"postal_tracking_number",
	"result_number",
	"result_summary",
	"remarks",
)
CORRECTION_ROLES = frozenset({"OneStop Administrator", "System Manager"})


class LifecycleFieldError(frappe.PermissionError):
	"""A lifecycle-owned Dossier field was changed outside the lifecycle's actions (HTTP 403)."""


class ClosedDossierError(frappe.PermissionError):
	"""A closed dossier (Returned, Refused) was changed outside an administrator correction."""


class LifecycleRow:
	"""Mixin for the Dossier's child controllers: a row changes only with its dossier.

	A row saved, inserted or deleted alone (``PUT /api/resource/Dossier Step/<row>``,
	``frappe.client.save`` of a row) would skip the dossier's checks, and the dossier's own save
	that follows would find the changed row already stored: refused (HTTP 403). Rows saved with
	their dossier never run these methods.
	"""

	def validate(self):
		_refuse_lone_row(self)

	def on_trash(self):
		_refuse_lone_row(self)


def _refuse_lone_row(row) -> None:
	frappe.throw(
		_("A row of a dossier changes only with the dossier, through its workflow actions"),
		LifecycleFieldError,
		title=_("Not permitted"),
	)


def allow_lifecycle_write(doc):
	"""Mark the next save (or insert) of ``doc`` as the lifecycle's own; returns ``doc``.

	Server code only: the flag lives on the document object and is consumed by that save.
	"""
	doc.flags[WRITER_FLAG] = True
	return doc


# -- the checks ----------------------------------------------------------------------------------


def check_insert(doc) -> None:
	"""``Dossier.before_insert``: a new dossier carries no lifecycle data of the client's."""
	if doc.flags.pop(WRITER_FLAG, None):
		return
	given = [
		df.fieldname
		for df in owned_fields(doc.meta)
		if df.fieldname not in INSERT_GIVEN
		and df.fieldname not in INSERT_ONLY_FIELDS
		and not _is_default(doc, df)
	]
	given += [
		df.fieldname
		for df in doc.meta.get_table_fields()
		if df.fieldname not in INSERT_GIVEN and doc.get(df.fieldname)
	]
	if given:
		_refuse(doc, given)
	if frappe.session.user != "Administrator":
		# a draft is opened now, by the server's clock: a client's time would stay on a draft
		# refused at the counter (reception stamps it again); Administrator loads past records
		doc.received_at = None


def check_update(doc) -> None:
	"""``Dossier.validate``: refuse changes of lifecycle-owned fields (and of closed dossiers)."""
	if doc.is_new() or doc.flags.pop(WRITER_FLAG, None):
		return
	before = doc.get_doc_before_save()
	if before is None:
		return
	_check_stored_agency(before)
	changed = changed_fields(before, doc)
	if not changed:
		return
	if state_kinds.is_kind(before.status, *state_kinds.FINAL_KINDS):
		frappe.throw(
			_(
				"Dossier {0} is closed ({1}) and can no longer be changed; an administrator can correct a typing error with a reason."
			).format(before.name, _(before.status)),
			ClosedDossierError,
			title=_("Closed dossier"),
		)
	refused = [fieldname for fieldname in changed if not may_edit(fieldname, before.status)]
	if refused:
		_refuse(doc, refused)


def may_edit(fieldname: str, status: str | None) -> bool:
	"""Whether a user may change ``fieldname`` (or the ticks of ``documents``) in stored ``status``."""
	when = USER_FIELDS.get(fieldname)
	if fieldname == "documents.ticks":
		when = BEFORE_RECEPTION
	# by the kind of the stored state (dossiers/state_kinds.py), whatever the administrator names it
	if when == BEFORE_RECEPTION:
		return state_kinds.is_kind(status, *state_kinds.NOT_RECEIVED_KINDS)
	if when == WHILE_OPEN:
		return not state_kinds.is_kind(status, *state_kinds.FINAL_KINDS)
	return False


def _check_stored_agency(before) -> None:
	"""A department user changes only dossiers their agency holds: judged on the stored record."""
	from onestop_center.permissions import get_user_agencies, is_department_user

	if is_department_user() and before.agency not in get_user_agencies():
		frappe.throw(
			_("Dossier {0} is not held by your agency: you cannot change it").format(before.name),
			frappe.PermissionError,
			title=_("Not permitted"),
		)


def _refuse(doc, fieldnames: list[str]) -> None:
	labels = []
	for fieldname in dict.fromkeys(fieldnames):
		base = fieldname.split(".")[0]
		label = _(doc.meta.get_label(base)) if doc.meta.get_field(base) else base
		if fieldname == "status":
			frappe.throw(
				_("The status of a dossier changes only through the workflow actions."),
				LifecycleFieldError,
				title=_("Not permitted"),
			)
		labels.append(label)
	frappe.throw(
		_("These fields are recorded by the dossier's workflow and cannot be changed: {0}").format(
			", ".join(labels)
		),
		LifecycleFieldError,
		title=_("Not permitted"),
	)


# -- what changed ----------------------------------------------------------------------------------


def owned_fields(meta) -> list:
	"""The lifecycle-owned value fields of the Dossier (tables excluded)."""
	return [
		df
		for df in meta.fields
		if df.fieldtype not in no_value_fields
		and df.fieldtype not in ("Table", "Table MultiSelect")
		and not df.get("fetch_from")
		and df.fieldname not in USER_FIELDS
	]


def changed_fields(before, doc) -> list[str]:
	"""Names of the fields and tables that differ between the stored dossier and ``doc``.

	A change of only the ticks of the document rows is reported as ``documents.ticks``.
	"""
	changed = [f for f in STANDARD_FIELDS if _standard(before, f) != _standard(doc, f)]
	for df in doc.meta.fields:
		if df.fieldtype in ("Table", "Table MultiSelect"):
			continue
		if df.fieldtype in no_value_fields or df.get("fetch_from"):
			continue
		if _value(before, df) != _value(doc, df):
			changed.append(df.fieldname)
	for df in doc.meta.get_table_fields():
		ticks = DOCUMENT_TICKS if df.fieldname == "documents" else ()
		old, new = before.get(df.fieldname) or [], doc.get(df.fieldname) or []
		if _rows(old, ticks) != _rows(new, ticks):
			changed.append(df.fieldname)
		elif ticks and _rows(old) != _rows(new):
			changed.append("documents.ticks")
	return changed


def _standard(doc, fieldname):
	value = doc.get(fieldname)
	if fieldname == "creation" and value:
		try:
			return get_datetime(value)
		except Exception:
			return ("invalid", cstr(value))
	return cstr(value)


def _rows(rows, skip=()) -> list[tuple]:
	"""Comparable rows: name, position and every value column (except ``skip``)."""
	out = []
	for row in sorted(rows, key=lambda r: cint(r.get("idx"))):
		columns = [df for df in row.meta.fields if df.fieldtype not in no_value_fields]
		values = tuple(_value(row, df) for df in columns if df.fieldname not in skip)
		out.append((cstr(row.get("name")), cint(row.get("idx")), values))
	return out


def _value(doc, df):
	"""A field's value in a form that compares equal between the database and a client's JSON."""
	value = doc.get(df.fieldname)
	fieldtype = df.fieldtype
	try:
		if fieldtype in ("Int", "Check"):
			return cint(value)
		if fieldtype in ("Float", "Currency", "Percent"):
			return round(flt(value), 6)
		if value in (None, ""):
			return None
		if fieldtype == "Datetime":
			return get_datetime(value)
		if fieldtype == "Date":
			return getdate(value)
		if fieldtype == "Time":
			return get_time(value)
		if fieldtype == "JSON":
			return json.dumps(frappe.parse_json(value), sort_keys=True)
	except Exception:
		# not a value of this type: certainly not the stored one
		return ("invalid", cstr(value))
	return cstr(value)


def _is_default(doc, df) -> bool:
	value = doc.get(df.fieldname)
	if value in (None, "", 0, 0.0, "0"):
		return True
	return df.get("default") not in (None, "") and cstr(value) == cstr(df.default)


# -- audited correction of a closed dossier --------------------------------------------------------


@frappe.whitelist(methods=["POST"])
def correct_closed_dossier(
	dossier: str | None = None, field: str | None = None, value: str | None = None, reason: str | None = None
) -> dict:
	"""An administrator's correction of a typing error on a dossier, with a reason on the timeline.

	Only OneStop Administrators and System Managers; only the fields of
	:data:`CORRECTABLE_FIELDS` (receiver's name and ID number, postal tracking number, result
	number and summary, remarks) — what the lifecycle decided (states, times, steps, agencies,
	fees) is never corrected. The change is saved with a Version and a timeline comment
	(old → new value, reason). Returns ``{"field", "old", "value"}``.
	"""
	from onestop_center import arguments

	dossier = arguments.name(dossier, "Dossier")
	field = arguments.name(field, "Field")
	value = arguments.text(value, "Value", required=False)
	reason = arguments.text(reason, "Reason", required=False)
	if not CORRECTION_ROLES & set(frappe.get_roles()):
		frappe.throw(
			_("Only a OneStop Administrator can correct a dossier"),
			frappe.PermissionError,
			title=_("Not permitted"),
		)
	if field not in CORRECTABLE_FIELDS:
		frappe.throw(
			_("Field {0} cannot be corrected; correctable fields: {1}").format(
				field, ", ".join(_(frappe.get_meta("Dossier").get_label(f)) for f in CORRECTABLE_FIELDS)
			),
			LifecycleFieldError,
			title=_("Not permitted"),
		)
	if not reason:
		frappe.throw(_("Write the reason for the correction"), frappe.MandatoryError, title=_("Reason required"))
	doc = frappe.get_doc("Dossier", dossier, for_update=True)
	doc.check_permission("read")
	old = cstr(doc.get(field))
	if old == value:
		return {"field": field, "old": old, "value": value}
	doc.set(field, value or None)
	allow_lifecycle_write(doc)
	doc.flags.ignore_permissions = True
	doc.save(ignore_version=False)
	label = _(doc.meta.get_label(field))
	doc.add_comment(
		"Comment",
		_("Correction of {0}: “{1}” → “{2}”. Reason: {3}").format(
			label,
			frappe.utils.escape_html(old),
			frappe.utils.escape_html(value),
			frappe.utils.escape_html(reason),
		),
	)
	return {"field": field, "old": old, "value": value}
