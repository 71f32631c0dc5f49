# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Request hooks: the real client address, login throttling, and 4xx answers instead of 500s.

**Client address.** Frappe takes ``request_ip`` from the first ``X-Forwarded-For`` entry, which any
client can write (notes/frappe-v15-hardening.md §7). Here the socket peer (``REMOTE_ADDR`` of the
WSGI environ) is the client, unless it is one of the proxies listed in the site config key
``onestop_trusted_proxies`` (addresses or networks, e.g. ``["127.0.0.1", "::1"]`` behind an nginx
on the same host); then ``X-Forwarded-For`` is read from the right, skipping trusted proxies, and
the first other address is the client. Without the key, ``X-Forwarded-For`` is ignored.
``before_request`` sets ``frappe.local.request_ip`` to it, so ``@rate_limit`` counts per real client.

**Login throttling.** Login runs before ``before_request`` hooks, so it is throttled here through
the ``on_login`` hook (success) and ``after_request`` (failure); Frappe's own trackers, keyed on the
forgeable address and on the user name alone, are switched off (System Settings
``allow_consecutive_login_attempts = 0``, see setup/install.py). Failures are counted in Redis:

- per (user, client) pair: ``PAIR_MAX`` failures within ``PAIR_WINDOW`` seconds lock that pair;
- per client (any user name, existing or not) and per user (from any client): ``WIDE_MAX``
  failures within ``WIDE_WINDOW`` seconds lock the client, or the user, **except for the pairs
  that have logged in successfully before** (``KNOWN_TTL``).

So a stranger who fails with made-up user names behind the centre's shared address (or who tries
one officer's password from many addresses) locks only himself and the names he tried; an officer
who has logged in from that address before keeps logging in. While a pair is locked every attempt
gets the same answer, right password or not (no oracle). Each figure can be changed in the site
config (``onestop_login_pair_max``, ``…_pair_window``, ``…_wide_max``, ``…_wide_window``).

