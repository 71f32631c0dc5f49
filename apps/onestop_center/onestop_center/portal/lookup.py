"""Public dossier lookup (tra cứu hồ sơ): what anyone holding a dossier code may know about it.

The code printed on the receipt (Form 01/03) and in its QR code (``/tra-cuu?code=…``, see
``onestop_printing/codes.py`` ``lookup_url``) is the only key. The answer carries no personal data:
the applicant's name is masked ("Ng*** V** H**"); no ID number, phone, address, e-mail, documents
or result content (citizen-portal research note §3).

No enumeration: every lookup, hit or miss, well-formed or not, does the same work — the same three
queries, a real dossier's row and steps read and its public view built (a decoy's for a miss, see
:func:`find_dossier`) — so a miss costs what a hit costs; and it is rate-limited per client with
Frappe's ``rate_limit``, sized in OneStop Settings so that a kiosk or a counter screen is never
refused (clients listed there are not limited).

JSON endpoint for integrators (guests allowed, GET or POST)::

    GET /api/method/onestop_center.portal.lookup.dossier_status?code=<dossier code>

    {"message": {
      "found": true,
      "code": "000.00.01.H15-261130-0001",
      "procedure": "…", "procedure_code": "…", "agency": "Sở …",
      "applicant": "Ng*** V** H**",
      "received_at": "2026-11-30 09:00:00", "due_at": "2026-12-07 17:00:00",
      "due_at_provisional": false, "rescheduled_due_at": null,
      "status": "In Progress", "status_text": "…",          # state and its plain Vietnamese
      "overdue": false, "timeliness": "Within Deadline", "timeliness_text": "…",
      "steps": [{"order": 1, "agency": "…", "due_at": "…", "finished_at": "…" | null,
                 "result": "Early" | "On Time" | "Late" | null, "result_text": "…"}],
      "result_ready": false, "collect_text": "…" | null,
      "fee_total": 50000.0, "fee_paid": 0.0, "fee_due": 50000.0,
      "message": "…"}}

    {"message": {"found": false, "code": "<the code as normalised>", "message": "…"}}

The code and message echo what the client sent: escape them before showing them in HTML.

Over the limit: HTTP 429. Datetimes are the centre's local time (Asia/Ho_Chi_Minh), ISO-like.
"""

import ipaddress
import json
import re
import time
from urllib.parse import parse_qs, urlsplit

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.utils import cint, flt, get_datetime

from onestop_center.dossiers import state_kinds as kinds
from onestop_center.dossiers.dossier_code import CODE_PATTERN

SETTINGS = "OneStop Settings"
MAX_CODE_LENGTH = 64
# a code that no dossier can have: malformed codes are probed as this
NO_SUCH_NAME = ""
DECOY_CACHE_KEY = "onestop_lookup_decoy"
# one lookup budget per client and minute, page and endpoint together (OneStop Settings
# "lookup_rate_limit"); a busy counter screen makes a few lookups a minute, a kiosk at most one
# every few seconds
DEFAULT_RATE_LIMIT = 600
RATE_WINDOW_SECONDS = 60
UNLIMITED = 10**9
METHOD = "onestop_center.portal.lookup.dossier_status"

def hidden_states() -> list[str]:
	"""States a citizen never sees in the lookup: before reception (no code yet, the name is
	provisional), whatever the workflow calls them (their kind, dossiers/state_kinds.py)."""
	return kinds.not_received_states()


def status_texts() -> dict[str, str]:
	"""Each lifecycle state in plain Vietnamese, as the citizen understands it: the sentence of its
	kind (a state the administrator adds, e.g. a deputy head's review, reads as its kind's)."""
	by_kind = {
		kinds.RECEIVED: _("Received at the centre, waiting to be sent to the handling agency"),
		kinds.TRANSFERRED: _("Sent to the handling agency"),
		kinds.SENT_BACK: _("Being checked again by the centre"),
		kinds.IN_PROGRESS: _("Being processed by the handling agency"),
		kinds.SUPPLEMENT_REQUESTED: _(
			"Waiting for you to supplement the dossier: please see the request you received"
		),
		kinds.RESULT_READY: _("Result ready at the handling agency, on its way to the centre"),
		kinds.RESULT_AT_CENTRE: _("Result ready: you can collect it"),
		kinds.RETURNED: _("Result handed over"),
		kinds.REFUSED: _("Refused: see the written reasons you received"),
	}
	hidden = set(hidden_states())
	return {
		state: by_kind.get(kinds.kind_of(state)) or _(state) for state in kinds.all_states() if state not in hidden
	}


