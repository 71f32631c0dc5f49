# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""The integration outbox: messages to other systems, queued with the change they report.

A message (*Integration Delivery*) is inserted by :func:`queue` in the **same transaction** as the
dossier event it reports: a rolled-back change leaves no message, a committed one always has its
message. After the commit a background job (:func:`send_pending`) is enqueued; the scheduler also
runs it every two minutes for the retries that are due.

Sending (:func:`deliver`): an HTTP POST of the message's JSON to the receiver's endpoint
(*Integration Settings*), with the header ``Idempotency-Key`` — the same key on every attempt of
the message, so the receiver keeps one copy however many times it is sent. A 2xx answer delivers
it. A 5xx answer, 408/425/429, a timeout or a connection error is retried after
``base_delay × 2^(attempts − 1)`` seconds (at most ``max_delay``); after ``max_attempts`` the
message is **Failed**. Another 4xx answer (the receiver refuses the message itself, or our
credentials) fails it at once: sending it again unchanged would not help.

Order: the messages of one dossier to one receiver go out in the order of their events; a message
waits while an earlier one of the same dossier and receiver is not delivered (pending or failed),
so a receiver never sees a dossier go back to an older state. An administrator sends failed
messages again (:func:`retry`, "Gửi lại" in the desk) or gives them up (:func:`abandon`), which
lets the later ones go.

Messages are claimed row by row with ``FOR UPDATE SKIP LOCKED``: two workers never send the same
message at once. The payload keeps what was sent; the attempt log keeps every attempt.
"""

import json
import uuid
from datetime import timedelta

import frappe
import requests
from frappe import _
from frappe.utils import cint, get_datetime

from onestop_center import arguments
from onestop_center.setup.roles import ONESTOP_ADMINISTRATOR

DELIVERY = "Integration Delivery"
SETTINGS = "Integration Settings"

# Status
PENDING = "Pending"
DELIVERED = "Delivered"
FAILED = "Failed"
ABANDONED = "Abandoned"
# Receivers
NATIONAL_PORTAL = "National Portal"
DEPARTMENT_SYSTEM = "Department System"
DOCUMENT_MANAGEMENT = "Document Management"

IDEMPOTENCY_HEADER = "Idempotency-Key"
EVENT_HEADER = "X-OneStop-Event"
# Answers worth another attempt besides 5xx: timeout, too early, too many requests.
RETRIED_CLIENT_ERRORS = frozenset({408, 425, 429})
# Lines of the attempt log kept on a message, the newest last.
ATTEMPT_LOG_LINES = 50
# Top-level payload keys holding the dossier's code (national field set; the department exchange).
DOSSIER_CODE_KEYS = ("MaHoSo", "dossier_code")
JOB_ID = "onestop-integration-outbox"
ADMIN_ROLES = frozenset({ONESTOP_ADMINISTRATOR, "System Manager"})

DEFAULTS = frappe._dict(max_attempts=10, base_delay=60, max_delay=6 * 3600, request_timeout=15)


class DeliveryActionError(frappe.ValidationError):
	"""A message cannot take this action in its status (e.g. sending a delivered one again)."""


def now():
	"""The app's clock (frozen by tests through ``dossiers.deadline.now``)."""
	from onestop_center.dossiers import lifecycle

	return lifecycle.now()


def is_installed() -> bool:
	"""False on a site whose database is older than this code (not migrated yet): nothing to do."""
	return bool(frappe.db.table_exists(DELIVERY))


def get_settings():
	"""*Integration Settings* (cached until they are saved)."""
	return frappe.get_cached_doc(SETTINGS)


def setting(settings, fieldname: str) -> int:
	"""A numeric setting, its default when empty or zero."""
	return cint(settings.get(fieldname)) or DEFAULTS[fieldname]


# -- queueing (in the transaction of the event) ------------------------------------------------------


