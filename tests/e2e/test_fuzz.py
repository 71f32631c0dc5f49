"""Malformed input never makes the server fail: 0 HTTP 500 and no traceback in any answer.

Every whitelisted method of the app is found by scanning its source for ``@frappe.whitelist`` (a
new method is covered without touching this file), and every report by its JSON file. Each gets
wrong types (lists and objects for texts), huge and empty strings, bad JSON, impossible dates,
unknown names, SQL-ish and template-ish strings, control characters and unicode, missing
arguments and the wrong HTTP verb — as Guest and as officers of several roles, through form data,
query strings and JSON bodies. The cases come from a seeded generator (same cases every run) and
run on a few threads against the served test site.

Methods without parameters have nothing to malform and would run for real (``transfer_now``
hands every received dossier over), so they are called only as Guest and with the wrong verb.
The dossier the methods act on is a draft this suite creates, so the demo data others use is left
alone; the public API's per-client counters are reset afterwards.
"""

import ast
import json
import os
import random
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import ADMIN_PASSWORD, BASE_URL, DEMO_PASSWORD, OUTPUT, Api
from frappe_site import connected_site, site_cache

APP = Path(__file__).resolve().parents[2] / "apps" / "onestop_center" / "onestop_center"
# Fixed, so every run tries the same cases; ONESTOP_FUZZ_SEED explores others (then fix what it finds).
SEED = int(os.environ.get("ONESTOP_FUZZ_SEED", "20261130"))
MIN_CASES = 1000

# Officers of several roles (demo users, see onestop_center/demo/users.py); None is Guest.
ROLES = (
	None,
	"tiepnhan01@onestop.localhost",
	"tonghop01@onestop.localhost",
	"chuyenvien01@onestop.localhost",
	"truongphong01@onestop.localhost",
	"lanhdao01@onestop.localhost",
	"quantri01@onestop.localhost",
	"department-system",  # Sở Tư pháp's own software (integration/exchange.py): API key, no login
)
PEER = ROLES[-1]

# What must never reach a client: a Python traceback, a server path, Frappe's traceback fields.
LEAKS = re.compile(
	r"Traceback \(most recent call last\)|File \"/|/work/|apps/frappe/|apps/onestop_center/|"
	r"site-packages|\"exc\"\s*:|\"exception\"\s*:|_exc_source"
)

HUGE = "Hồ sơ " * 20_000
# Malformed values: the JSON-only ones (numbers, lists, objects, booleans) go in JSON bodies.
MALFORMED = [
	None,
	"",
	"   ",
	"\t\n",
	HUGE,
	"x" * 141,
	"'; DROP TABLE `tabDossier`; --",
	'" OR 1=1 --',
	"1' OR '1'='1",
	"%",
	"_",
	"\\",
	"../../../../etc/passwd",
	"<script>alert(1)</script>",
	"<![W#x",  # markup Frappe's HTML sanitiser (BeautifulSoup) cannot parse: a guest's 500 once
	"<!--<![CDATA[",
	"{{ frappe.get_doc('User', 'Administrator').api_key }}",
	"{0} {1} %s %(x)s",
	"Hồ sơ ✓ 🚀 \u202e\u200b",
	"\x00\x01\x1f",
	"NaN",
	"-1",
	"0",
	"1e309",
	"99999999999999999999999",
	"2026-02-30",
	"2026-13-01",
	"0000-00-00",
	"2026-02-13 25:61:61",
	"9999-12-31",
	"not json",
	"{",
	"[1, 2]",
	'{"a": [1]}',
	'{"refusal_reason": {"x": 1}}',
	"null",
	"true",
	"Không tồn tại 404",
	1,
	-1,
	1.5,
	10**30,
	True,
	[],
	["a", "b"],
	{"a": 1},
	[{"b": 2}],
	{"$ne": None},
]

