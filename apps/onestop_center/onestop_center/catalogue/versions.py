# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Versions of a procedure: which one is in force on a day, and a new version from the desk.

A Procedure is one record per national code (its name; dossiers, reports and the portal link to
it). The record holds the *newest* version; every version it replaced is kept whole in its
``earlier_versions`` table (``Procedure Version``: number, effective date, the date it was
replaced, and its content as :func:`onestop_center.dossiers.procedure_snapshot.snapshot` writes
it). Reception takes the version in force on the reception day (:func:`procedure_in_force`): the
record itself once its effective date has come, before that the newest earlier version whose
effective date has come. A dossier keeps the copy taken at reception whatever happens later.

How versions arise (:func:`set_version`, from ``Procedure.validate``):

* an edit of what dossiers depend on (documents, fees, durations, steps, legal basis…) while the
  record's version is in force makes a new version: the old one is kept, the number rises, the
  new one takes effect today (or on the later effective date typed with the edit);
* "Create new version" (:func:`create_new_version`, the button on the form) schedules the next
  version from a later date: the version in force is kept, the record becomes the new version (same
  content until the administrator edits it) and reception keeps using the old one until that date;
* edits of a version not yet in force change it in place (no dossier has used it), its number stays.

Dates are the app's clock (``dossiers.deadline.now``), which tests freeze.
"""

import json

import frappe
from frappe import _
from frappe.utils import cint, format_date, getdate

from onestop_center import arguments
from onestop_center.dossiers.procedure_snapshot import content_changed, snapshot

PROCEDURE = "Procedure"
VERSIONS_TABLE = "earlier_versions"


class VersionError(frappe.ValidationError):
	"""A version or effective date that would make the versions of a procedure inconsistent."""


class ProcedureNotInForce(frappe.ValidationError):
	"""No version of the procedure is in force on the reception day."""


def today():
	"""The current day of the app's clock."""
	from onestop_center.dossiers import deadline

	return getdate(deadline.now())


def _date(value):
	return getdate(value) if value else None


def _shown(day) -> str:
	return format_date(day, "dd/MM/yyyy") if day else ""


# -- versions on save -----------------------------------------------------------------------------------


def set_version(procedure) -> None:
	"""From ``Procedure.validate``: number the version, keep the replaced one, check the dates."""
	before = procedure.get_doc_before_save()
	procedure.version = max(cint(procedure.version), 1)
	if before is None:
		procedure.set(VERSIONS_TABLE, [])  # a new procedure has no earlier version
		return
	# the earlier versions are the system's record: whatever the client sent, the stored rows stay
	procedure.set(VERSIONS_TABLE, [row.as_dict() for row in before.get(VERSIONS_TABLE)])
	day = today()
	scheduled = _date(before.effective_date) and _date(before.effective_date) > day
	date_changed = _date(procedure.effective_date) != _date(before.effective_date)
	if procedure.flags.new_version or (content_changed(before, procedure) and not scheduled):
		if not date_changed:
			procedure.effective_date = day
		elif not procedure.effective_date or _date(procedure.effective_date) < day:
			_refuse(_("A new version of a procedure takes effect today or later, not on {0}").format(
				_shown(_date(procedure.effective_date))
			))
		keep_version(procedure, before)
		procedure.version = cint(before.version) + 1
	elif date_changed:
		if scheduled and (not procedure.effective_date or _date(procedure.effective_date) < day):
			_refuse(_("Version {0} is not in force yet: its effective date can move to today or later").format(
				before.version
			))
		if not scheduled and (not procedure.effective_date or _date(procedure.effective_date) > day):
			_refuse(
				_(
					"Version {0} is in force since {1}: to change the procedure from a later date, use “Create New Version”"
				).format(before.version, _shown(_date(before.effective_date)))
			)
	check_version_order(procedure)


def keep_version(procedure, before) -> None:
	"""Keep the version ``before`` (replaced from the record's new effective date)."""
	procedure.append(
		VERSIONS_TABLE,
		{
			"version": cint(before.version),
			"effective_date": before.effective_date,
			"replaced_on": procedure.effective_date,
			"procedure_name": before.procedure_name,
			"content": json.dumps(snapshot(before), ensure_ascii=False, sort_keys=True),
		},
	)


