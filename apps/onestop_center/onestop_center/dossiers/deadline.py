# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""A dossier's legal deadline: reception, step plan, classification, audited recomputation.

The Dossier controller calls :func:`on_validate`; everything else is called by actions
(:mod:`onestop_center.dossiers.clock_stops`, the workflow) and by the daily scheduler job.
The arithmetic is the pure engine (:mod:`onestop_center.deadlines`) on the current edition of
the dossier's Working Calendar (:mod:`onestop_center.deadlines.store`).

Promises don't drift (issue 3 item 2): ``due_at``, ``due_date``, ``calendar_version``,
``effective_received_at`` and ``working_calendar`` are set once, at reception, and change only
through a clock-stop resumption or :func:`recompute_deadline`, both of which set
``doc.flags.deadline_change`` for the one save that is allowed to change them. Editing a
Working Calendar never touches dossiers already received.

Classification (legal-spec §3.7, by dates): set on every save (reception → within deadline,
finish → early / on time / late) and by :func:`flag_overdue_dossiers`, a daily job that flips
open dossiers whose due date has passed with one indexed UPDATE.

Processing steps (product §3): sequential steps (liên thông) chain from the reception; a parallel
step (phối hợp) runs alongside the chain from the reception (as the Procedure's validation
assumes: it alone must fit the duration). The dossier's due moment is the legal one; the step
plan is informative, and ``step_plan_exceeds_due`` says when it ends after the legal deadline.

Provisional due dates (issue 7): when the period from the reception to the due moment lies in, or
crosses into, a year whose official calendar is not loaded, the date was counted with the Labour
Code's statutory days off only; ``due_at_provisional`` records it whenever the promise is
(re)computed — at reception, on a clock resumption, on :func:`recompute_deadline` — and never
otherwise, so loading the year's calendar changes nothing until the explicit recomputation, which
clears it.
"""

import json
from datetime import datetime, time

import frappe
from frappe import _
from frappe.utils import cint, flt, get_datetime, get_time, getdate, now_datetime

from onestop_center.deadlines import (
	CALENDAR_DAY,
	SEQUENTIAL,
	WORKING_DAY,
	WORKING_HOUR,
	ClockStop,
	StepBudget,
	Timeliness,
	classify_finished,
	classify_open,
	effective_reception,
	plan_steps,
)
from onestop_center.deadlines import resume as resume_due
from onestop_center.deadlines.clock import FINANCIAL_OBLIGATION, OTHER_LEGAL_STOP, SUPPLEMENT_REQUESTED
from onestop_center.deadlines.store import compute_due, default_calendar_name, get_calendar
from onestop_center.setup.roles import CENTRE_LEADER, ONESTOP_ADMINISTRATOR

# Statuses, by their kind (dossiers/state_kinds.py, whatever the workflow names them): a state of
# any other kind (Received, Transferred, In Progress, Supplement Requested, a review the
# administrator adds…), or without a kind, is an open, received dossier whose clock runs.
# "Cancelled" is no state of the workflow: kept closed for records of old.
LEGACY_CLOSED_STATUSES = ("Cancelled",)
# the shipped name of the supplement state (clock stops record it as their reason)
SUPPLEMENT_STATUS = "Supplement Requested"


def not_open_statuses() -> tuple[str, ...]:
	"""Not received, finished or closed: the clock does not run."""
	from onestop_center.dossiers import state_kinds as kinds

	kinds_not_open = (*kinds.NOT_RECEIVED_KINDS, *kinds.FINISHED_KINDS, *kinds.FINAL_KINDS)
	return (*kinds.states_of(*kinds_not_open), *LEGACY_CLOSED_STATUSES)


def is_finished_status(status: str | None) -> bool:
	"""The result exists (ready at the department, at the centre, handed over)."""
	from onestop_center.dossiers import state_kinds as kinds

	return kinds.is_kind(status, *kinds.FINISHED_KINDS)


def is_open_status(status: str | None) -> bool:
	"""A received dossier still being processed (the clock runs or is paused)."""
	return bool(status) and status not in not_open_statuses()


def is_received_status(status: str | None) -> bool:
	"""A status that needs a deadline: received, open or finished (not refused at intake)."""
	return is_open_status(status) or is_finished_status(status)


UNITS = {"Working Day": WORKING_DAY, "Working Hour": WORKING_HOUR, "Calendar Day": CALENDAR_DAY}
STOP_REASONS = {
	"Supplement Requested": SUPPLEMENT_REQUESTED,
	"Waiting for Financial Obligation": FINANCIAL_OBLIGATION,
	"Other Legal Stop": OTHER_LEGAL_STOP,
}
TIMELINESS = {
	Timeliness.EARLY: "Early",
	Timeliness.ON_TIME: "On Time",
	Timeliness.LATE: "Late",
	Timeliness.WITHIN_DEADLINE: "Within Deadline",
	Timeliness.OVERDUE: "Overdue",
}
WITHIN_DEADLINE = TIMELINESS[Timeliness.WITHIN_DEADLINE]
OVERDUE = TIMELINESS[Timeliness.OVERDUE]

RECOMPUTE_ROLES = (ONESTOP_ADMINISTRATOR, CENTRE_LEADER, "System Manager")

# Fields that hold the promise; changed only with doc.flags.deadline_change.
PROMISE_FIELDS = (
	"due_at",
	"due_date",
	"calendar_version",
	"effective_received_at",
	"working_calendar",
	"due_at_provisional",
)
STOP_FIELDS = ("reason", "paused_at", "resumed_at", "due_before", "due_after")
STEP_PLAN_FIELDS = ("step_order", "time_budget", "time_unit", "mode", "planned_start", "due_at")


def allow_lifecycle_write(doc) -> None:
	"""The saves made here are the lifecycle's own (see dossiers/field_policy.py)."""
	from onestop_center.dossiers.field_policy import allow_lifecycle_write as allow

	allow(doc)


