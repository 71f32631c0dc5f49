# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Exchange with the departments' own systems, inbound: API version 1 (issue 12 §9).

A department that runs its own one-stop or specialised software (a *peer*) receives here the
dossiers transferred to its agency and reports back what its officers did: receipt, the end of a
step, a directive, an opinion on a consultation, a supplement request, the result. The peer is a
Frappe User holding the role "Department System" plus the department roles of the steps it
reports (normally Department Head, who may act for a specialist's step), attached to its agency by
a User Permission (:func:`provision_peer`), calling with Frappe's token authentication
(``Authorization: token <api_key>:<api_secret>``). It is a department user like the agency's own
officers: it reads and changes exactly what they may (``permissions.py``), and every change goes
through the lifecycle functions behind the department's buttons (``lifecycle.apply``,
``add_directive``, ``answer_consultation``), so the lifecycle stays the only writer of its fields
and refuses actions out of order with its own Vietnamese messages (HTTP 417). The lifecycle
records the peer's account ("Hệ thống của Sở …") as the actor; the officer named by the peer, if
any, goes on the dossier's timeline.

Every action takes a ``request_id`` chosen by the peer (letters, digits, ``. _ : -``): the first
answer is kept (an *Integration Request*, remote, service :data:`SERVICE`) and a replay of the same
request returns it again with ``replayed: true`` instead of acting twice; the same id with other
arguments is refused (HTTP 409). A refused request keeps nothing: it may be retried with its id.
Requests are rate-limited per client (:data:`READS_PER_MINUTE`, :data:`WRITES_PER_MINUTE`).

Endpoints (``/api/method/onestop_center.integration.exchange.<name>``), documented in the OpenAPI
document (``api/openapi.py``) and ``docs/department-exchange.md``:

* ``v1_list_dossiers`` (GET) — dossiers at a department state that the agency holds or is consulted
  on, changed after ``cursor``, oldest change first; ``next_cursor`` continues the list.