# Plausible values by parameter name: one argument is malformed at a time, the others are these.
PLAUSIBLE = {
	"action": "Receive",
	"data": "{}",
	"text": "Kiểm tra theo quy định",
	"opinion": "Thống nhất",
	"reason": "Supplement Requested",
	"note": "Ghi chú",
	"key": "001099012345",
	"date": "2026-04-27",
	"start": "2026-02-13 09:00:00",
	"amount": "1",
	"unit": "working_day",
	"calendar": "",
	"year": 2027,
	"doctype": "Dossier",
	"dt": "Dossier",
	"filters": "[]",
	"current_filters": "[]",
	"field": "status",
	"fields": '["name"]',
	"debug": "0",
	"cache": "0",
	"parent": "",
	"txt": "a",
	"query": "",
	"searchfield": "",
	"reference_doctype": "",
	"filter_fields": "",
	"start": "0",
	"page_length": "10",
	"as_dict": "0",
	"ignore_user_permissions": "0",
	"tag": "fuzz",
	"tags": '["fuzz"]',
	"docs": "[]",
	"color": "",
	"add": "No",
	# the survey and feedback (surveys/api.py): a code that finds nothing is refused like a wrong one
	"code": "KHONG-TON-TAI-0001",
	"check": "1234",
	"satisfaction": "Satisfied",
	"answers": '{"TT01-1": "Satisfied"}',
	"comment": "Góp ý",
	"channel": "Kiosk",
	"kind": "Question",
	"subject": "Hỏi về lệ phí",
	"content": "Lệ phí bao nhiêu?",
	"sender_name": "Người Thử",
	"sender_email": "nguoi.thu@example.invalid",
	"sender_phone": "0912345678",
	"sender_address": "",
	"dossier_code": "",
	# the exchange API of departments' systems (integration/exchange.py)
	"request_id": "fuzz-0001",
	"cursor": "",
	"limit": "10",
	"event": "step_started",
	"step": "1",
	"officer": "Nguyễn Văn Thử",
	"supplement_request": "Bổ sung bản sao",
	"result_number": "1/FUZZ",
	"result_summary": "Kết quả",
}
# Parameters that name the suite's own dossier.
DOSSIER_PARAMS = ("dossier", "dn", "docname", "doc_name", "name")
# Malformed values tried per method, shared among its parameters (all of them for a one-parameter
# method): about CASE_BUDGET requests in all, so the run stays short as the app grows.
CASE_BUDGET = 1200
VALUES_PER_METHOD = (24, 60)
MIN_VALUES_PER_PARAM = 6


@dataclass
class Method:
	path: str  # dotted path, or "run_doc_method" for a controller method
	params: list[str]
	verbs: list[str]
	allow_guest: bool
	doctype: str | None = None  # controller methods: their DocType
	function: str = ""
	extra: dict = field(default_factory=dict)


def _decorator_whitelist(node) -> dict | None:
	"""The keyword arguments of a ``@frappe.whitelist(...)`` decorator, or None."""
	for deco in node.decorator_list:
		call = deco if isinstance(deco, ast.Call) else None
		target = call.func if call else deco
		if (isinstance(target, ast.Attribute) and target.attr == "whitelist") or (
			isinstance(target, ast.Name) and target.id == "whitelist"
		):
			kwargs = {}
			for kw in call.keywords if call else ():
				try:
					kwargs[kw.arg] = ast.literal_eval(kw.value)
				except ValueError:
					kwargs[kw.arg] = None
			return kwargs
	return None


def _method(node, kwargs, path: str, doctype: str | None) -> Method:
	names = [a.arg for a in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs)]
	params = [n for n in names if n not in ("self", "cls")]
	verbs = kwargs.get("methods") or ["GET", "POST", "PUT", "DELETE"]
	verbs = [verbs] if isinstance(verbs, str) else list(verbs)
	if doctype:
		return Method("run_doc_method", params, verbs, bool(kwargs.get("allow_guest")), doctype, node.name)
	return Method(path, params, verbs, bool(kwargs.get("allow_guest")), function=node.name)


def whitelisted_methods() -> list[Method]:
	"""Every ``@frappe.whitelist`` function and controller method in the app's source."""
	methods = []
	for file in sorted(APP.rglob("*.py")):
		if file.name.startswith("test_") or "/tests/" in str(file):
			continue
		tree = ast.parse(file.read_text(encoding="utf-8"))
		dotted = ".".join(("onestop_center", *file.relative_to(APP).with_suffix("").parts))
		for node in tree.body:
			if isinstance(node, ast.FunctionDef) and (kw := _decorator_whitelist(node)) is not None:
				methods.append(_method(node, kw, f"{dotted}.{node.name}", None))
			elif isinstance(node, ast.ClassDef):
				doctype_json = file.with_suffix(".json")
				doctype = json.loads(doctype_json.read_text())["name"] if doctype_json.exists() else None
				for item in node.body:
					if isinstance(item, ast.FunctionDef) and (kw := _decorator_whitelist(item)) is not None:
						methods.append(_method(item, kw, f"{dotted}.{node.name}.{item.name}", doctype))
	return methods


