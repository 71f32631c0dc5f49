"""Transfer windows: received dossiers go to the departments in batches at configured times.

The windows are times of day in OneStop Settings (default 10:30 and 16:00), on working days of
the default Working Calendar. At a window, every Received dossier whose clock started before the
window goes to the lead agency of its current step, in one Transfer Batch per agency and window.
A dossier received after the last window of a day goes in the first window of the next working
day; a dossier resolved immediately is transferred at once on reception (see lifecycle).

The scheduler calls :func:`run_due_windows` every few minutes. It runs each window that has
passed and not yet been run (the last run window is remembered in a global default), catching up
windows missed while the scheduler was down (at most :data:`CATCH_UP_DAYS` days back).

Idempotent: dossiers are picked by state under ``SELECT … FOR UPDATE`` (a concurrent run waits,
then sees them Transferred), a dossier already listed in a batch of the window is never taken
again, and a unique index on (agency, window_at) allows one batch per agency and window.
"""

from collections import defaultdict
from datetime import datetime, timedelta

import frappe
from frappe import _
from frappe.utils import get_datetime

from onestop_center.deadlines.store import get_calendar
from onestop_center.dossiers import lifecycle
from onestop_center.onestop_center.doctype.onestop_settings.onestop_settings import transfer_windows
from onestop_center.setup.roles import CENTRE_LEADER, GENERAL_AFFAIRS_OFFICER, ONESTOP_ADMINISTRATOR

# who may send the received dossiers without waiting for the next window
TRANSFER_NOW_ROLES = (GENERAL_AFFAIRS_OFFICER, CENTRE_LEADER, ONESTOP_ADMINISTRATOR, "System Manager")

LAST_WINDOW_KEY = "onestop_center_last_transfer_window"
CATCH_UP_DAYS = 7


def window_moments(start: datetime, end: datetime, calendar=None) -> list[datetime]:
	"""The transfer windows in [start, end], on working days of the (default) calendar."""
	calendar = calendar or get_calendar()
	times = transfer_windows()
	moments = []
	day = start.date()
	while day <= end.date():
		if calendar.is_working_day(day):
			moments.extend(
				moment
				for moment in (datetime.combine(day, clock) for clock in times)
				if start <= moment <= end
			)
		day += timedelta(days=1)
	return moments


def next_window(after: datetime, calendar=None) -> datetime:
	"""The first transfer window strictly after ``after``."""
	calendar = calendar or get_calendar()
	start = after + timedelta(seconds=1)
	for days in range(1, 370, 7):
		moments = window_moments(start, after + timedelta(days=days + 7), calendar)
		if moments:
			return moments[0]
	raise ValueError("no transfer window within a year")


def last_run_window() -> datetime | None:
	value = frappe.db.get_global(LAST_WINDOW_KEY)
	return get_datetime(value) if value else None


def due_windows(now: datetime) -> list[datetime]:
	"""Windows that have passed and not been run yet (the latest one only on a first run)."""
	last = last_run_window()
	start = now - timedelta(days=CATCH_UP_DAYS)
	if last and last > start:
		start = last + timedelta(seconds=1)
	moments = window_moments(start, now)
	return moments if last else moments[-1:]


def run_due_windows(now: datetime | None = None, commit: bool = True) -> list[str]:
	"""Scheduler job: run every due window; returns the names of the batches made or extended."""
	now = get_datetime(now) if now else lifecycle.now()
	batches = []
	for window_at in due_windows(now):
		batches += run_window(window_at, now=now)
		frappe.db.set_global(LAST_WINDOW_KEY, window_at.isoformat(sep=" "))
		if commit:
			frappe.db.commit()
	return batches