* ``v1_get_dossier`` (GET) — one dossier: what a department officer sees, with its documents' files.
* ``v1_acknowledge`` — the transfer received (the department's "Accept").
* ``v1_report_progress`` — ``step_started`` (timeline) or ``step_finished`` (the "Finish Step"
  action on a step that is not the last: the dossier goes on to the next step).
* ``v1_report_directive``, ``v1_report_opinion`` — a head's directive; the consulted agency's opinion.
* ``v1_request_supplement`` — the applicant must add to the dossier (the clock stops).
* ``v1_report_result`` — the last step finished with the result document (multipart ``file``):
  the dossier's result is ready for the centre to collect.
"""

import hashlib
import json
import re

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.utils import cint, get_datetime, get_fullname

from onestop_center import arguments
from onestop_center.dossiers import lifecycle
from onestop_center.dossiers import state_kinds as kinds
from onestop_center.permissions import get_user_agencies, is_department_user, set_user_agency
from onestop_center.security.access import get_readable
from onestop_center.setup.roles import DEPARTMENT_HEAD, DEPARTMENT_SYSTEM

API_VERSION = "1"
# Integration Request service of the answers kept for replays (Frappe's log of remote requests).
SERVICE = "OneStop Exchange v1"
READS_PER_MINUTE = 600
WRITES_PER_MINUTE = 240
DEFAULT_PAGE = 50
MAX_PAGE = 200
STEP_STARTED = "step_started"
STEP_FINISHED = "step_finished"
PROGRESS_EVENTS = (STEP_STARTED, STEP_FINISHED)
HOLDER = "holder"
CONSULTED = "consulted"

_REQUEST_ID = re.compile(r"[A-Za-z0-9._:\-]{1,100}")
_CURSOR = re.compile(r"(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{1,6})?)\|(.{1,140})")


class NotADepartmentSystem(frappe.PermissionError):
	"""The caller is not a department's system attached to an agency (HTTP 403)."""

	http_status_code = 403


class RequestIdReused(frappe.ValidationError):
	"""A request id already answered a different request of the same peer (HTTP 409)."""

	http_status_code = 409


class ExchangeRefused(frappe.ValidationError):
	"""The report does not fit the dossier's state or step (HTTP 417, Vietnamese message)."""


# -- the peer ------------------------------------------------------------------------------------


def current_peer() -> frappe._dict:
	"""The calling department system: its user, agencies and name; refused (403) otherwise."""
	user = frappe.session.user
	if (
		user in ("Guest", "Administrator")
		or DEPARTMENT_SYSTEM not in frappe.get_roles(user)
		or not is_department_user(user)
	):
		frappe.local.flags.disable_traceback = True
		frappe.throw(
			_("Only the system of a department (role “{0}”) can use the exchange API").format(
				_(DEPARTMENT_SYSTEM)
			),
			NotADepartmentSystem,
			title=_("Not permitted"),
		)
	agencies = get_user_agencies(user)
	if not agencies:
		frappe.throw(
			_("This system is attached to no agency: the centre's administrator must attach it"),
			NotADepartmentSystem,
			title=_("Not permitted"),
		)
	return frappe._dict(user=user, agencies=agencies, name=get_fullname(user))


def provision_peer(agency: str, email: str | None = None, roles: tuple = (DEPARTMENT_HEAD,)) -> dict:
	"""Create or update the account of ``agency``'s own system and give it a new API secret.

	The user ("Hệ thống của <agency>") holds "Department System" and ``roles`` (the department
	roles of the steps it reports), is attached to the agency by a User Permission and gets an API
	key and a new secret, returned once (Frappe keeps the secret encrypted). Run by an
	administrator, e.g. ``bench --site S execute onestop_center.integration.exchange.provision_peer
	--kwargs '{"agency": "<Agency>"}'``; the desk's User form ("API Access") can do the same.
	"""
	from onestop_center.setup.bulk import bulk_import

	agency_name = frappe.db.get_value("Agency", agency, "agency_name")
	if not agency_name:
		frappe.throw(_("Agency {0} does not exist").format(agency), frappe.DoesNotExistError)
	email = email or f"he-thong-{frappe.scrub(agency).replace('_', '-')}@onestop.invalid"
	if not frappe.db.exists("User", email):
		with bulk_import():
			frappe.get_doc(
				{
					"doctype": "User",
					"email": email,
					"first_name": _("System of {0}").format(agency_name),
					"enabled": 1,  # an import sets no defaults
					"send_welcome_email": 0,
					"user_type": "System User",
				}
			).insert(ignore_permissions=True)
	user = frappe.get_doc("User", email)
	user.add_roles(DEPARTMENT_SYSTEM, *roles)
	set_user_agency(email, agency)
	secret = frappe.generate_hash(length=32)
	user.reload()
	user.api_key = user.api_key or frappe.generate_hash(length=15)
	user.api_secret = secret
	user.save(ignore_permissions=True)
	return {"user": email, "api_key": user.api_key, "api_secret": secret}


# -- replays -------------------------------------------------------------------------------------


def _request_id(value) -> str:
	value = arguments.name(value, "Request ID")
	if not _REQUEST_ID.fullmatch(value):
		frappe.local.flags.disable_traceback = True
		frappe.throw(
			_("The request ID may contain only letters, digits and . _ : - (at most 100 characters)"),
			arguments.InvalidArgumentError,
			title=_("Invalid value"),
		)
	return value


def _log_name(user: str, request_id: str) -> str:
	return "EXCH-" + hashlib.sha256(f"{user}\n{request_id}".encode()).hexdigest()[:40]


def once(operation: str, request_id, dossier: str, payload: dict, act) -> dict:
	"""Run ``act()`` once per (peer, request id): a replay returns the first answer.

	The Integration Request is inserted before acting, in the same transaction: a concurrent
	replay waits on its key and then reads the committed answer; a refused action rolls it back.
	"""
	peer = current_peer()
	request_id = _request_id(request_id)
	name = _log_name(peer.user, request_id)
	fingerprint = hashlib.sha256(
		json.dumps({"operation": operation, "dossier": dossier, **payload}, sort_keys=True, default=str).encode()
	).hexdigest()
	answer = _replay(name, fingerprint)
	if answer is not None:
		return answer
	frappe.db.savepoint("exchange_request")
	log = frappe.get_doc(
		{
			"doctype": "Integration Request",
			"integration_request_service": SERVICE,
			"is_remote_request": 1,
			"request_id": request_id,
			"request_description": operation,
			"status": "Queued",
			"data": json.dumps({"fingerprint": fingerprint, "dossier": dossier, **payload}, default=str),
		}
	)
	log.flags._name = name
	try:
		log.insert(ignore_permissions=True)
	except frappe.DuplicateEntryError:
		answer = _replay(name, fingerprint)
		if answer is not None:
			return answer
		raise
	try:
		answer = act()
	except Exception:
		frappe.db.rollback(save_point="exchange_request")
		raise
	answer = json.loads(json.dumps({"request_id": request_id, **answer}, default=str))
	frappe.db.set_value(
		"Integration Request",
		name,
		{
			"status": "Completed",
			"output": json.dumps(answer, ensure_ascii=False),
			"reference_doctype": "Dossier",
			"reference_docname": answer.get("dossier") or dossier,
		},
		update_modified=False,
	)
	return {**answer, "replayed": False}


def _replay(name: str, fingerprint: str) -> dict | None:
	stored = frappe.db.get_value("Integration Request", name, ["status", "data", "output"], as_dict=True)
	if not stored:
		return None
	if json.loads(stored.data or "{}").get("fingerprint") != fingerprint:
		frappe.local.flags.disable_traceback = True
		frappe.throw(
			_("This request ID was already used for another request: use a new ID for each request"),
			RequestIdReused,
			title=_("Request ID already used"),
		)
	if stored.status != "Completed":
		return None
	return {**json.loads(stored.output), "replayed": True}


# -- reading -------------------------------------------------------------------------------------


@frappe.whitelist(methods=["GET"])
@rate_limit(limit=READS_PER_MINUTE, seconds=60)
def v1_list_dossiers(cursor: str | None = None, limit: int | str | None = None) -> dict:
	"""Dossiers at a department state that the peer's agency holds or is consulted on, changed
	after ``cursor`` (the previous answer's ``next_cursor``; none: from the start), oldest first."""
	peer = current_peer()
	after = _parse_cursor(cursor)
	limit = arguments.integer(limit, "Limit", minimum=1, maximum=MAX_PAGE) or DEFAULT_PAGE
	fields = ["name", "modified", "status", "agency", "current_step", "procedure_name", "due_at"]
	filters = [["Dossier", "status", "in", kinds.department_states()]]
	if after:
		filters.append(["Dossier", "modified", ">=", after[0]])
	or_filters = [
		["Dossier", "agency", "in", peer.agencies],
		["Dossier Consultation", "agency", "in", peer.agencies],
	]
	rows, start = [], 0
	while len(rows) <= limit:
		batch = frappe.get_list(
			"Dossier",
			fields=fields,
			filters=filters,
			or_filters=or_filters,
			order_by="`tabDossier`.`modified` asc, `tabDossier`.`name` asc",
			limit_start=start,
			limit_page_length=limit + 1,
			distinct=True,
		)
		if not batch:
			break
		start += len(batch)
		rows += [r for r in batch if not after or (get_datetime(r.modified), r.name) > after]
	has_more = len(rows) > limit
	rows = rows[:limit]
	open_here = _open_consultations([r.name for r in rows], peer.agencies)
	items = [
		{
			"dossier": r.name,
			"status": r.status,
			"status_text": _(r.status),
			"relation": HOLDER if r.agency in peer.agencies else CONSULTED,
			"consultation_open": r.name in open_here,
			"procedure_name": r.procedure_name,
			"current_step": cint(r.current_step),
			"due_at": r.due_at,
			"modified": r.modified,
		}
		for r in rows
	]
	next_cursor = f"{rows[-1].modified}|{rows[-1].name}" if rows else cursor
	return {"api_version": API_VERSION, "dossiers": items, "next_cursor": next_cursor, "has_more": has_more}


def _parse_cursor(cursor) -> tuple | None:
	cursor = arguments.text(cursor, "Cursor", required=False, max_length=200)
	if not cursor:
		return None
	match = _CURSOR.fullmatch(cursor)
	if not match:
		frappe.local.flags.disable_traceback = True
		frappe.throw(
			_("The cursor is not one this API gave: use the next_cursor of the previous answer"),
			arguments.InvalidArgumentError,
			title=_("Invalid value"),
		)
	try:
		return get_datetime(match.group(1)), match.group(2)
	except ValueError:
		frappe.throw(
			_("The cursor is not one this API gave: use the next_cursor of the previous answer"),
			arguments.InvalidArgumentError,
			title=_("Invalid value"),
		)


def _open_consultations(names: list[str], agencies: list[str]) -> set[str]:
	if not names:
		return set()
	# the dossiers are the peer's (read through get_list above): their rows may be read directly
	return set(
		frappe.get_all(
			"Dossier Consultation",
			filters={
				"parenttype": "Dossier",
				"parent": ["in", names],
				"agency": ["in", agencies],
				"answered_at": ["is", "not set"],
			},
			pluck="parent",
		)
	)


@frappe.whitelist(methods=["GET"])
@rate_limit(limit=READS_PER_MINUTE, seconds=60)
def v1_get_dossier(dossier: str | None = None) -> dict:
	"""One dossier as the agency's officers see it: applicant's contact, steps, documents (with the
	URLs of their files, downloadable with the same token), consultations, directives, hand-overs."""
	peer = current_peer()
	doc = get_readable("Dossier", arguments.name(dossier, "Dossier"))
	return dossier_view(doc, peer)


def dossier_view(doc, peer) -> dict:
	def rows(table, fields):
		return [{key: row.get(field) for key, field in fields.items()} for row in doc.get(table) or []]

	group = lifecycle.current_group(doc)
	return {
		"api_version": API_VERSION,
		"dossier": doc.name,
		"procedure": doc.procedure,
		"procedure_name": doc.procedure_name,
		"procedure_version": doc.procedure_version,
		"channel": doc.channel,
		"applicant_name": doc.applicant_name,
		"address": doc.address,
		"phone": doc.phone,
		"email": doc.email,
		"status": doc.status,
		"status_text": _(doc.status),
		"relation": HOLDER if doc.agency in peer.agencies else CONSULTED,
		"agency": doc.agency,
		"current_step": cint(doc.current_step),
		"current_step_name": group.lead.get("step_name") if group else None,
		"last_step": not cint(doc.has_next_step),
		"received_at": doc.received_at,
		"due_at": doc.due_at,
		"due_at_provisional": bool(cint(doc.due_at_provisional)),
		"clock_paused": bool(cint(doc.clock_paused)),
		"timeliness": doc.timeliness,
		"result_delivery": doc.result_delivery,
		"result_returned_by": doc.result_returned_by,
		"supplement_request": doc.supplement_request,
		"result_number": doc.result_number,
		"result_summary": doc.result_summary,
		"result_file": doc.result_file,
		"result_ready_at": doc.result_ready_at,
		"steps": rows(
			"steps",
			{
				"order": "step_order",
				"name": "step_name",
				"agency": "agency",
				"role": "role",
				"mode": "mode",
				"due_at": "due_at",
				"finished_at": "finished_at",
				"timeliness": "timeliness",
			},
		),
		"documents": rows(
			"documents",
			{
				"name": "document_name",
				"mandatory": "mandatory",
				"received": "received",
				"originals_received": "originals_received",
				"copies_received": "copies_received",
				"file_url": "attachment",
			},
		),
		"consultations": rows(
			"consultations",
			{
				"step_order": "step_order",
				"agency": "agency",
				"requested_at": "requested_at",
				"due_at": "due_at",
				"answered_at": "answered_at",
				"opinion": "opinion",
			},
		),
		"directives": [
			{"given_at": row.given_at, "given_by": get_fullname(row.given_by), "directive": row.directive}
			for row in doc.get("directives") or []
		],
		"handovers": rows(
			"handovers",
			{
				"handed_at": "handed_at",
				"from_agency": "from_agency",
				"to_agency": "to_agency",
				"step_order": "step_order",
				"step_result": "step_result",
				"note": "note",
			},
		),
		"modified": doc.modified,
	}


# -- reporting -----------------------------------------------------------------------------------


def _state(doc) -> dict:
	"""The dossier's state after an action: what the peer needs to go on."""
	return {
		"dossier": doc.name,
		"status": doc.status,
		"status_text": _(doc.status),
		"current_step": cint(doc.current_step),
		"agency": doc.agency,
		"due_at": doc.due_at,
		"timeliness": doc.timeliness,
	}


def _record(doc, peer, what: str, officer: str, note: str) -> None:
	"""The report on the dossier's timeline: which system, which of its officers, its note."""
	who = peer.name if not officer else _("{0} (officer: {1})").format(peer.name, officer)
	line = _("{0} reports: {1}").format(who, what)
	if note:
		line += " — " + note
	doc.add_comment("Info", frappe.utils.escape_html(line))


def _texts(officer, note) -> tuple[str, str]:
	return (
		arguments.text(officer, "Officer", required=False, max_length=140),
		arguments.text(note, "Note", required=False),
	)


def _held(doc, peer, kind: str | None = None) -> None:
	"""Refuse a report on a dossier the peer's agency does not hold (or not in a state of ``kind``)."""
	if doc.agency not in peer.agencies:
		_refuse(
			_("Dossier {0} is not held by your agency: it is at {1}").format(
				doc.name, frappe.db.get_value("Agency", doc.agency, "agency_name") or doc.agency
			)
		)
	if kind and not kinds.is_kind(doc.status, kind):
		_refuse(
			_("Dossier {0} is “{1}”: this report needs it “{2}”").format(doc.name, _(doc.status), _(kind))
		)


def _act(doc, kind: str, **data):
	"""Take the workflow action of ``kind`` from the dossier's state, under the name the
	administrator gave it (the lifecycle refuses an action the state does not have)."""
	row = lifecycle.transition_to(frappe.db.get_value("Dossier", doc.name, "status"), kind)
	return lifecycle.apply(doc, row.action if row else kind, **data)


def _refuse(message: str) -> None:
	frappe.local.flags.disable_traceback = True
	frappe.throw(message, ExchangeRefused, title=_("Action not possible"))


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=WRITES_PER_MINUTE, seconds=60)
def v1_acknowledge(
	dossier: str | None = None,
	request_id: str | None = None,
	officer: str | None = None,
	note: str | None = None,
) -> dict:
	"""The department received the transferred dossier: the lifecycle's "Accept" (→ In Progress)."""
	current_peer()
	name = arguments.name(dossier, "Dossier")
	officer, note = _texts(officer, note)

	def act():
		peer = current_peer()
		doc = get_readable("Dossier", name)
		_held(doc, peer)
		doc = _act(doc, kinds.ACCEPT)
		_record(doc, peer, _("transfer received"), officer, note)
		return _state(doc)

	return once("acknowledge", request_id, name, {"officer": officer, "note": note}, act)


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=WRITES_PER_MINUTE, seconds=60)
def v1_report_progress(
	dossier: str | None = None,
	request_id: str | None = None,
	event: str | None = None,
	step: int | str | None = None,
	officer: str | None = None,
	note: str | None = None,
) -> dict:
	"""``step_started``: the officer began the current step (a line on the timeline).
	``step_finished``: the current step, not the last, is done — the lifecycle's "Finish Step"
	hands the dossier on to the next step (another agency: Transferred; the same: In Progress).
	The last step ends with :func:`v1_report_result`."""
	current_peer()
	name = arguments.name(dossier, "Dossier")
	event = arguments.choice(event, "Event", PROGRESS_EVENTS)
	if not event:
		arguments.text(None, "Event")
	step = arguments.integer(step, "Step", minimum=1, maximum=999)
	if step is None:
		arguments.text(None, "Step")
	officer, note = _texts(officer, note)

	def act():
		peer = current_peer()
		doc = get_readable("Dossier", name)
		_held(doc, peer, kinds.IN_PROGRESS)
		_current_step(doc, step)
		if event == STEP_STARTED:
			_record(doc, peer, _("step {0} started").format(step), officer, note)
			return {**_state(doc), "event": event}
		if not cint(doc.has_next_step):
			_refuse(
				_("Step {0} is the last step of dossier {1}: report its result instead").format(step, doc.name)
			)
		doc = _act(doc, kinds.FINISH_STEP)
		_record(doc, peer, _("step {0} finished").format(step), officer, note)
		finished = next((s for s in doc.steps if cint(s.step_order) == step), None)
		return {**_state(doc), "event": event, "step_timeliness": finished.timeliness if finished else None}

	payload = {"event": event, "step": step, "officer": officer, "note": note}
	return once("progress", request_id, name, payload, act)