def reports() -> list[tuple[str, list[str]]]:
	"""Every report of the app with the filter fieldnames of its script."""
	found = []
	for spec in sorted(APP.glob("*/report/*/*.json")):
		meta = json.loads(spec.read_text())
		if meta.get("doctype") != "Report":
			continue
		script = spec.with_suffix(".js")
		fields = re.findall(r"fieldname:\s*[\"'](\w+)[\"']", script.read_text()) if script.exists() else []
		fields += [f["fieldname"] for f in meta.get("filters") or []]
		found.append((meta["name"], sorted(set(fields))))
	return found


# -- sessions and fixtures ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def sessions():
	return {role: peer_session() if role == PEER else Api(role, DEMO_PASSWORD) if role else Api() for role in ROLES}


def peer_session() -> Api:
	"""A department's system calling with its API key (made as the administrator would)."""
	with connected_site(db=True):
		from onestop_center.integration.exchange import provision_peer

		keys = provision_peer("000.00.03.H02", email="he-thong-fuzz@onestop.invalid")
	api = Api()
	api.session.headers["Authorization"] = f"token {keys['api_key']}:{keys['api_secret']}"
	return api


@pytest.fixture(scope="module")
def targets():
	"""A draft dossier of this suite, an agency and the default working calendar."""
	admin = Api("Administrator", ADMIN_PASSWORD)

	def first(doctype, **params):
		r = admin.get(f"/api/resource/{doctype}", params={"limit_page_length": 1, **params})
		assert r.status_code == 200, r.text
		return r.json()["data"][0]["name"]

	procedure = first("Procedure", filters='[["is_active","=",1]]')
	applicant = first("Applicant")
	r = admin.post(
		"/api/resource/Dossier",
		json={"procedure": procedure, "applicant": applicant, "channel": "Counter", "remarks": "fuzz"},
	)
	assert r.status_code == 200, r.text
	dossier = r.json()["data"]["name"]
	# a record for the controller methods of each DocType (the default calendar for its own)
	documents = {}
	for doctype in {m.doctype for m in whitelisted_methods() if m.doctype}:
		r = admin.get(f"/api/resource/{doctype}", params={"limit_page_length": 1})
		if r.status_code == 200 and r.json()["data"]:
			documents["doc:" + doctype] = r.json()["data"][0]["name"]
	calendar = first("Working Calendar", filters='[["is_default","=",1]]')
	documents["doc:Working Calendar"] = calendar
	yield {"dossier": dossier, "agency": first("Agency"), "calendar": calendar, **documents}
	admin.session.delete(f"{BASE_URL}/api/resource/Dossier/{dossier}", timeout=30)
	reset_public_api_counters()


def reset_public_api_counters():
	"""The calendar API counts requests per client for a minute: give the next suites a fresh count."""
	with site_cache() as cache:
		cache.delete_keys("rl:onestop_center.api.calendar.")
		# the survey and feedback pages (surveys/api.py) and their per-code lock of wrong checks
		cache.delete_keys("rl:onestop_center.surveys.")
		cache.delete_keys("onestop:dossier_check:")
		cache.delete_keys("rl:onestop_center.integration.")


# -- case generation ---------------------------------------------------------------------------


@dataclass
class Case:
	label: str
	role: str | None
	verb: str
	path: str
	params: dict
	as_json: bool


def _encode_ok(params: dict, as_json: bool) -> bool:
	return as_json or all(isinstance(v, str) or v is None for v in params.values())


def _case(label, role, verb, path, params, rng) -> Case:
	as_json = verb != "GET" and (not _encode_ok(params, False) or rng.random() < 0.3)
	if verb == "GET":
		# a query string carries texts only: everything else arrives as its JSON text
		params = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items() if v is not None}
	elif not as_json:
		params = {k: v for k, v in params.items() if v is not None}
	return Case(label, role, verb, path, params, as_json)