def queue(
	receiver: str,
	event: str,
	payload: dict,
	*,
	dossier: str | None = None,
	agency: str | None = None,
	reference: tuple[str, str] | None = None,
	event_at=None,
):
	"""Put a message in the outbox, in the current transaction; it is sent after the commit.

	Called where the event happens (``integration/events.py``), never after the commit: the
	message and the change it reports are written or rolled back together.
	"""
	at = get_datetime(event_at) if event_at else now()
	lang = frappe.get_system_settings("language") or frappe.local.lang
	row = frappe.get_doc(
		{
			"doctype": DELIVERY,
			# what the list shows, in the desk's language: "Đã tiếp nhận → Cổng Dịch vụ công quốc gia"
			"title": f"{_(event, lang=lang)} → {_(receiver, lang=lang)}",
			"receiver": receiver,
			"event": event,
			"dossier": dossier,
			"agency": agency,
			"reference_doctype": reference[0] if reference else None,
			"reference_name": reference[1] if reference else None,
			"event_at": at,
			"status": PENDING,
			"attempts": 0,
			"next_attempt_at": at,
			"idempotency_key": str(uuid.uuid4()),
			"payload": dump(payload),
		}
	)
	row.insert(ignore_permissions=True)
	schedule_sending()
	return row


def dump(payload) -> str:
	return json.dumps(payload, ensure_ascii=False, indent=1, default=str)


def schedule_sending() -> None:
	"""Enqueue the sender once the current transaction commits (once per transaction).

	Frappe runs ``after_commit`` callbacks after the commit and clears them on a rollback, so a
	rolled-back change never wakes the sender, and the queue is the transaction's own.
	"""
	if _enqueue_sender not in frappe.db.after_commit._functions:
		frappe.db.after_commit.add(_enqueue_sender)


def _enqueue_sender() -> None:
	frappe.enqueue(f"{__name__}.send_pending", queue="short", job_id=JOB_ID, deduplicate=True)


# -- sending (background job) --------------------------------------------------------------------------


def send_pending(limit: int = 500, commit: bool = True) -> dict:
	"""Send the messages that are due, oldest first; the job and the scheduler's sweep.

	Each message is claimed, sent and recorded in a transaction of its own (``commit``; a test
	calls this with ``commit=False`` to keep its data in its own transaction); an error on one
	message is logged (Error Log) and the others go on. Returns counts per outcome (delivered,
	retry, failed, waiting, skipped). A message committed while this job runs is taken by the next
	one or by the sweep (the job is queued once: ``deduplicate``).
	"""
	counts = dict.fromkeys(("delivered", "retry", "failed", "waiting", "skipped"), 0)
	if not is_installed():
		return counts
	settings = get_settings()
	names = frappe.get_all(
		DELIVERY,
		filters={"status": PENDING, "next_attempt_at": ("<=", now())},
		order_by="creation asc, name asc",
		limit=limit,
		pluck="name",
	)
	for name in names:
		try:
			outcome = deliver(name, settings=settings)
		except Exception:
			# one broken message must not stop the others: logged, left as it was, retried next sweep
			if not commit:
				raise
			frappe.db.rollback()
			frappe.log_error(title=f"Integration Delivery {name}", reference_doctype=DELIVERY, reference_name=name)
			outcome = "skipped"
		counts[outcome] += 1
		if commit:
			frappe.db.commit()
	return counts