**Status codes.** A locked login is a ``SecurityException`` (no HTTP status in Frappe, so 500):
``after_request`` answers 429 with ``Retry-After``; on the stock login page (which posts
``cmd=login`` to ``/`` and shows messages only for 401/404/417/500) 401 with the same message and
header. Frappe's argument type errors (``FrappeTypeError``, 417) get a Vietnamese message.
"""

import inspect
import ipaddress
import json
import re
from functools import lru_cache

import frappe
from frappe import _

PAIR_MAX = 10
PAIR_WINDOW = 60
WIDE_MAX = 50
WIDE_WINDOW = 300
KNOWN_TTL = 30 * 24 * 3600

LOGIN_PATHS = ("/api/method/login", "/api/v2/method/login")
PREFIX = "onestop:login"
REPORT_METHODS = ("frappe.desk.query_report.run", "frappe.desk.query_report.export_query")


# -- client address ------------------------------------------------------------------------------


@lru_cache(maxsize=32)
def _networks(spec: str) -> tuple:
	networks = []
	for part in re.split(r"[\s,]+", spec):
		if part:
			try:
				networks.append(ipaddress.ip_network(part, strict=False))
			except ValueError:
				frappe.logger("onestop_center").warning(f"onestop_trusted_proxies: not an address: {part}")
	return tuple(networks)


def trusted_proxies() -> tuple:
	"""The networks of the proxies whose ``X-Forwarded-For`` is believed (site config)."""
	spec = frappe.conf.get("onestop_trusted_proxies") or ""
	if isinstance(spec, list | tuple):
		spec = ",".join(str(s) for s in spec)
	return _networks(str(spec))


def _address(text: str):
	try:
		return ipaddress.ip_address(text.strip().strip("[]"))
	except ValueError:
		return None


def _is_trusted(address, networks) -> bool:
	return any(address.version == n.version and address in n for n in networks)


def client_ip(request=None) -> str:
	"""The address of the client of ``request``: the socket peer, or behind trusted proxies the
	right-most untrusted ``X-Forwarded-For`` entry."""
	request = request or getattr(frappe.local, "request", None)
	if request is None:
		return "127.0.0.1"
	environ = request.environ
	# werkzeug's ProxyFix (frappe serve --proxy) rewrites REMOTE_ADDR; the socket's is kept aside.
	peer_text = (environ.get("werkzeug.proxy_fix.orig") or {}).get("REMOTE_ADDR") or environ.get(
		"REMOTE_ADDR"
	)
	peer = _address(peer_text or "") or ipaddress.ip_address("127.0.0.1")
	networks = trusted_proxies()
	if not networks or not _is_trusted(peer, networks):
		return str(peer)
	client = peer
	hops = ",".join(request.headers.getlist("X-Forwarded-For")).split(",")
	for hop in reversed([h for h in hops if h.strip()]):
		address = _address(hop)
		if address is None:
			break
		client = address
		if not _is_trusted(address, networks):
			break
	return str(client)


# -- hooks ---------------------------------------------------------------------------------------


def before_request():
	frappe.local.request_ip = client_ip()
	_api_errors_as_json()
	_authenticate_api_key()
	_check_required_arguments()
	_check_report_filters()
	_check_guest_markup()


def on_login(login_manager):
	"""After the password was verified, before the session: refuse a locked (user, client)."""
	ip = client_ip()
	frappe.local.request_ip = ip  # also what Frappe's IP restriction and login log see next
	retry = _locked_for(login_manager.user, ip)
	if retry:
		_throw_locked(retry)


def on_session_creation(login_manager):
	"""A successful login: the pair is known from now on and its failures are forgotten."""
	user, ip = login_manager.user, client_ip()
	if not user or user == "Guest":
		return
	frappe.cache.delete(_key("pair", user, ip))
	frappe.cache.setex(_key("known", user, ip), KNOWN_TTL, 1)


def after_request(response, request):
	if response is None:
		return
	if _is_login(request):
		if response.status_code == 401:
			_count_failure(request)
		elif response.status_code < 400 and (frappe.session.get("user") or "Guest") == "Guest":
			# the password was right but no session yet (expired password, second factor): the
			# on_login hook has not run, so a locked pair must not learn that much here either
			_answer_if_locked(_login_user(request), client_ip(request))
	exc_type = frappe.local.response.get("exc_type") if hasattr(frappe.local, "response") else None
	if exc_type == "SecurityException":
		_answer_locked(response, request)
	elif exc_type == "FrappeTypeError" and response.status_code == 417:
		_explain_type_error(response)


# -- login throttling ----------------------------------------------------------------------------


def _setting(name: str, default: int) -> int:
	value = frappe.conf.get(f"onestop_login_{name}")
	return int(value) if isinstance(value, int | str) and str(value).isdigit() else default


def _key(kind: str, *parts: str) -> str:
	return frappe.cache.make_key(":".join((PREFIX, kind, *(str(p).lower() for p in parts))))


def _count(key: str) -> int:
	return int(frappe.cache.get(key) or 0)


def _bump(key: str, window: int) -> None:
	# a fixed window from the first failure (as Frappe's tracker); never a counter without expiry
	if frappe.cache.incr(key) == 1 or frappe.cache.ttl(key) < 0:
		frappe.cache.expire(key, window)


def _retry_after(key: str) -> int:
	return max(int(frappe.cache.ttl(key) or 0), 1)


def _locked_for(user: str | None, ip: str) -> int:
	"""Seconds until ``user`` may try again from ``ip``; 0 when not locked."""
	pair_max, wide_max = _setting("pair_max", PAIR_MAX), _setting("wide_max", WIDE_MAX)
	if user:
		pair = _key("pair", user, ip)
		if _count(pair) >= pair_max:
			return _retry_after(pair)
		if frappe.cache.get(_key("known", user, ip)):
			return 0
	wide = [_key("ip", ip)] + ([_key("user", user)] if user else [])
	return max((_retry_after(k) for k in wide if _count(k) >= wide_max), default=0)


def _login_user(request) -> str | None:
	"""The user the failed attempt named: the user's name when it exists, else what was typed."""
	typed = frappe.form_dict.get("usr")
	if not isinstance(typed, str) or not typed.strip():
		return None
	typed = typed.strip()[:140]
	try:
		from frappe.core.doctype.user.user import User

		found = User.find_by_credentials(typed, "", validate_password=False)
	except Exception:
		found = None
	return found["name"] if found else typed


