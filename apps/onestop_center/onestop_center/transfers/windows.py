"""Transfer windows: received dossiers go to the departments in batches at configured times.

The windows are times of day in OneStop Settings (default 10:30 and 16:00), on working days of
the default Working Calendar. At a window, every Received dossier whose clock started before the
window goes to the lead agency of its current step, in one Transfer Batch per agency and window.
A dossier received after the last window of a day goes in the first window of the next working
day; a dossier resolved immediately is transferred at once on reception (see lifecycle).

The scheduler calls :func:`run_due_windows` every few minutes. It runs each window that has
passed and not yet been run (the last run window is remembered in a global default), catching up
windows missed while the scheduler was down (at most :data:`CATCH_UP_DAYS` days back).

Idempotent: each dossier is locked and checked again (still Received, not yet in a batch of the
window) before it is transferred, so a concurrent run skips it, and a unique index on
(agency, window_at) allows one batch per agency and window.

Jobs (the scheduler's windows, "Transfer now") commit after every dossier, in a transaction that
locks one dossier and its agency's batch, and retry a deadlock a few times: a run over hundreds of
dossiers never holds their locks together, and never in a web request — "Transfer now" is a
background job (:func:`transfer_now` queues :func:`run_transfer_now`; the desk follows its progress
through :func:`transfer_now_status` and the realtime ``progress`` events).
"""

import random
import time
from datetime import datetime, timedelta

import frappe
from frappe import _
from frappe.utils import get_datetime, now_datetime

from onestop_center.deadlines.store import get_calendar
from onestop_center.dossiers import lifecycle
from onestop_center.onestop_center.doctype.onestop_settings.onestop_settings import transfer_windows
from onestop_center.setup.roles import CENTRE_LEADER, GENERAL_AFFAIRS_OFFICER, ONESTOP_ADMINISTRATOR

# who may send the received dossiers without waiting for the next window
TRANSFER_NOW_ROLES = (GENERAL_AFFAIRS_OFFICER, CENTRE_LEADER, ONESTOP_ADMINISTRATOR, "System Manager")

LAST_WINDOW_KEY = "onestop_center_last_transfer_window"
CATCH_UP_DAYS = 7
# a dossier whose transaction was chosen as a deadlock victim is tried this many times in all
DEADLOCK_TRIES = 3
TRANSFER_NOW_JOB = "onestop_transfer_now"  # job id (one at a time per site) and status cache key


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
		batches += run_window(window_at, now=now, commit=commit)
		frappe.db.set_global(LAST_WINDOW_KEY, window_at.isoformat(sep=" "))
		if commit:
			frappe.db.commit()
	return batches


def run_window(
	window_at: datetime,
	now: datetime | None = None,
	on_hand: bool = False,
	commit: bool = False,
	progress=None,
) -> list[str]:
	"""Transfer every Received dossier whose clock started before ``window_at``, batched per agency.

	``on_hand``: take every dossier physically received by then, even one whose clock starts only
	at the next session (received after hours), as a manual transfer does.
	``commit``: commit after each dossier and retry one chosen as a deadlock victim (jobs); a
	dossier that cannot be transferred is rolled back, logged and skipped. Without it (tests, a
	caller's own transaction) everything stays in the current transaction and errors are raised.
	``progress(done, total, failed)`` is called after each dossier (``failed``: names not transferred).
	Safe to run again: a dossier is taken only while Received and only once per window.
	Returns the batches made or extended, in the order of their first dossier.
	"""
	window_at = get_datetime(window_at)
	handed_at = max(get_datetime(now) if now else lifecycle.now(), window_at).replace(microsecond=0)
	received = "received_at" if on_hand else "coalesce(effective_received_at, received_at)"
	# no lock here: each dossier is locked and checked again in its own transaction
	names = frappe.db.sql(
		f"""
		select name from `tabDossier`
		where status = %(received)s and {received} < %(window)s
		order by coalesce(effective_received_at, received_at), name
		""",
		{"received": lifecycle.RECEIVED, "window": window_at},
		pluck=True,
	)
	if commit:
		frappe.db.commit()
	made, failed = [], []
	for done, name in enumerate(names, start=1):
		try:
			if commit:
				batch = _committed(name, _transfer_one, name, window_at, handed_at, on_hand)
			else:
				batch = _transfer_one(name, window_at, handed_at, on_hand)
		except NotTransferred:
			batch = None
			failed.append(name)
		if batch and batch not in made:
			made.append(batch)
		if progress:
			progress(done, len(names), failed)
	return made


def _transfer_one(name: str, window_at: datetime, handed_at: datetime, on_hand: bool) -> str | None:
	"""Transfer one dossier in its agency's batch of the window, if it is still due; the batch name."""
	dossier = frappe.get_doc("Dossier", name, for_update=True)
	started = dossier.received_at if on_hand else (dossier.effective_received_at or dossier.received_at)
	if dossier.status != lifecycle.RECEIVED or not started or get_datetime(started) >= window_at:
		return None
	if frappe.db.sql(
		"""select 1 from `tabTransfer Batch Dossier` line
		join `tabTransfer Batch` batch on batch.name = line.parent
		where line.dossier = %s and line.parenttype = 'Transfer Batch' and batch.window_at = %s
		limit 1""",
		(name, window_at),
	):
		return None  # already sent in this window (then sent back and resent): the next window
	batch = _batch_for(lifecycle.holder_agency(dossier), window_at)
	_add_to_batch(batch, dossier, handed_at)
	_hand_over_batch(batch, handed_at)
	return batch.name