def method_cases(method: Method, plausible: dict, rng: random.Random, per_method: int) -> list[Case]:
	verb = "POST" if "POST" in method.verbs else method.verbs[0]
	wrong_verb = "GET" if "GET" not in method.verbs else "DELETE"
	path = f"/api/method/{method.path}"
	label = method.function

	def wrap(params):
		if not method.doctype:
			return params
		# a controller method runs through Frappe's run_doc_method on an existing document
		return {
			"dt": method.doctype,
			"dn": plausible.get("doc:" + method.doctype, "KHONG-TON-TAI"),
			"method": method.function,
			"args": json.dumps(params, default=str),
		}

	wrong = wrong_verb not in method.verbs
	if not method.params:
		junk = {"x": "y", "data": "not json"}
		cases = [_case(f"{label} as Guest", None, verb, path, junk, rng)]
		if wrong:
			cases.append(_case(f"{label} wrong verb", rng.choice(ROLES[1:]), wrong_verb, path, junk, rng))
		return cases
	base = {p: plausible.get("dossier" if p in DOSSIER_PARAMS else p, "x") for p in method.params}
	cases = [_case(f"{label} no arguments", role, verb, path, wrap({}), rng) for role in ROLES[:3]]
	if wrong:
		cases.append(_case(f"{label} wrong verb", rng.choice(ROLES), wrong_verb, path, wrap(base), rng))
	per_param = min(len(MALFORMED), max(MIN_VALUES_PER_PARAM, per_method // len(method.params)))
	for param in method.params:
		for value in rng.sample(MALFORMED, per_param):
			role = rng.choice(ROLES)
			cases.append(
				_case(f"{label} {param}={value!r:.40}", role, verb, path, wrap({**base, param: value}), rng)
			)
		missing = {k: v for k, v in base.items() if k != param}
		cases.append(_case(f"{label} without {param}", rng.choice(ROLES), verb, path, wrap(missing), rng))
		alone = {param: rng.choice(MALFORMED)}
		cases.append(_case(f"{label} only {param}", rng.choice(ROLES), verb, path, wrap(alone), rng))
	for _ in range(5):
		params = {p: rng.choice(MALFORMED) for p in method.params}
		cases.append(_case(f"{label} all malformed", rng.choice(ROLES), verb, path, wrap(params), rng))
	if method.doctype:
		# the controller method's arguments themselves malformed (not a JSON object)
		for value in ("not json", "[1, 2]", "2027", '"x"', "null"):
			params = {**wrap(base), "args": value}
			cases.append(_case(f"{label} args={value}", rng.choice(ROLES[1:]), verb, path, params, rng))
	return cases


def report_cases(name: str, fields: list[str], rng: random.Random) -> list[Case]:
	path = "/api/method/frappe.desk.query_report.run"
	officers = ROLES[1:]
	cases = [
		_case(f"{name} as Guest", None, "POST", path, {"report_name": name, "filters": "{}"}, rng),
		_case(f"{name} no filters", rng.choice(officers), "POST", path, {"report_name": name}, rng),
	]
	for value in ("not json", "[1, 2]", '"x"', "5", "null", "[]", HUGE, '{"unknown_filter": 1}'):
		params = {"report_name": name, "filters": value}
		cases.append(_case(f"{name} filters={value:.30}", rng.choice(officers), "POST", path, params, rng))
	keys = sorted({*fields, "from_date", "to_date", "agency", "as_of"})
	for fieldname in keys:
		for value in rng.sample(MALFORMED, min(len(MALFORMED), 100 // len(keys))):
			filters = json.dumps({fieldname: value})
			params = {"report_name": name, "filters": filters}
			label = f"{name} {fieldname}={value!r:.40}"
			cases.append(_case(label, rng.choice(officers), "POST", path, params, rng))
	return cases


def all_cases(plausible: dict) -> list[Case]:
	rng = random.Random(SEED)
	cases = []
	methods = whitelisted_methods()
	low, high = VALUES_PER_METHOD
	per_method = max(low, min(high, CASE_BUDGET // max(len(methods), 1)))
	for method in methods:
		cases += method_cases(method, plausible, rng, per_method)
	for name, fields in reports():
		cases += report_cases(name, fields, rng)
	return cases


# -- running -----------------------------------------------------------------------------------


def run(case: Case, sessions) -> str | None:
	"""None when the answer is acceptable, else a line for the failure report."""
	api = sessions[case.role]
	if case.as_json:
		kwargs = {"json": case.params}
	else:
		kwargs = {"params": case.params} if case.verb == "GET" else {"data": case.params}
	r = api.session.request(case.verb, BASE_URL + case.path, timeout=60, **kwargs)
	body = r.text
	if r.status_code >= 500:
		return f"{case.label} as {case.role or 'Guest'}: HTTP {r.status_code} {body[:200]}"
	leak = LEAKS.search(body)
	if leak:
		return f"{case.label} as {case.role or 'Guest'}: HTTP {r.status_code} leaks {leak.group(0)!r}"
	return None


def test_whitelisted_methods_have_typed_parameters_that_frappe_checks():
	"""Frappe checks and converts annotated arguments (417 on a wrong type), but skips every
	annotation of a module with ``from __future__ import annotations`` (all become strings)."""
	problems = []
	for file in sorted(APP.rglob("*.py")):
		if file.name.startswith("test_") or "/tests/" in str(file):
			continue
		text = file.read_text(encoding="utf-8")
		tree = ast.parse(text)
		found = [
			n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and _decorator_whitelist(n) is not None
		]
		if found and re.search(r"^from __future__ import annotations", text, re.M):
			problems.append(f"{file.relative_to(APP)}: from __future__ import annotations")
		for node in found:
			args = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
			untyped = [a.arg for a in args if a.annotation is None and a.arg not in ("self", "cls")]
			if untyped:
				problems.append(f"{file.relative_to(APP)}: {node.name}({', '.join(untyped)}) not annotated")
	assert not problems, "\n".join(problems)


def test_discovery_finds_the_app_methods_and_reports():
	paths = {m.path for m in whitelisted_methods()}
	assert "onestop_center.dossiers.lifecycle.take_action" in paths
	# the citizen's withdrawal and the head's assignment (issues 8 and 11) are fuzzed like the rest
	assert {
		"onestop_center.dossiers.withdrawal.withdraw",
		"onestop_center.dossiers.assignment.assign_specialist",
		"onestop_center.dossiers.assignment.officers_of_dossier",
	} <= paths
	assert "onestop_center.api.calendar.due_date" in paths
	assert any(m.doctype == "Working Calendar" for m in whitelisted_methods())
	assert {"Dossier Tracking Ledger", "Uncollected Results", "Waiting for Me"} <= {name for name, _ in reports()}


def test_malformed_input_never_fails_the_server(sessions, targets):
	plausible = {**PLAUSIBLE, **targets}
	cases = all_cases(plausible)
	assert len(cases) >= MIN_CASES, len(cases)
	with ThreadPoolExecutor(max_workers=4) as pool:
		failures = [line for line in pool.map(lambda c: run(c, sessions), cases) if line]
	OUTPUT.mkdir(parents=True, exist_ok=True)
	(OUTPUT / "fuzz.txt").write_text(
		f"{len(cases)} malformed requests, {len(failures)} failed\n" + "\n".join(failures) + "\n"
	)
	assert not failures, f"{len(failures)} of {len(cases)} cases failed:\n" + "\n".join(failures[:30])


# Pages and calls a browser makes (Accept: text/html) that end in an error: no traceback either.
ERROR_PAGES = [
	("GET", "/api/method/onestop_center.dossiers.lifecycle.take_action", {}),
	(
		"POST",
		"/api/method/frappe.desk.query_report.run",
		{"report_name": "Uncollected Results", "filters": "{"},
	),
	("GET", "/api/method/onestop_center.api.calendar.due_date", {"start": "2026-02-30", "amount": "x"}),
	("GET", "/api/method/onestop_center.no_such_module.no_such_method", {}),
	("GET", "/api/resource/Dossier/KHONG-TON-TAI", {}),
	("GET", "/khong-ton-tai", {}),
	("GET", "/error", {}),
	("GET", "/private/files/khong-ton-tai.pdf", {}),
	("GET", "/printview", {"doctype": "Dossier", "name": "KHONG-TON-TAI", "format": "x"}),
]


@pytest.mark.parametrize("role", [None, "tiepnhan01@onestop.localhost"])
def test_error_pages_show_no_traceback(sessions, role):
	api = sessions[role]
	for verb, path, params in ERROR_PAGES:
		kwargs = {"params": params} if verb == "GET" else {"data": params}
		r = api.session.request(
			verb,
			BASE_URL + path,
			headers={"Accept": "text/html"},
			timeout=60,
			allow_redirects=False,
			**kwargs,
		)
		assert r.status_code < 500 or path == "/error", f"{verb} {path}: {r.status_code}"
		leak = LEAKS.search(r.text)
		assert not leak, f"{verb} {path} as {role or 'Guest'}: {r.status_code} shows {leak.group(0)!r}"