def _count_failure(request) -> None:
	ip = client_ip(request)
	user = _login_user(request)
	pair_window, wide_window = _setting("pair_window", PAIR_WINDOW), _setting("wide_window", WIDE_WINDOW)
	if user:
		_bump(_key("pair", user, ip), pair_window)
		_bump(_key("user", user), wide_window)
	_bump(_key("ip", ip), wide_window)
	# Locked now: the same answer as for the right password, so the lock tells nothing.
	_answer_if_locked(user, ip)


def _answer_if_locked(user: str | None, ip: str) -> None:
	retry = _locked_for(user, ip)
	if retry:
		frappe.local.flags.onestop_retry_after = retry
		frappe.local.response["exc_type"] = "SecurityException"
		frappe.local.response["_server_messages"] = json.dumps([json.dumps(_locked_message(retry))])


def _locked_message(retry: int) -> dict:
	return {
		"message": _("Too many failed logins: try again in {0} seconds").format(retry),
		"title": _("Login temporarily locked"),
		"indicator": "red",
	}


def _throw_locked(retry: int):
	frappe.local.flags.onestop_retry_after = retry
	frappe.local.flags.disable_traceback = True
	frappe.throw(
		_("Too many failed logins: try again in {0} seconds").format(retry),
		frappe.SecurityException,
		title=_("Login temporarily locked"),
	)


def _answer_locked(response, request) -> None:
	retry = frappe.local.flags.get("onestop_retry_after")
	if not retry:
		# Frappe's own tracker (if an administrator switched it back on)
		retry = frappe.get_system_settings("allow_login_after_fail") or 60
	# The stock login page posts cmd=login to "/" and shows a message only for 401/404/417/500.
	stock_page = request.path not in LOGIN_PATHS and frappe.form_dict.get("cmd") == "login"
	response.status_code = 401 if stock_page else 429
	response.headers["Retry-After"] = str(int(retry))
	body = {
		"exc_type": "SecurityException",
		"_server_messages": frappe.local.response.get("_server_messages")
		or json.dumps([json.dumps(_locked_message(int(retry)))]),
	}
	_set_json(response, body)


def _is_login(request) -> bool:
	return request.path in LOGIN_PATHS or frappe.form_dict.get("cmd") == "login"


# -- clear 4xx answers ---------------------------------------------------------------------------


def _set_json(response, body: dict) -> None:
	response.set_data(json.dumps(body, default=str, ensure_ascii=False))
	response.headers["Content-Type"] = "application/json; charset=utf-8"


def _explain_type_error(response) -> None:
	"""Frappe's type check answers 417 without a message: say which value was wrong, in Vietnamese."""
	try:
		body = json.loads(response.get_data(as_text=True))
	except ValueError:
		return
	if not isinstance(body, dict) or body.get("_server_messages"):
		return
	argument = _wrong_argument()
	message = (
		_("The value sent for {0} is not of the expected kind").format(frappe.bold(argument))
		if argument
		else _("A value sent is not of the expected kind")
	)
	body["_server_messages"] = json.dumps(
		[json.dumps({"message": message, "title": _("Invalid value"), "indicator": "red"})]
	)
	_set_json(response, body)


def _wrong_argument() -> str | None:
	"""The argument Frappe's type check refused, found by running the check again."""
	from frappe.exceptions import FrappeTypeError
	from frappe.utils.typing_validations import transform_parameter_types

	cmd = frappe.form_dict.get("cmd")
	if not isinstance(cmd, str):
		return None
	for hook in reversed(frappe.get_hooks("override_whitelisted_methods", {}).get(cmd, [])):
		cmd = hook
		break
	try:
		method = inspect.unwrap(frappe.get_attr(cmd))
		kwargs = {k: v for k, v in frappe.form_dict.items() if k in method.__annotations__}
		transform_parameter_types(method, (), kwargs)
	except FrappeTypeError as e:
		match = re.search(r"Argument '(\w+)'", str(e))
		return match.group(1) if match else None
	except Exception:
		return None
	return None


def _api_errors_as_json() -> None:
	"""Errors of ``/api/`` calls are JSON, also for a browser that asks for ``text/html``.

	Frappe builds no response at all for a 429 it would send as HTML (``app.py`` takes it from the
	site-wide rate limiter, usually absent), so a guest who opens the public API in a browser past
	its limit got a bare 500.
	"""
	request = frappe.local.request
	if request.path.startswith("/api/") and (request.environ.get("HTTP_ACCEPT") or "").startswith("text"):
		request.environ["HTTP_ACCEPT"] = "application/json"


