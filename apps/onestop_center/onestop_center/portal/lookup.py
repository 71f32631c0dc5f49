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
import re
from urllib.parse import parse_qs, urlsplit

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.utils import cint, flt, format_datetime, get_datetime

from onestop_center.dossiers import lifecycle
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

# States a citizen never sees in the lookup: no code was given yet (the name is provisional).
HIDDEN_STATES = frozenset(
	{
		lifecycle.DRAFT,
		lifecycle.NEEDS_COMPLETION,
		getattr(lifecycle, "PENDING_RECEPTION", lifecycle.DRAFT),
	}
)


def status_texts() -> dict[str, str]:
	"""Each lifecycle state in plain Vietnamese, as the citizen understands it."""
	return {
		lifecycle.RECEIVED: _("Received at the centre, waiting to be sent to the handling agency"),
		lifecycle.TRANSFERRED: _("Sent to the handling agency"),
		lifecycle.SENT_BACK: _("Being checked again by the centre"),
		lifecycle.IN_PROGRESS: _("Being processed by the handling agency"),
		lifecycle.SUPPLEMENT_REQUESTED: _(
			"Waiting for you to supplement the dossier: please see the request you received"
		),
		lifecycle.RESULT_READY: _("Result ready at the handling agency, on its way to the centre"),
		lifecycle.RESULT_AT_CENTRE: _("Result ready: you can collect it"),
		lifecycle.RETURNED: _("Result handed over"),
		lifecycle.REFUSED: _("Refused: see the written reasons you received"),
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

	Constant work, whatever the input: an index probe for the code, then the dossier's row and
	steps are read and its public view built — for a miss (or a malformed code) those of a decoy,
	a real dossier whose view is thrown away. Reading a real row costs more than finding none, so
	without the decoy a miss would answer measurably faster than a hit.
	"""
	code = normalise_code(value)
	probe = code if is_well_formed(code) else NO_SUCH_NAME
	decoy = decoy_dossier()
	exists = bool(frappe.db.sql("select name from `tabDossier` where name = %s", (probe,)))
	target = probe if exists else decoy
	row = _dossier_row(target)
	view = public_view(row, _step_rows(target)) if row else None
	if not exists or view is None or row.status in HIDDEN_STATES:
		return not_found(code)
	return view


def decoy_dossier() -> str:
	"""A received dossier (the latest), cached for an hour: what a miss reads in place of a hit."""

	def latest() -> str:
		rows = frappe.db.sql(
			"""select name from `tabDossier` where status not in %s
			order by received_at desc limit 1""",
			(tuple(HIDDEN_STATES),),
		)
		return rows[0][0] if rows else NO_SUCH_NAME

	name = frappe.cache.get_value(DECOY_CACHE_KEY, expires=True)
	if name is None:
		name = latest()
		frappe.cache.set_value(DECOY_CACHE_KEY, name, expires_in_sec=3600)
	return name


def not_found(code: str) -> dict:
	if not code:
		message = _("Enter the dossier code printed on your receipt.")
	elif not is_well_formed(code):
		message = _(
			"“{0}” is not a dossier code. A dossier code looks like 000.00.01.H15-261130-0001: check the code printed on your receipt."
		).format(code)
	else:
		message = _(
			"No dossier has the code “{0}”. Check the code printed on your receipt, or ask at the centre."
		).format(code)
	return {"found": False, "code": code, "message": message}


def _dossier_row(key: str):
	rows = frappe.db.sql(
		"""
		select d.name, d.status, d.timeliness, d.procedure, d.procedure_name, d.applicant_name,
			d.received_at, d.due_at, d.due_at_provisional, d.rescheduled_due_at, d.result_ready_at,
			d.result_collected_at, d.returned_at, d.result_delivery, d.result_returned_by,
			d.total_fee, d.agency, a.agency_name, a.address as agency_address,
			(select coalesce(sum(r.amount), 0) from `tabFee Receipt` r
				where r.dossier = d.name and r.docstatus = 1) as fee_paid
		from `tabDossier` d
		left join `tabAgency` a on a.name = d.agency
		where d.name = %s
		""",
		(key,),
		as_dict=True,
	)
	return rows[0] if rows else None


def _step_rows(key: str):
	return frappe.db.sql(
		"""
		select s.step_order, s.due_at, s.finished_at, s.timeliness, a.agency_name
		from `tabDossier Step` s
		left join `tabAgency` a on a.name = s.agency
		where s.parent = %s and s.parenttype = 'Dossier'
		order by s.step_order, s.idx
		""",
		(key,),
		as_dict=True,
	)


def _when(value) -> str | None:
	return str(get_datetime(value).replace(microsecond=0)) if value else None


def public_view(row, steps) -> dict:
	"""What the lookup shows of a dossier row (no personal data but the masked name)."""
	results = step_result_texts()
	status_text = status_texts().get(row.status) or _(row.status)
	fee_total, fee_paid = flt(row.total_fee), flt(row.fee_paid)
	result_ready = row.status in (lifecycle.RESULT_AT_CENTRE, lifecycle.RETURNED) or (
		row.status == lifecycle.RESULT_READY and row.result_returned_by == "Department"
	)
	view = {
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
		"timeliness_text": timeliness_texts().get(row.timeliness) if row.timeliness else None,
		"steps": [
			{
				"order": cint(step.step_order),
				"agency": step.agency_name or "",
				"due_at": _when(step.due_at),
				"finished_at": _when(step.finished_at),
				"result": step.timeliness if step.finished_at and step.timeliness in results else None,
				"result_text": (
					results.get(step.timeliness) or _("Finished")
					if step.finished_at
					else _("Not finished yet")
				),
			}
			for step in steps
		],
		"result_ready": result_ready,
		"collect_text": collect_text(row) if result_ready and row.status != lifecycle.RETURNED else None,
		"fee_total": fee_total,
		"fee_paid": fee_paid,
		"fee_due": max(fee_total - fee_paid, 0.0),
		"message": status_text,
	}
	return view


def collect_text(row) -> str:
	"""Where and how the citizen gets the result."""
	if row.result_delivery == "Post":
		return _("The result is sent to you by post.")
	if row.result_returned_by == "Department" and row.status == lifecycle.RESULT_READY:
		place = ", ".join(filter(None, [row.agency_name, (row.agency_address or "").strip()]))
		return _("Collect the result at {0}.").format(place or _("the handling agency"))
	return _("Collect the result at the reception and result counters of {0}, with your receipt.").format(
		centre_place()
	)


def centre_place() -> str:
	settings = frappe.get_cached_doc(SETTINGS)
	name = settings.get("centre_name") or _("the Public Administration Service Centre")
	address = ""
	if settings.get("centre_agency"):
		address = frappe.get_cached_value("Agency", settings.centre_agency, "address") or ""
	return ", ".join(filter(None, [name, address.strip()]))


# -- rate limit -------------------------------------------------------------------------------------


def _setting(fieldname: str):
	meta = frappe.get_meta(SETTINGS)
	return frappe.get_cached_doc(SETTINGS).get(fieldname) if meta.has_field(fieldname) else None


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
			"message": _("Too many lookups from this device: please wait a minute and try again."),
		}