def _current_step(doc, step: int) -> None:
	if cint(doc.current_step) != step:
		_refuse(
			_("Dossier {0} is at step {1}, not step {2}").format(doc.name, cint(doc.current_step), step)
		)


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=WRITES_PER_MINUTE, seconds=60)
def v1_report_directive(
	dossier: str | None = None,
	request_id: str | None = None,
	text: str | None = None,
	officer: str | None = None,
) -> dict:
	"""A directive of the department's head on a dossier (the lifecycle's directive)."""
	current_peer()
	name = arguments.name(dossier, "Dossier")
	text = arguments.text(text, "Directive")
	officer, _note = _texts(officer, None)

	def act():
		peer = current_peer()
		doc = get_readable("Dossier", name)
		_held(doc, peer)
		row = lifecycle.add_directive(name, text)
		doc = frappe.get_doc("Dossier", name)
		if officer:
			_record(doc, peer, _("directive given"), officer, "")
		return {**_state(doc), "directive_given_at": row.get("given_at")}

	return once("directive", request_id, name, {"text": text, "officer": officer}, act)


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=WRITES_PER_MINUTE, seconds=60)
def v1_report_opinion(
	dossier: str | None = None,
	request_id: str | None = None,
	opinion: str | None = None,
	officer: str | None = None,
) -> dict:
	"""The opinion of the peer's agency, consulted on the dossier (phối hợp)."""
	current_peer()
	name = arguments.name(dossier, "Dossier")
	opinion = arguments.text(opinion, "Opinion")
	officer, _note = _texts(officer, None)

	def act():
		peer = current_peer()
		doc = get_readable("Dossier", name)
		waiting = [
			row.agency
			for row in doc.get("consultations") or []
			if row.agency in peer.agencies and not row.answered_at
		]
		if not waiting:
			_refuse(_("Your agency has no open consultation on dossier {0}").format(doc.name))
		lifecycle.answer_consultation(name, waiting[0], opinion)
		doc = frappe.get_doc("Dossier", name)
		if officer:
			_record(doc, peer, _("opinion given"), officer, "")
		return {**_state(doc), "agency": waiting[0]}

	return once("opinion", request_id, name, {"opinion": opinion, "officer": officer}, act)


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=WRITES_PER_MINUTE, seconds=60)
def v1_request_supplement(
	dossier: str | None = None,
	request_id: str | None = None,
	supplement_request: str | None = None,
	officer: str | None = None,
) -> dict:
	"""The applicant must add to the dossier: the lifecycle's "Request Supplement" (clock stops)."""
	current_peer()
	name = arguments.name(dossier, "Dossier")
	request = arguments.text(supplement_request, "Supplement Request")
	officer, _note = _texts(officer, None)

	def act():
		peer = current_peer()
		doc = get_readable("Dossier", name)
		_held(doc, peer)
		doc = _act(doc, kinds.REQUEST_SUPPLEMENT, supplement_request=request)
		_record(doc, peer, _("supplement requested"), officer, "")
		return _state(doc)

	payload = {"supplement_request": request, "officer": officer}
	return once("supplement", request_id, name, payload, act)


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=WRITES_PER_MINUTE, seconds=60)
def v1_report_result(
	dossier: str | None = None,
	request_id: str | None = None,
	result_number: str | None = None,
	result_summary: str | None = None,
	officer: str | None = None,
	note: str | None = None,
) -> dict:
	"""The last step is done and the result document (multipart field ``file``: PDF, JPEG or PNG,
	at most 10 MB) is attached: the lifecycle's "Finish Step" → Result Ready, for the centre to
	collect. The step's and the dossier's timeliness are the lifecycle's."""
	from onestop_center.portal.filing import checked_upload

	current_peer()
	name = arguments.name(dossier, "Dossier")
	filename, content = checked_upload()
	return report_result(name, request_id, filename, content, result_number, result_summary, officer, note)