def check_version_order(procedure) -> None:
	"""Versions take effect in the order of their numbers."""
	rows = procedure.get(VERSIONS_TABLE) or []
	if not rows or not procedure.effective_date:
		return
	last = max(rows, key=lambda row: cint(row.version))
	if _date(last.effective_date) and _date(procedure.effective_date) < _date(last.effective_date):
		_refuse(
			_("Version {0} cannot take effect on {1}, before version {2} ({3})").format(
				procedure.version,
				_shown(_date(procedure.effective_date)),
				last.version,
				_shown(_date(last.effective_date)),
			)
		)
	if cint(last.version) < cint(procedure.version):
		last.replaced_on = procedure.effective_date


def _refuse(message: str) -> None:
	frappe.throw(message, VersionError, title=_("Procedure version"))


# -- the version in force --------------------------------------------------------------------------------


def procedure_in_force(name: str, day=None):
	"""The version of procedure ``name`` in force on ``day`` (the app's today by default).

	The record itself when its effective date has come (or it has none); otherwise the newest
	earlier version in force that day, as an unsaved Procedure document (read only: documents,
	fees, durations, steps… of that version). Refused when no version is in force yet.
	"""
	live = frappe.get_cached_doc(PROCEDURE, name)
	day = getdate(day) if day else today()
	if not live.effective_date or _date(live.effective_date) <= day:
		return live
	earlier = [
		row
		for row in live.get(VERSIONS_TABLE) or []
		if not row.effective_date or _date(row.effective_date) <= day
	]
	if not earlier:
		frappe.throw(
			_("Procedure {0} takes effect on {1}: no version of it is in force on {2}").format(
				frappe.bold(live.name), _shown(_date(live.effective_date)), _shown(day)
			),
			ProcedureNotInForce,
			title=_("Procedure not in force"),
		)
	row = max(earlier, key=lambda r: (_date(r.effective_date) or getdate("1900-01-01"), cint(r.version)))
	return version_document(live, row)


def version_document(live, row):
	"""An earlier version as an unsaved Procedure document (the record's activity flag)."""
	content = json.loads(row.content or "{}")
	values = {key: value for key, value in content.items() if key not in ("doctype", "name")}
	doc = frappe.get_doc({"doctype": PROCEDURE, **values})
	doc.name = live.name
	doc.is_active = live.is_active
	doc.version = cint(row.version)
	doc.effective_date = row.effective_date
	return doc


# -- the desk's action ---------------------------------------------------------------------------------


@frappe.whitelist(methods=["POST"])
def create_new_version(procedure: str | None = None, effective_date: str | None = None) -> dict:
	"""Schedule the next version of a procedure from ``effective_date`` (a later day).

	The version in force stays in force, for reception, until that date (and in the copies of the
	dossiers received under it, for ever); the form then shows the new version, which the
	administrator edits (documents, fees, steps…) until it takes effect. Requires write permission
	on the procedure (the OneStop Administrator). Returns the procedure.
	"""
	name = arguments.name(procedure, PROCEDURE)
	day = arguments.calendar_date(effective_date, "Effective Date", required=True)
	if not frappe.db.exists(PROCEDURE, name) or not frappe.has_permission(PROCEDURE, "read", doc=name):
		frappe.throw(_("{0} {1} not found").format(_(PROCEDURE), name), frappe.DoesNotExistError)
	doc = frappe.get_doc(PROCEDURE, name, for_update=True)
	if not frappe.has_permission(PROCEDURE, "write", doc=doc):
		frappe.throw(
			_("Only the OneStop Administrator can create a new version of a procedure"),
			frappe.PermissionError,
			title=_("Not permitted"),
		)
	current = today()
	if day <= current:
		_refuse(
			_(
				"A new version takes effect from a later day than today ({0}); to change the procedure from today, edit it and save"
			).format(_shown(current))
		)
	if _date(doc.effective_date) and _date(doc.effective_date) > current:
		_refuse(
			_("Version {0} already takes effect on {1}: edit it, or change its effective date").format(
				doc.version, _shown(_date(doc.effective_date))
			)
		)
	doc.effective_date = day
	doc.flags.new_version = True
	doc.save()
	doc.add_comment(
		"Info", _("New version {0} created, in force from {1}").format(doc.version, _shown(day))
	)
	return doc.as_dict()