def now() -> datetime:
	"""The current local time (one place for tests to freeze)."""
	return now_datetime()


# -- controller entry point -----------------------------------------------------------


def on_validate(doc) -> None:
	"""Called by Dossier.validate: reception, clock/status sync, finish, classification."""
	before = None if doc.is_new() else doc.get_doc_before_save()
	if not doc.due_at and is_received_status(doc.status):
		# on insert: from the reception time; later (Needs Completion → Received): from now,
		# the moment the dossier became complete (legal-spec §3.6).
		start = doc.received_at if doc.is_new() else now()
		receive(doc, get_datetime(start or now()))
	elif before is not None:
		check_promise_unchanged(doc, before)

	if doc.due_at:
		from onestop_center.dossiers.clock_stops import sync_clock_with_status

		sync_clock_with_status(doc, before)
		if before is None or _values(before, PROVISIONAL_SOURCES) != _values(doc, PROVISIONAL_SOURCES):
			update_provisional(doc)
	if is_finished_status(doc.status) and not doc.finished_at:
		doc.finished_at = now()
	update_timeliness(doc)


# -- reception ------------------------------------------------------------------------


def unit_of(label: str | None) -> str:
	return UNITS.get(label or "Working Day", WORKING_DAY)


def amount_of(value, unit: str):
	value = flt(value)
	return int(value) if unit != WORKING_HOUR or value == int(value) else value


def snapshot_of(doc) -> dict:
	try:
		return json.loads(doc.procedure_snapshot or "{}")
	except ValueError:
		return {}


def cutoff_of(doc) -> time | None:
	"""The procedure's afternoon cut-off time, from the frozen copy (or the procedure)."""
	value = snapshot_of(doc).get("cutoff_time")
	if value is None and doc.procedure:
		value = frappe.db.get_value("Procedure", doc.procedure, "cutoff_time")
	return get_time(value) if value else None


def dossier_period(doc) -> tuple[object, str]:
	"""(amount, engine unit) of the dossier's frozen duration; resolved immediately = 0 working days."""
	if cint(doc.resolved_immediately):
		return 0, WORKING_DAY
	unit = unit_of(doc.duration_unit)
	return amount_of(doc.duration, unit), unit


def receive(doc, start: datetime) -> None:
	"""Set the promise of a dossier received (complete) at ``start``: due moment, calendar, steps,
	and the rule set in force that day (kept for its forms and lead times)."""
	from onestop_center.dossiers.rule_set import freeze_rule_set

	freeze_rule_set(doc, start)
	doc.working_calendar = doc.working_calendar or default_calendar_name()
	amount, unit = dossier_period(doc)
	result = compute_due(start, amount, unit, doc.working_calendar, cutoff_of(doc))
	doc.effective_received_at = result.received_at
	doc.due_at = result.due_at
	doc.due_date = result.due_date
	doc.calendar_version = result.calendar_version
	doc.due_at_provisional = int(result.provisional)
	doc.clock_paused = 0
	plan_dossier_steps(doc, start, cutoff_of(doc))