class NotTransferred(Exception):
	"""A dossier a job could not transfer (rolled back and logged; the run goes on)."""


def _committed(name: str, function, *args):
	"""Run ``function`` in a transaction of its own and commit; retry a deadlock victim (rolled
	back entirely by the database) or a lock wait timeout up to :data:`DEADLOCK_TRIES` times, after
	a short random pause. Any other error, or the last failed try, is rolled back, logged in the
	Error Log and raised as :class:`NotTransferred`."""
	for attempt in range(1, DEADLOCK_TRIES + 1):
		try:
			result = function(*args)
			frappe.db.commit()
			return result
		except (frappe.QueryDeadlockError, frappe.QueryTimeoutError):
			trace = frappe.get_traceback()
			frappe.db.rollback()
			if attempt == DEADLOCK_TRIES:
				title = f"Transfer: {name} still locked after {attempt} tries"
				break
			time.sleep(random.uniform(0.05, 0.2) * attempt)
		except Exception:
			trace = frappe.get_traceback()
			frappe.db.rollback()
			title = f"Transfer: {name} not transferred"
			break
	frappe.log_error(title=title, message=trace, reference_doctype="Dossier", reference_name=name)
	frappe.db.commit()
	raise NotTransferred(name)


def _check_transfer_now_role() -> None:
	if not set(frappe.get_roles()) & set(TRANSFER_NOW_ROLES):
		frappe.throw(
			_(
				"Only the general-affairs team and the centre's leaders can transfer dossiers outside the windows"
			),
			frappe.PermissionError,
		)


@frappe.whitelist(methods=["POST"])
def transfer_now() -> dict:
	"""An extra window now: the general-affairs team sends the received dossiers without waiting.

	Queues :func:`run_transfer_now` (one run at a time per site: while one is queued or running,
	this answers its status instead of queuing another) and answers at once with the job's status;
	the desk follows it with :func:`transfer_now_status`. No dossier is locked by this request.
	"""
	from frappe.utils.background_jobs import is_job_enqueued

	_check_transfer_now_role()
	if is_job_enqueued(TRANSFER_NOW_JOB):
		return transfer_now_status()
	status = _set_status({}, state="queued", requested_by=frappe.session.user, requested_at=now_datetime())
	frappe.enqueue(
		"onestop_center.transfers.windows.run_transfer_now",
		queue="short",
		timeout=3600,
		job_id=TRANSFER_NOW_JOB,
		deduplicate=True,
		enqueue_after_commit=True,
	)
	return status


@frappe.whitelist(methods=["GET", "POST"])
def transfer_now_status() -> dict:
	"""The last "Transfer now" run: state (queued, running, done, failed), dossiers done / total,
	the batches made, and who asked when."""
	_check_transfer_now_role()
	return frappe.cache.get_value(TRANSFER_NOW_JOB, expires=True) or {"state": "none"}


def run_transfer_now(now: datetime | str | None = None, commit: bool = True) -> list[str]:
	"""Background job of "Transfer now": every dossier received so far, also one received after hours
	(its clock still starts at the next session), goes to its agency in one batch per agency; never
	a dossier twice. Commits per dossier (``commit=False``: all in the caller's transaction, for
	tests); publishes its progress to the user who asked. Returns the batches made."""
	now = (get_datetime(now) if now else lifecycle.now()).replace(microsecond=0)
	status = _set_status(state="running", done=0, total=0, batches=[], failed=[], started_at=now_datetime())
	title = _("Transferring received dossiers")

	def progress(done, total, failed):
		frappe.publish_progress(done * 100 / total, title=title, description=f"{done}/{total}")
		_set_status(status, done=done, total=total, failed=failed)

	try:
		batches = run_window(now + timedelta(seconds=1), now=now, on_hand=True, commit=commit, progress=progress)
	except Exception:
		if commit:
			frappe.db.rollback()
		_set_status(status, state="failed", finished_at=now_datetime())
		raise
	_set_status(status, state="done", batches=batches, finished_at=now_datetime())
	return batches


def _set_status(status: dict | None = None, **values) -> dict:
	"""Update (in place) and store the status of "Transfer now" (kept a day)."""
	if status is None:
		status = frappe.cache.get_value(TRANSFER_NOW_JOB, expires=True) or {}
	status.update(values)
	for key, value in status.items():
		if isinstance(value, datetime):
			status[key] = value.isoformat(sep=" ", timespec="seconds")
	frappe.cache.set_value(TRANSFER_NOW_JOB, status, expires_in_sec=24 * 3600)
	return status


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