def _requested_method() -> str | None:
	"""The dotted path of the whitelisted method the request calls (after overrides), if any."""
	path = frappe.local.request.path
	cmd = None
	for prefix in ("/api/method/", "/api/v2/method/"):
		if path.startswith(prefix):
			cmd = path.removeprefix(prefix).split("/")[0]
	cmd = cmd or frappe.form_dict.get("cmd")
	if not isinstance(cmd, str) or not cmd:
		return None
	for hook in reversed(frappe.get_hooks("override_whitelisted_methods", {}).get(cmd, [])):
		return hook
	return cmd


def _check_guest_markup() -> None:
	"""A guest's argument that Frappe's HTML sanitiser cannot parse gets a 417, not a 500.

	Frappe cleans every text argument of a guest's call (``frappe.is_whitelisted`` →
	``sanitize_html``), and BeautifulSoup raises on malformed markup such as ``<![W#x`` — for any
	guest method, Frappe's or the app's. Such text is refused here, before the call.
	"""
	if frappe.session.user != "Guest":
		return
	marked = [v for v in frappe.form_dict.values() if isinstance(v, str) and "<" in v]
	cmd = _requested_method() if marked else None  # most guest calls carry no markup: done
	if not cmd:
		return
	try:
		if frappe.get_attr(cmd) in frappe.xss_safe_methods:
			return  # Frappe does not sanitise its arguments (the method escapes what it shows)
	except Exception:
		pass  # Frappe answers for an unknown method
	from bs4 import BeautifulSoup
	from bs4.builder import ParserRejectedMarkup

	for value in marked:
		try:
			BeautifulSoup(value, "html.parser").find()
		except (ParserRejectedMarkup, AssertionError, ValueError):
			frappe.local.flags.disable_traceback = True
			frappe.throw(_("The text sent contains malformed markup"), frappe.ValidationError)


def _authenticate_api_key() -> None:
	"""A request with an API key (``Authorization: token key:secret``, e.g. a department's system,
	``integration/exchange.py``) is authenticated now: Frappe does it only after these hooks, so the
	checks below would judge it as Guest (and a missing argument would reach the method: a 500)."""
	if frappe.session.user == "Guest" and frappe.get_request_header("Authorization"):
		from frappe.auth import validate_auth

		validate_auth()  # a wrong key: Frappe's 401 (it authenticates again afterwards: harmless)


def _check_required_arguments() -> None:
	"""A call of one of the app's whitelisted methods without a required argument gets a 417 that
	names it, not Python's ``TypeError`` (500)."""
	cmd = _requested_method()
	if not cmd or not cmd.startswith("onestop_center."):
		return
	try:
		method = frappe.get_attr(cmd)
	except Exception:
		return  # Frappe answers for an unknown method
	if method not in frappe.whitelisted or (
		frappe.session.user == "Guest" and method not in frappe.guest_methods
	):
		return  # Frappe refuses it: say nothing about its arguments
	parameters = inspect.signature(inspect.unwrap(method)).parameters.values()
	missing = [
		p.name
		for p in parameters
		if p.default is p.empty
		and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
		and frappe.form_dict.get(p.name) is None
	]
	if missing:
		frappe.local.flags.disable_traceback = True
		frappe.throw(
			_("Missing required value: {0}").format(", ".join(missing)),
			frappe.MandatoryError,
			title=_("Invalid value"),
		)


def _check_report_filters() -> None:
	"""Frappe's report runner parses ``filters`` itself (a 500 on malformed JSON): refuse it first."""
	request = frappe.local.request
	method = request.path.removeprefix("/api/method/").removeprefix("/api/v2/method/")
	if method not in REPORT_METHODS and frappe.form_dict.get("cmd") not in REPORT_METHODS:
		return
	filters = frappe.form_dict.get("filters")
	if filters in (None, "") or isinstance(filters, dict):
		return
	if isinstance(filters, str):
		try:
			filters = json.loads(filters)
		except ValueError:
			filters = None
	if not isinstance(filters, dict | list) or (isinstance(filters, list) and filters):
		frappe.local.flags.disable_traceback = True
		frappe.throw(
			_("{0} must be a JSON object").format(_("Filters")),
			frappe.ValidationError,
			title=_("Invalid value"),
		)