# Fields whose change means the promise was (re)computed, so its provisional flag is too.
PROVISIONAL_SOURCES = ("due_at", "calendar_version", "effective_received_at")


def update_provisional(doc, cal=None) -> None:
	"""``due_at_provisional``: whether reception → due moment touches a year without official calendar."""
	if not doc.due_at:
		doc.due_at_provisional = 0
		return
	cal = cal or get_calendar(doc.working_calendar)
	start = get_datetime(doc.effective_received_at or doc.received_at or doc.due_at)
	doc.due_at_provisional = int(cal.is_provisional_between(start.date(), get_datetime(doc.due_at).date()))


# -- steps ----------------------------------------------------------------------------


def plan_dossier_steps(doc, start: datetime, cutoff: time | None = None) -> None:
	"""(Re)build the Dossier Step rows from the frozen steps; finished steps keep finished_at."""
	steps = sorted(snapshot_of(doc).get("steps") or [], key=lambda s: cint(s.get("step_order")))
	finished = {cint(row.step_order): row.finished_at for row in doc.get("steps") or () if row.finished_at}
	doc.set("steps", [])
	doc.step_plan_end = None
	doc.step_plan_exceeds_due = 0
	if not steps:
		return
	cal = get_calendar(doc.working_calendar)
	chain = [s for s in steps if s.get("mode") != "Parallel"]
	windows = {}
	if chain:
		plan = plan_steps(cal, start, [_budget(s, SEQUENTIAL) for s in chain], cutoff)
		windows.update({w.step.order: w for w in plan.steps})
	for step in steps:
		if step.get("mode") == "Parallel":
			window = plan_steps(cal, start, [_budget(step, SEQUENTIAL)], cutoff).steps[0]
			windows[window.step.order] = window
	for step in steps:
		order = cint(step.get("step_order"))
		window = windows[order]
		doc.append(
			"steps",
			{
				"step_order": order,
				"step_name": step.get("step_name"),
				"agency": step.get("agency") or None,
				"role": step.get("role") or None,
				"mode": step.get("mode") or "Sequential",
				"time_budget": flt(step.get("time_budget")),
				"time_unit": step.get("time_unit") or doc.duration_unit or "Working Day",
				"planned_start": window.start_at,
				"due_at": window.due_at,
				"due_date": window.due_date,
				"finished_at": finished.get(order),
			},
		)
	update_step_plan_end(doc)


def _budget(step: dict, mode: str) -> StepBudget:
	unit = unit_of(step.get("time_unit"))
	return StepBudget(
		order=cint(step.get("step_order")),
		agency=step.get("agency") or "",
		budget=amount_of(step.get("time_budget"), unit),
		unit=unit,
		mode=mode,
	)


def update_step_plan_end(doc) -> None:
	ends = [get_datetime(row.due_at) for row in doc.get("steps") or () if row.due_at]
	doc.step_plan_end = max(ends) if ends else None
	doc.step_plan_exceeds_due = int(bool(ends and doc.due_at and max(ends) > get_datetime(doc.due_at)))


def find_step(doc, step):
	"""A Dossier Step row by row name, idx (int), step order or step name."""
	for row in doc.get("steps") or ():
		if step in (row.name, row.step_name):
			return row
	if isinstance(step, int) or (isinstance(step, str) and step.isdigit()):
		number = int(step)
		for row in doc.steps:
			if cint(row.step_order) == number:
				return row
	frappe.throw(_("Processing step {0} was not found on dossier {1}").format(step, doc.name))


def finish_step(dossier, step, finished_at: datetime | None = None, save: bool = True):
	"""Mark a processing step finished and classify it (early / on time / late by its due date).

	``dossier``: a Dossier document or name; ``step``: the row name, step order or step name.
	Called by the workflow; permission checks are the caller's. Returns the step row.
	"""
	doc = frappe.get_doc("Dossier", dossier) if isinstance(dossier, str) else dossier
	row = find_step(doc, step)
	row.finished_at = get_datetime(finished_at) if finished_at else now()
	row.timeliness = TIMELINESS[classify_finished(get_datetime(row.due_at), get_datetime(row.finished_at))]
	if save:
		doc.flags.deadline_change = True
		allow_lifecycle_write(doc)
		doc.save(ignore_permissions=True)
		doc.flags.deadline_change = False
	return row