def step_result_texts() -> dict[str, str]:
	return {"Early": _("Early"), "On Time": _("On time"), "Late": _("Late")}


def timeliness_texts() -> dict[str, str]:
	return {
		"Early": _("Finished early"),
		"On Time": _("Finished on time"),
		"Late": _("Finished late"),
		"Within Deadline": _("Within the deadline"),
		"Overdue": _("Overdue"),
	}


def _build_texts() -> frappe._dict:
	return frappe._dict(
		status=status_texts(),
		step=step_result_texts(),
		timeliness=timeliness_texts(),
		finished=_("Finished"),
		not_finished=_("Not finished yet"),
		by_post=_("The result is sent to you by post."),
		at_agency=_("Collect the result at {0}."),
		the_agency=_("the handling agency"),
		at_centre=_("Collect the result at the reception and result counters of {0}, with your receipt."),
		the_centre=_("the Public Administration Service Centre"),
		not_found={
			"empty": _("Enter the dossier code printed on your receipt."),
			"malformed": _(
				"“{0}” is not a dossier code. A dossier code looks like 000.00.01.H15-261130-0001: check the code printed on your receipt."
			),
			"unknown": _(
				"No dossier has the code “{0}”. Check the code printed on your receipt, or ask at the centre."
			),
		},
		limited=_("Too many lookups from this device: please wait a minute and try again."),
	)


# The lookup's words per language, kept by the process for TEXTS_TTL seconds: Frappe loads its
# whole translation table on a request's first _(), which costs more than the lookup itself.
_TEXTS: dict[str, tuple[float, frappe._dict]] = {}
TEXTS_TTL = 600


def texts() -> frappe._dict:
	lang = getattr(frappe.local, "lang", None) or "vi"
	entry = _TEXTS.get(lang)
	if not entry or entry[0] < time.monotonic():
		entry = (time.monotonic() + TEXTS_TTL, _build_texts())
		_TEXTS[lang] = entry
	return entry[1]


# -- the code ---------------------------------------------------------------------------------------


def normalise_code(value) -> str:
	"""The dossier code a citizen typed, scanned or followed: trimmed, taken out of a lookup URL (a
	scanner reading the receipt's QR code types the whole URL), at most ``MAX_CODE_LENGTH``."""
	text = value if isinstance(value, str) else ""
	text = text.strip()[: 4 * MAX_CODE_LENGTH]
	if "code=" in text:
		try:
			text = (parse_qs(urlsplit(text).query).get("code") or [""])[0].strip()
		except ValueError:
			text = ""
	text = re.sub(r"\s+", "", text)
	return text[:MAX_CODE_LENGTH] if len(text) <= MAX_CODE_LENGTH else ""


def is_well_formed(code: str) -> bool:
	return bool(code) and bool(CODE_PATTERN.match(code))


def mask_name(name: str | None) -> str:
	"""``Nguyễn Văn Hùng`` → ``Ng*** V** H**``: two letters of the first word, one of the others."""
	words = (name or "").split()
	masked = []
	for position, word in enumerate(words):
		keep = 2 if position == 0 and len(word) > 2 else 1
		masked.append(word[:keep] + ("***" if position == 0 else "**"))
	return " ".join(masked)


# -- the lookup -------------------------------------------------------------------------------------


def find_dossier(value) -> dict:
	"""The public view of a dossier (see the module docstring), or ``found: False``.

	Constant work, whatever the input: one query reads a real dossier's row, fees paid and steps —
	the dossier of the code when it exists, otherwise a decoy (a real dossier whose view is thrown
	away) — and its public view is built. Reading a real row costs more than finding none, so
	without the decoy a miss would answer measurably faster than a hit.
	"""
	code = normalise_code(value)
	probe = code if is_well_formed(code) else NO_SUCH_NAME
	row = _dossier_row(probe, decoy_dossier())
	view = public_view(row) if row else None
	if not row or not row.is_match or row.status in hidden_states():
		return not_found(code)
	return view