def deliver(name: str, settings=None) -> str:
	"""Send one pending message now; returns the outcome.

	``skipped``: not pending any more, not due, claimed by another worker or its receiver is
	switched off (it waits, no attempt counted); ``waiting``: an earlier message of the same
	dossier to the same receiver is not delivered yet; ``delivered``, ``retry`` (next attempt
	scheduled) or ``failed``.
	"""
	settings = settings or get_settings()
	claimed = frappe.db.sql(
		f"""select name from `tab{DELIVERY}` where name = %s and status = %s and next_attempt_at <= %s
		for update skip locked""",
		(name, PENDING, now()),
	)
	if not claimed:
		return "skipped"
	row = frappe.get_doc(DELIVERY, name)
	if _earlier_undelivered(row):
		return "waiting"
	endpoint = endpoint_for(row, settings)
	if not endpoint:
		return "skipped"
	url, headers = endpoint
	body = _body(row)
	at = now()
	code, text, error = _post(url, body, headers, row, settings)
	attempts = cint(row.attempts) + 1
	values = {
		"attempts": attempts,
		"last_attempt_at": at,
		"response_code": code or 0,  # 0: no answer (timeout, connection refused)
		"response": (text or "")[:2000] or None,
		"payload": body,
	}
	if error is None:
		values.update(status=DELIVERED, delivered_at=at, next_attempt_at=None, last_error=None)
		outcome = "delivered"
	elif attempts >= setting(settings, "max_attempts") or not _worth_retrying(code):
		values.update(status=FAILED, next_attempt_at=None, last_error=error)
		outcome = "failed"
	else:
		values.update(next_attempt_at=at + backoff(attempts, settings), last_error=error)
		outcome = "retry"
	values["attempt_log"] = _log_line(row.attempt_log, at, attempts, code, error)
	# bookkeeping of the sender: no Version per attempt (the attempt log keeps them)
	row.db_set(values, update_modified=False)
	return outcome


def backoff(attempts: int, settings=None) -> timedelta:
	"""The wait after the ``attempts``-th failed attempt: base × 2^(attempts − 1), capped."""
	settings = settings or get_settings()
	base = setting(settings, "base_delay")
	seconds = min(base * 2 ** max(attempts - 1, 0), setting(settings, "max_delay"))
	return timedelta(seconds=seconds)


def _earlier_undelivered(row) -> bool:
	"""An earlier message of the same dossier (or document) to the same receiver not delivered."""
	if not (row.dossier or row.reference_name):
		return False
	conditions = {"receiver": row.receiver, "status": ("in", (PENDING, FAILED)), "name": ("!=", row.name)}
	conditions["creation"] = ("<", row.creation)
	if row.dossier:
		conditions["dossier"] = row.dossier
	else:
		conditions.update(reference_doctype=row.reference_doctype, reference_name=row.reference_name)
	if row.agency:
		conditions["agency"] = row.agency
	return bool(frappe.get_all(DELIVERY, filters=conditions, limit=1, pluck="name"))


def endpoint_for(row, settings) -> tuple[str, dict] | None:
	"""(URL, headers) of the message's receiver, or None while that receiver is switched off."""
	from onestop_center.integration import departments, dms, national

	if row.receiver == NATIONAL_PORTAL:
		found = national.endpoint(settings)
	elif row.receiver == DEPARTMENT_SYSTEM:
		found = departments.endpoint(settings, row.agency)
	elif row.receiver == DOCUMENT_MANAGEMENT:
		found = dms.endpoint(settings)
	else:
		found = None
	if not found:
		return None
	url, token = found
	headers = {
		"Content-Type": "application/json; charset=utf-8",
		"Accept": "application/json",
		IDEMPOTENCY_HEADER: row.idempotency_key,
		EVENT_HEADER: row.event,
		"User-Agent": "OneStop-Center",
	}
	if token:
		headers["Authorization"] = f"Bearer {token}"
	return url, headers


def _body(row) -> str:
	"""The message as sent: its payload, with the dossier's code as it is now.

	A reception's messages are queued before the provisional name of the draft is replaced by the
	dossier code (``intake.give_dossier_code`` renames last, in the same transaction); the rename
	updates the message's ``dossier`` link, so the code is taken from there when sending.
	"""
	payload = json.loads(row.payload or "{}")
	if row.dossier:
		for key in DOSSIER_CODE_KEYS:
			if key in payload:
				payload[key] = row.dossier
	return dump(payload)