# -- classification -------------------------------------------------------------------


def classification(doc, at: datetime | None = None) -> str | None:
	"""The dossier's timeliness label by legal-spec §3.7 (None before reception)."""
	if not doc.due_date:
		return doc.timeliness or None
	due = getdate(doc.due_date)
	if doc.finished_at:
		return TIMELINESS[classify_finished(due, get_datetime(doc.finished_at))]
	if not is_open_status(doc.status):
		return doc.timeliness or None
	open_stop = current_stop(doc)
	at = get_datetime(open_stop.paused_at) if open_stop else (at or now())
	return TIMELINESS[classify_open(due, at)]


def update_timeliness(doc, at: datetime | None = None) -> None:
	"""Set the dossier's and its steps' timeliness (no database access)."""
	doc.timeliness = classification(doc, at)
	at = at or now()
	open_stop = current_stop(doc)
	is_open = is_open_status(doc.status) and not doc.finished_at
	for row in doc.get("steps") or ():
		if not row.due_at:
			continue
		if row.finished_at:
			row.timeliness = TIMELINESS[
				classify_finished(get_datetime(row.due_at), get_datetime(row.finished_at))
			]
		elif is_open:
			moment = get_datetime(open_stop.paused_at) if open_stop else at
			row.timeliness = TIMELINESS[classify_open(get_datetime(row.due_at), moment)]


def current_stop(doc):
	"""The open Dossier Clock Stop row, if the clock is paused."""
	for row in doc.get("clock_stops") or ():
		if not row.resumed_at:
			return row
	return None


def flag_overdue_dossiers(today=None) -> int:
	"""Daily job: open dossiers (and steps) past their due date go from Within Deadline to Overdue.

	One indexed UPDATE per table (``timeliness, due_date``); no Python loop over dossiers.
	Paused dossiers are left alone (their clock stands still). Idempotent. Returns the number
	of dossiers flipped.
	"""
	today = getdate(today or now())
	values = {
		"today": today,
		"within": WITHIN_DEADLINE,
		"overdue": OVERDUE,
		"not_open": not_open_statuses(),
	}
	frappe.db.sql(
		"""update `tabDossier` set timeliness = %(overdue)s
		where timeliness = %(within)s and due_date < %(today)s
			and finished_at is null and clock_paused = 0 and status not in %(not_open)s""",
		values,
	)
	flipped = frappe.db._cursor.rowcount if frappe.db._cursor else 0
	frappe.db.sql(
		"""update `tabDossier Step` step join `tabDossier` dossier on dossier.name = step.parent
		set step.timeliness = %(overdue)s
		where step.timeliness = %(within)s and step.due_date < %(today)s
			and step.parenttype = 'Dossier' and step.finished_at is null
			and dossier.clock_paused = 0 and dossier.finished_at is null and dossier.status not in %(not_open)s""",
		values,
	)
	return flipped


def add_index(doctype: str) -> None:
	"""on_doctype_update of Dossier and Dossier Step: the composite index of the daily overdue job."""
	frappe.db.add_index(doctype, ["timeliness", "due_date"], "timeliness_due_date")


# -- promises don't drift -------------------------------------------------------------


def _normalise(value):
	if value in (None, ""):
		return None
	if isinstance(value, datetime):
		return value.replace(microsecond=0)
	return str(value)


def _values(row, fields) -> tuple:
	out = []
	for field in fields:
		value = row.get(field)
		if value and field in (
			"due_at",
			"effective_received_at",
			"paused_at",
			"resumed_at",
			"due_before",
			"due_after",
			"planned_start",
		):
			value = get_datetime(value)
		elif field == "due_date" and value:
			value = getdate(value)
		elif field in ("time_budget",):
			value = flt(value)
		elif field == "step_order":
			value = cint(value)
		out.append(_normalise(value))
	return tuple(out)