def dossier_view(name: str) -> dict | None:
	"""The lookup's public view of one dossier by its name (for pages that already checked who may
	see it, e.g. "Hồ sơ của tôi"); None when there is no such dossier."""
	row = _dossier_row(name, NO_SUCH_NAME)
	return public_view(row) if row else None


def decoy_dossier() -> str:
	"""A received dossier (the latest): what a miss reads in place of a hit. Any real dossier will
	do, so the process keeps it for DECOY_TTL seconds (and the site's cache for an hour)."""
	expires, name = _DECOY.get("entry") or (0.0, None)
	if name is not None and expires > time.monotonic():
		return name
	name = frappe.cache.get_value(DECOY_CACHE_KEY, expires=True)
	if name is None:
		rows = frappe.db.sql(
			"""select name from `tabDossier` where status not in %s
			order by received_at desc limit 1""",
			(tuple(hidden_states()),),
		)
		name = rows[0][0] if rows else NO_SUCH_NAME
		frappe.cache.set_value(DECOY_CACHE_KEY, name, expires_in_sec=3600)
	_DECOY["entry"] = (time.monotonic() + DECOY_TTL, name)
	return name


_DECOY: dict = {}
DECOY_TTL = 300


def not_found(code: str) -> dict:
	messages = texts().not_found
	if not code:
		message = messages["empty"]
	elif not is_well_formed(code):
		message = messages["malformed"].format(code)
	else:
		message = messages["unknown"].format(code)
	return {"found": False, "code": code, "message": message}


def _dossier_row(probe: str, decoy: str):
	"""One round trip: the dossier ``probe`` if it exists, else ``decoy`` (``is_match`` tells
	which), with its agency, the fees paid on its submitted receipts and its steps (JSON).
	Both names are primary-key lookups that MariaDB resolves as constants."""
	rows = frappe.db.sql(
		"""
		select d.name, d.status, d.timeliness, d.procedure, d.procedure_name, d.applicant_name,
			d.received_at, d.due_at, d.due_at_provisional, d.rescheduled_due_at, d.result_ready_at,
			d.result_collected_at, d.returned_at, d.result_delivery, d.result_returned_by,
			d.total_fee, d.agency, a.agency_name, a.address as agency_address,
			(d.name = %(probe)s) as is_match,
			(select coalesce(sum(r.amount), 0) from `tabFee Receipt` r
				where r.dossier = d.name and r.docstatus = 1) as fee_paid,
			(select json_arrayagg(json_object('step_order', s.step_order, 'due_at', s.due_at,
					'finished_at', s.finished_at, 'timeliness', s.timeliness, 'agency_name', sa.agency_name)
					order by s.step_order, s.idx)
				from `tabDossier Step` s left join `tabAgency` sa on sa.name = s.agency
				where s.parent = d.name and s.parenttype = 'Dossier') as steps
		from `tabDossier` d
		left join `tabAgency` a on a.name = d.agency
		where d.name = coalesce((select x.name from `tabDossier` x where x.name = %(probe)s), %(decoy)s)
		""",
		{"probe": probe, "decoy": decoy},
		as_dict=True,
	)
	return rows[0] if rows else None


def _when(value) -> str | None:
	return str(get_datetime(value).replace(microsecond=0)) if value else None


