# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Clock stops of a dossier (legal-spec §3.6): pause with a reason, resume, keep the history.

While the agency waits for a supplement, for a financial obligation to be paid or for another
lawful reason, the deadline clock stands still. On resumption the new due moment is the old one
plus the working time that elapsed during the stop (the engine's :func:`~onestop_center.deadlines.resume`);
each stop is a Dossier Clock Stop row with the due moments before and after it.

A supplement request and the status go together: pausing for a supplement sets the status to
Supplement Requested, resuming restores the status the dossier had (In Progress or Received); a
save that moves the status into or out of Supplement Requested pauses or resumes the clock the
same way (:func:`sync_clock_with_status`), so the workflow may drive either.
"""

from datetime import datetime

import frappe
from frappe import _
from frappe.utils import get_datetime

from onestop_center import arguments
from onestop_center.deadlines import ClockStop, paused_working_time
from onestop_center.deadlines import resume as resume_due
from onestop_center.deadlines.store import get_calendar
from onestop_center.dossiers import deadline
from onestop_center.dossiers.deadline import (
	STOP_REASONS,
	current_stop,
	is_open_status,
	shift_open_steps,
	update_step_plan_end,
	update_timeliness,
)
from onestop_center.dossiers.field_policy import allow_lifecycle_write

SUPPLEMENT_REASON = "Supplement Requested"


def _is_supplement_state(status: str | None) -> bool:
	"""A state of kind "Supplement Requested" (dossiers/state_kinds.py): the clock stops for the applicant."""
	from onestop_center.dossiers import state_kinds

	return state_kinds.is_kind(status, state_kinds.SUPPLEMENT_REQUESTED)


def _supplement_state(status: str | None) -> str:
	"""Where a supplement request takes a dossier in ``status``: the workflow's transition of kind
	"Request Supplement", else the first state of kind "Supplement Requested"."""
	from onestop_center.dossiers import lifecycle, state_kinds

	row = lifecycle.transition_to(status, state_kinds.REQUEST_SUPPLEMENT) if status else None
	return row.next_state if row else state_kinds.state_of_kind(state_kinds.SUPPLEMENT_REQUESTED)


def is_paused(doc) -> bool:
	return current_stop(doc) is not None


def pause(doc, reason: str, note: str | None = None, at: datetime | None = None) -> None:
	"""Open a clock stop on ``doc`` (not saved). Raises a translated error if already paused."""
	if reason not in STOP_REASONS:
		frappe.throw(_("Unknown clock stop reason: {0}").format(reason))
	if not doc.due_at:
		frappe.throw(_("The dossier has no deadline yet, so its clock cannot be paused"))
	if is_paused(doc):
		frappe.throw(
			_("The deadline clock of this dossier is already paused"), title=_("Clock already paused")
		)
	at = get_datetime(at) if at else deadline.now()
	previous = [get_datetime(r.resumed_at) for r in doc.get("clock_stops") or () if r.resumed_at]
	if previous and at < max(previous):
		frappe.throw(_("A clock stop cannot start before the previous one ended"))
	before = doc.get_doc_before_save() if not doc.is_new() else None
	status_before = before.status if before is not None and _is_supplement_state(doc.status) else doc.status
	doc.append(
		"clock_stops",
		{
			"reason": reason,
			"paused_at": max(at, get_datetime(doc.effective_received_at or at)),
			"due_before": doc.due_at,
			"note": note,
			"paused_by": frappe.session.user,
			"status_before": status_before if not _is_supplement_state(status_before) else None,
		},
	)
	doc.clock_paused = 1
	if reason == SUPPLEMENT_REASON and not _is_supplement_state(doc.status):
		doc.status = _supplement_state(doc.status)


def resume(doc, at: datetime | None = None, restore_status: bool = True) -> None:
	"""Close the open clock stop (not saved): due += working time paused; unfinished steps move too."""
	row = current_stop(doc)
	if row is None:
		frappe.throw(_("The deadline clock of this dossier is not paused"), title=_("Clock not paused"))
	at = max(get_datetime(at) if at else deadline.now(), get_datetime(row.paused_at))
	cal = get_calendar(doc.working_calendar)
	stop = ClockStop(STOP_REASONS[row.reason], get_datetime(row.paused_at), at)
	new_due = resume_due(cal, get_datetime(doc.due_at), stop)
	row.resumed_at = at
	row.resumed_by = frappe.session.user
	row.paused_minutes = paused_working_time(cal, stop).total_seconds() / 60
	row.due_before = doc.due_at
	row.due_after = new_due
	doc.due_at = new_due
	doc.due_date = new_due.date()
	doc.calendar_version = cal.version
	doc.clock_paused = 0
	shift_open_steps(doc, cal, stop)
	update_step_plan_end(doc)
	if restore_status and _is_supplement_state(doc.status):
		from onestop_center.dossiers import state_kinds

		in_progress = state_kinds.state_of_kind(state_kinds.IN_PROGRESS)
		doc.status = row.status_before if is_open_status(row.status_before) else in_progress
	doc.flags.deadline_change = True


def sync_clock_with_status(doc, before) -> None:
	"""Keep the clock and the status together when a save changes the status directly.

	Into Supplement Requested → pause (reason Supplement Requested); out of it while the
	supplement stop is open → resume; finished or closed while paused → the stop ends then.
	"""
	open_row = current_stop(doc)
	old_status = before.status if before is not None else None
	if _is_supplement_state(doc.status) and not _is_supplement_state(old_status) and open_row is None:
		pause(doc, SUPPLEMENT_REASON)
	elif open_row is not None and not is_open_status(doc.status):
		resume(doc, at=doc.finished_at or None, restore_status=False)
	elif (
		open_row is not None
		and open_row.reason == SUPPLEMENT_REASON
		and _is_supplement_state(old_status)
		and not _is_supplement_state(doc.status)
	):
		resume(doc, restore_status=False)


def _load_for_write(dossier: str):
	from onestop_center.security.access import get_readable

	doc = get_readable("Dossier", dossier)  # another agency's dossier is "not found"
	if not frappe.has_permission("Dossier", "write", doc):
		frappe.throw(
			_("You are not allowed to pause or resume the clock of dossier {0}").format(dossier),
			frappe.PermissionError,
		)
	return doc


@frappe.whitelist(methods=["POST"])
def pause_clock(dossier: str | None = None, reason: str | None = None, note: str | None = None) -> dict:
	"""Stop the deadline clock of a dossier (users who can write the dossier)."""
	dossier = arguments.name(dossier, "Dossier")
	reason = arguments.name(reason, "Reason")
	arguments.choice(reason, "Reason", STOP_REASONS)
	note = arguments.text(note, "Note", required=False) or None
	doc = _load_for_write(dossier)
	if not is_open_status(doc.status) or doc.finished_at:
		frappe.throw(_("Only the clock of a dossier being processed can be paused"))
	if reason == SUPPLEMENT_REASON and note:
		# the "Request Supplement" transition this pause makes records what must be added
		doc.supplement_request = note
	# stamped with the server's time (no moment is taken from the client)
	pause(doc, reason, note)
	allow_lifecycle_write(doc)
	doc.save()
	return _summary(doc)


@frappe.whitelist(methods=["POST"])
def resume_clock(dossier: str | None = None) -> dict:
	"""Restart the deadline clock; the due moment moves by the working time paused."""
	doc = _load_for_write(arguments.name(dossier, "Dossier"))
	# only the stop stored on the dossier, closed now by the server's clock
	resume(doc)
	update_timeliness(doc)
	allow_lifecycle_write(doc)
	doc.save()
	doc.flags.deadline_change = False
	return _summary(doc)


def _summary(doc) -> dict:
	return {
		"status": doc.status,
		"due_at": doc.due_at,
		"due_date": doc.due_date,
		"clock_paused": doc.clock_paused,
		"timeliness": doc.timeliness,
	}