def check_promise_unchanged(doc, before) -> None:
	"""Refuse edits of the promised dates outside a resumption or an audited recomputation."""
	if doc.flags.deadline_change or not before.due_at:
		return
	changed = [f for f in PROMISE_FIELDS if _values(before, [f]) != _values(doc, [f])]
	if [_values(r, STOP_FIELDS) for r in before.get("clock_stops")] != [
		_values(r, STOP_FIELDS) for r in doc.get("clock_stops")
	][: len(before.get("clock_stops"))]:
		changed.append("clock_stops")
	if [_values(r, STEP_PLAN_FIELDS) for r in before.get("steps")] != [
		_values(r, STEP_PLAN_FIELDS) for r in doc.get("steps")
	]:
		changed.append("steps")
	if changed:
		frappe.throw(
			_(
				"The deadline promised to the applicant cannot be edited: {0}. Use Recompute Deadline with a reason."
			).format(", ".join(_(doc.meta.get_label(f)) for f in changed)),
			title=_("Promised deadline"),
		)


# -- audited recomputation ------------------------------------------------------------


def recompute(doc, reason: str) -> dict:
	"""Recompute the promise on the current edition of the dossier's calendar; comment old → new."""
	if not doc.due_at or not doc.effective_received_at:
		frappe.throw(_("Dossier {0} has no deadline yet").format(doc.name))
	old = {"due_at": get_datetime(doc.due_at), "calendar_version": doc.calendar_version}
	cal = get_calendar(doc.working_calendar)
	start = get_datetime(doc.effective_received_at)
	amount, unit = dossier_period(doc)
	if unit != CALENDAR_DAY:
		start = effective_reception(cal, start)
	result = compute_due(start, amount, unit, doc.working_calendar)
	due_at = result.due_at
	plan_dossier_steps(doc, start)
	for row in doc.get("clock_stops") or ():
		if row.resumed_at:
			stop = ClockStop(
				STOP_REASONS[row.reason], get_datetime(row.paused_at), get_datetime(row.resumed_at)
			)
			due_at = resume_due(cal, due_at, stop)
			shift_open_steps(doc, cal, stop)
	doc.effective_received_at = start
	doc.due_at = due_at
	doc.due_date = due_at.date()
	doc.calendar_version = result.calendar_version
	update_provisional(doc, cal)
	update_step_plan_end(doc)
	update_timeliness(doc)
	doc.flags.deadline_change = True
	allow_lifecycle_write(doc)
	doc.save(ignore_permissions=True)
	doc.flags.deadline_change = False
	doc.add_comment(
		"Comment",
		_("Deadline recomputed: {0} → {1} (calendar version {2} → {3}). Reason: {4}").format(
			_format(old["due_at"]),
			_format(due_at),
			old["calendar_version"] or "-",
			result.calendar_version,
			frappe.utils.escape_html(reason),
		),
	)
	return {"old_due_at": old["due_at"], "due_at": due_at, "calendar_version": result.calendar_version}


def shift_open_steps(doc, cal, stop: ClockStop) -> None:
	"""Unfinished steps move by the working time the clock stood still (as the dossier does)."""
	for row in doc.get("steps") or ():
		if row.finished_at or not row.due_at:
			continue
		if row.planned_start and get_datetime(row.planned_start) >= stop.paused_at:
			row.planned_start = resume_due(cal, get_datetime(row.planned_start), stop)
		row.due_at = resume_due(cal, get_datetime(row.due_at), stop)
		row.due_date = getdate(row.due_at)


def _format(moment: datetime) -> str:
	return get_datetime(moment).strftime("%H:%M %d/%m/%Y")


@frappe.whitelist(methods=["POST"])
def recompute_deadline(dossier: str | None = None, reason: str | None = None) -> dict:
	"""Explicit, audited recomputation of a dossier's due moment on the calendar's current edition.

	Allowed to OneStop Administrators, Centre Leaders and System Managers; a reason is required
	and recorded, with the old and new dates and calendar versions, as a timeline comment.
	"""
	if not set(RECOMPUTE_ROLES) & set(frappe.get_roles()):
		frappe.throw(
			_("Only a OneStop Administrator, a Centre Leader or a System Manager can recompute a deadline"),
			frappe.PermissionError,
		)
	from onestop_center import arguments

	dossier = arguments.name(dossier, "Dossier")
	reason = arguments.text(reason, "Reason", required=False)
	if not reason:
		frappe.throw(_("A reason is required to recompute a deadline"), title=_("Reason required"))
	from onestop_center.security.access import get_readable

	return recompute(get_readable("Dossier", dossier), reason)