def run_window(window_at: datetime, now: datetime | None = None, on_hand: bool = False) -> list[str]:
	"""Transfer every Received dossier whose clock started before ``window_at``, batched per agency.

	``on_hand``: take every dossier physically received by then, even one whose clock starts only
	at the next session (received after hours), as a manual transfer does.
	Safe to run again: a dossier is taken only while Received and only once per window.
	"""
	window_at = get_datetime(window_at)
	handed_at = max(get_datetime(now) if now else lifecycle.now(), window_at).replace(microsecond=0)
	names = frappe.db.sql(
		"""
		select name from `tabDossier`
		where status = %(received)s and {received} < %(window)s
		order by coalesce(effective_received_at, received_at), name
		for update
		""".format(received="received_at" if on_hand else "coalesce(effective_received_at, received_at)"),
		{"received": lifecycle.RECEIVED, "window": window_at},
		pluck=True,
	)
	if not names:
		return []
	already = set(
		frappe.get_all(
			"Transfer Batch Dossier",
			filters={
				"parenttype": "Transfer Batch",
				"parent": (
					"in",
					frappe.get_all("Transfer Batch", {"window_at": window_at}, pluck="name") or [""],
				),
			},
			pluck="dossier",
		)
	)
	by_agency = defaultdict(list)
	for name in names:
		if name in already:
			continue
		dossier = frappe.get_doc("Dossier", name)
		by_agency[lifecycle.holder_agency(dossier)].append(dossier)

	made = []
	for agency, dossiers in by_agency.items():
		batch = _batch_for(agency, window_at)
		for dossier in dossiers:
			_add_to_batch(batch, dossier, handed_at)
		_hand_over_batch(batch, handed_at)
		made.append(batch.name)
	return made


@frappe.whitelist(methods=["POST"])
def transfer_now() -> list[str]:
	"""An extra window now: the general-affairs team sends the received dossiers without waiting.

	Every dossier received so far goes, also one received after hours (its clock still starts at
	the next session); one batch per agency, never a dossier twice. Returns the batches made.
	"""
	if not set(frappe.get_roles()) & set(TRANSFER_NOW_ROLES):
		frappe.throw(
			_(
				"Only the general-affairs team and the centre's leaders can transfer dossiers outside the windows"
			),
			frappe.PermissionError,
		)
	now = lifecycle.now().replace(microsecond=0)
	return run_window(now + timedelta(seconds=1), now=now, on_hand=True)


def transfer_in_batch(dossier, window_at: datetime, handed_at: datetime | None = None) -> str:
	"""Transfer one Received dossier in the batch of its agency at ``window_at`` (demo, catch-up)."""
	window_at = get_datetime(window_at)
	handed_at = get_datetime(handed_at) if handed_at else window_at
	batch = _batch_for(lifecycle.holder_agency(dossier), window_at)
	_add_to_batch(batch, dossier, handed_at)
	_hand_over_batch(batch, handed_at)
	return batch.name


def batch_row(dossier) -> dict:
	"""A dossier's line on the hand-over slip of its Transfer Batch."""
	return {
		"dossier": dossier.name,
		"procedure_name": dossier.procedure_name,
		"applicant_name": dossier.applicant_name,
		"received_at": dossier.received_at,
		"due_at": dossier.due_at,
	}


def _add_to_batch(batch, dossier, handed_at: datetime) -> None:
	batch.append("dossiers", batch_row(dossier))
	lifecycle.transfer(dossier, batch=batch.name, at=handed_at)


def _hand_over_batch(batch, handed_at: datetime) -> None:
	batch.status = "Handed Over"
	batch.handed_at = handed_at
	batch.handed_by = frappe.session.user
	batch.save(ignore_permissions=True)


def _batch_for(agency: str, window_at: datetime):
	name = frappe.db.get_value("Transfer Batch", {"agency": agency, "window_at": window_at})
	if name:
		return frappe.get_doc("Transfer Batch", name, for_update=True)
	return frappe.get_doc(
		{"doctype": "Transfer Batch", "agency": agency, "window_at": window_at, "status": "Open"}
	).insert(ignore_permissions=True)