def _post(url: str, body: str, headers: dict, row, settings) -> tuple[int | None, str | None, str | None]:
	"""(status code, response text, error or None) of one attempt; never raises."""
	try:
		response = requests.post(
			url, data=body.encode(), headers=headers, timeout=setting(settings, "request_timeout")
		)
	except requests.RequestException as exc:
		return None, None, f"{type(exc).__name__}: {str(exc)[:500]}"
	if 200 <= response.status_code < 300:
		return response.status_code, response.text, None
	return response.status_code, response.text, f"HTTP {response.status_code}: {response.text[:300]}"


def _worth_retrying(code: int | None) -> bool:
	"""No answer, a server error or a "try later": another attempt may succeed."""
	return code is None or code >= 500 or code in RETRIED_CLIENT_ERRORS


def _log_line(log: str | None, at, attempts: int, code: int | None, error: str | None) -> str:
	outcome = "OK" if error is None else error.splitlines()[0][:200]
	line = f"{get_datetime(at):%Y-%m-%d %H:%M:%S} #{attempts} {code or '-'} {outcome}"
	lines = [*(log or "").splitlines(), line]
	return "\n".join(lines[-ATTEMPT_LOG_LINES:])


# -- the administrator's actions ---------------------------------------------------------------------


def _check_administrator() -> None:
	if frappe.session.user != "Administrator" and not ADMIN_ROLES & set(frappe.get_roles()):
		frappe.throw(
			_("Only the OneStop Administrator can send or give up messages to other systems"),
			frappe.PermissionError,
		)


def _change_status(deliveries, from_statuses: tuple, values: dict, refusal: str, note: str) -> list[str]:
	"""The administrator's action on messages (by name): each must be in ``from_statuses``; each gets
	``values``, a Version (also in tests) and a timeline line ``note``; the sender is woken."""
	_check_administrator()
	names = list(dict.fromkeys(arguments.names(deliveries, "Deliveries")))
	if not names:
		frappe.throw(_("Choose the messages"), frappe.MandatoryError, title=_("Missing information"))
	if len(names) > 500:
		frappe.throw(_("At most {0} messages at a time").format(500), arguments.InvalidArgumentError)
	rows = []
	for name in names:
		if not frappe.db.exists(DELIVERY, name):
			frappe.throw(_("Message {0} not found").format(arguments.shown(name)), frappe.DoesNotExistError)
		rows.append(frappe.get_doc(DELIVERY, name, for_update=True))
	refused = [row.name for row in rows if row.status not in from_statuses]
	if refused:
		frappe.throw(refusal.format(", ".join(refused)), DeliveryActionError, title=_("Action not possible"))
	for row in rows:
		row.update(values)
		row.save(ignore_permissions=True, ignore_version=False)
		row.add_comment("Info", note.format(frappe.utils.get_fullname()))
	schedule_sending()
	return names


@frappe.whitelist(methods=["POST"])
def retry(deliveries: str | list | None = None) -> dict:
	"""Send failed or given-up messages again ("Gửi lại"): pending now, attempts counted afresh.

	The message keeps its idempotency key, so a receiver that did get an earlier attempt keeps
	one copy. Recorded in the message's history (Version) and timeline.
	"""
	names = _change_status(
		deliveries,
		(FAILED, ABANDONED),
		{"status": PENDING, "attempts": 0, "next_attempt_at": now(), "last_error": None},
		_("Only failed or abandoned messages can be sent again: {0}"),
		_("Queued again by {0}"),
	)
	return {"queued": names}


@frappe.whitelist(methods=["POST"])
def abandon(deliveries: str | list | None = None) -> dict:
	"""Give up pending or failed messages ("Bỏ qua"): no more attempts; later messages of the same
	dossier to the same receiver are no longer held back by them (the sender is woken for them)."""
	names = _change_status(
		deliveries,
		(PENDING, FAILED),
		{"status": ABANDONED, "next_attempt_at": None},
		_("Only pending or failed messages can be given up: {0}"),
		_("Given up by {0}"),
	)
	return {"abandoned": names}