def report_result(
	name: str, request_id, filename, content: bytes, result_number=None, result_summary=None, officer=None, note=None
) -> dict:
	""":func:`v1_report_result` with the file already read (tests call it directly)."""
	from onestop_center.portal.filing import check_file

	result_number = arguments.text(result_number, "Result Number", max_length=140)
	result_summary = arguments.text(result_summary, "Result Summary", required=False, max_length=2000)
	officer, note = _texts(officer, note)
	filename, content = check_file(filename, content)
	payload = {
		"result_number": result_number,
		"result_summary": result_summary,
		"officer": officer,
		"note": note,
		"file": hashlib.sha256(content).hexdigest(),
	}

	def act():
		peer = current_peer()
		doc = get_readable("Dossier", name, for_update=True)
		_held(doc, peer, kinds.IN_PROGRESS)
		if cint(doc.has_next_step):
			_refuse(
				_("Dossier {0} has steps after step {1}: report the end of the step first").format(
					doc.name, cint(doc.current_step)
				)
			)
		# attached as the agency's officers attach it (File permission: write on the dossier)
		file_doc = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": filename,
				"attached_to_doctype": "Dossier",
				"attached_to_name": doc.name,
				"is_private": 1,
				"content": content,
			}
		).insert()
		doc = _act(
			doc,
			kinds.FINISH_STEP,
			result_number=result_number,
			result_summary=result_summary,
			result_file=file_doc.file_url,
		)
		_record(doc, peer, _("result {0} ready").format(result_number), officer, note)
		last = lifecycle.current_group(doc)
		return {
			**_state(doc),
			"result_file": doc.result_file,
			"result_ready_at": doc.result_ready_at,
			"step_timeliness": last.lead.get("timeliness") if last else None,
		}

	return once("result", request_id, name, payload, act)