def public_view(row) -> dict:
	"""What the lookup shows of a dossier row (no personal data but the masked name)."""
	words = texts()
	results = words.step
	status_text = words.status.get(row.status) or row.status
	fee_total, fee_paid = flt(row.total_fee), flt(row.fee_paid)
	kind = kinds.kind_of(row.status)
	result_ready = kind in (kinds.RESULT_AT_CENTRE, kinds.RETURNED) or (
		kind == kinds.RESULT_READY and row.result_returned_by == "Department"
	)
	steps = [frappe._dict(step) for step in json.loads(row.steps or "[]")]
	return {
		"found": True,
		"code": row.name,
		"procedure": (row.procedure_name or "").strip(),
		"procedure_code": row.procedure,
		"agency": row.agency_name or "",
		"applicant": mask_name(row.applicant_name),
		"received_at": _when(row.received_at),
		"due_at": _when(row.due_at),
		"due_at_provisional": bool(cint(row.due_at_provisional)),
		"rescheduled_due_at": _when(row.rescheduled_due_at),
		"status": row.status,
		"status_text": status_text,
		"overdue": row.timeliness in ("Overdue", "Late"),
		"timeliness": row.timeliness or None,
		"timeliness_text": words.timeliness.get(row.timeliness) if row.timeliness else None,
		"steps": [
			{
				"order": cint(step.step_order),
				"agency": step.agency_name or "",
				"due_at": _when(step.due_at),
				"finished_at": _when(step.finished_at),
				"result": step.timeliness if step.finished_at and step.timeliness in results else None,
				"result_text": (
					results.get(step.timeliness) or words.finished if step.finished_at else words.not_finished
				),
			}
			for step in steps
		],
		"result_ready": result_ready,
		"collect_text": collect_text(row) if result_ready and kind != kinds.RETURNED else None,
		"fee_total": fee_total,
		"fee_paid": fee_paid,
		"fee_due": max(fee_total - fee_paid, 0.0),
		"message": status_text,
	}


def collect_text(row) -> str:
	"""Where and how the citizen gets the result."""
	words = texts()
	if row.result_delivery == "Post":
		return words.by_post
	if row.result_returned_by == "Department" and kinds.is_kind(row.status, kinds.RESULT_READY):
		place = ", ".join(filter(None, [row.agency_name, (row.agency_address or "").strip()]))
		return words.at_agency.format(place or words.the_agency)
	return words.at_centre.format(centre_place())


def centre_place() -> str:
	settings = frappe.get_cached_doc(SETTINGS)
	name = settings.get("centre_name") or texts().the_centre
	address = ""
	if settings.get("centre_agency"):
		address = frappe.get_cached_value("Agency", settings.centre_agency, "address") or ""
	return ", ".join(filter(None, [name, address.strip()]))


# -- rate limit -------------------------------------------------------------------------------------


def _setting(fieldname: str):
	# the settings document as Frappe caches it: one cache read a request, whatever is asked
	return frappe.get_cached_doc(SETTINGS).get(fieldname)


def unlimited_clients() -> list:
	"""Networks whose clients are never limited (kiosks, counter screens): one IP or CIDR a line."""
	networks = []
	for line in (_setting("lookup_unlimited_clients") or "").splitlines():
		try:
			networks.append(ipaddress.ip_network(line.strip(), strict=False))
		except ValueError:
			continue
	return networks


def rate_limit_for_client() -> int:
	"""Lookups allowed per client and minute (``rate_limit``'s ``limit``, read on each request)."""
	ip = getattr(frappe.local, "request_ip", None)
	if ip:
		try:
			address = ipaddress.ip_address(ip)
			if any(address in network for network in unlimited_clients()):
				return UNLIMITED
		except ValueError:
			pass
	return cint(_setting("lookup_rate_limit")) or DEFAULT_RATE_LIMIT


# xss_safe: Frappe would pass a guest's text through sanitize_html (BeautifulSoup), which fails with
# a 500 on markup such as "<![x"; the code is only ever a query parameter here, and every page
# that shows it escapes it.
@frappe.whitelist(allow_guest=True, xss_safe=True, methods=["GET", "POST"])
@rate_limit(limit=rate_limit_for_client, seconds=RATE_WINDOW_SECONDS)
def dossier_status(code: str | None = None) -> dict:
	"""Public status of a dossier by its code (see the module docstring for the answer)."""
	return find_dossier(code)


def lookup_for_page(code) -> dict:
	"""The lookup of the /tra-cuu pages, counted in the same per-client budget as the endpoint."""
	frappe.form_dict.cmd = METHOD
	try:
		return dossier_status(code)
	except frappe.RateLimitExceededError:
		frappe.clear_last_message()
		return {
			"found": False,
			"code": normalise_code(code),
			"limited": True,
			"message": texts().limited,
		}
