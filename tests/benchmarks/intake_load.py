"""Counter intake over HTTP, as the desk does it, by many reception officers at once.

Shared by the concurrency suite (``tests/e2e/test_concurrent_reception.py``) and the intake
benchmark (``tests/benchmarks/bench_intake.py``). Each officer logs in with a session of their
own and, for every intake, makes the desk's two requests:

1. ``frappe.desk.form.save.savedocs`` (action Save) — the new Draft Dossier with the procedure's
   documents ticked (what the form sends when the officer presses Ctrl+S);
2. ``onestop_center.dossiers.lifecycle.take_action`` with action ``Receive`` — the workflow
   button, which gives the dossier its code.

Officers start together (a barrier) and each makes a fixed number of intakes: bounded, no sleeps.
Only ``requests`` and the standard library are used (no Frappe import): this runs outside the server.
"""

import json
import re
import statistics
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field

import requests

DEMO_OFFICERS = 22  # tiepnhan01..22, one per counter 01..22 (demo/data/staff.json)
CODE = re.compile(r"^(?P<key>.+-\d{6}-)(?P<seq>\d{4,})$")
TIMEOUT = 120


class Session:
	"""A logged-in requests session against one site (X-Frappe-Site-Name)."""

	def __init__(self, base_url: str, site: str, user: str | None = None, password: str | None = None):
		self.base_url = base_url.rstrip("/")
		self.http = requests.Session()
		self.http.headers.update({"X-Frappe-Site-Name": site, "Accept": "application/json"})
		# one connection per session (an officer's browser), kept alive
		adapter = requests.adapters.HTTPAdapter(pool_connections=1, pool_maxsize=1)
		self.http.mount("http://", adapter)
		if user:
			r = self.post("/api/method/login", data={"usr": user, "pwd": password})
			if r.status_code != 200:
				raise RuntimeError(f"login of {user} answered HTTP {r.status_code}: {_short(r)}")

	def get(self, path, **kw):
		return self.http.get(self.base_url + path, timeout=TIMEOUT, **kw)

	def post(self, path, **kw):
		return self.http.post(self.base_url + path, timeout=TIMEOUT, **kw)


def demo_officer(number: int) -> str:
	return f"tiepnhan{number:02d}@onestop.localhost"


def officer_logins(admin: Session, count: int) -> list[str]:
	"""``count`` reception officers: the demo's 22 (one per counter), then load officers, created
	when missing by the test-only endpoint (as an import: Frappe throttles user creation to 60 an
	hour, and the demo's users were just created)."""
	users = [demo_officer(n) for n in range(1, min(count, DEMO_OFFICERS) + 1)]
	if count > DEMO_OFFICERS:
		users += load_officers(admin, DEMO_OFFICERS + 1, count)
	return users


def load_officers(admin: Session, first: int, last: int) -> list[str]:
	"""Reception officers made for load runs (numbers ``first``..``last``), created when missing by
	the test-only endpoint; the benchmark uses these, untouched by the other suites."""
	r = admin.post(
		"/api/method/onestop_center.load_testing.make_reception_officers",
		data={"first": first, "last": last},
	)
	if r.status_code != 200:
		raise RuntimeError(f"load officers: HTTP {r.status_code}: {_short(r)}")
	return r.json()["message"]


@dataclass
class Plan:
	"""What each counter receives: its number and the procedures of its agencies."""

	counters: list[dict]  # {"counter": "01", "procedures": [procedure dicts]}
	applicants: list[str]


def load_plan(admin: Session) -> Plan:
	"""Counters (with their agencies' active procedures and their documents) and some applicants."""
	counters = admin.get(
		"/api/resource/Counter",
		params={"fields": '["name"]', "filters": '[["is_active","=",1]]', "order_by": "name asc", "limit_page_length": 0},
	).json()["data"]
	procedures = admin.get(
		"/api/resource/Procedure",
		params={"fields": '["name","responsible_agency"]', "filters": '[["is_active","=",1],["resolved_immediately","=",0]]', "limit_page_length": 0},
	).json()["data"]
	by_agency = defaultdict(list)
	for row in procedures:
		by_agency[row["responsible_agency"]].append(row["name"])
	full = {}
	plan = []
	for row in counters:
		counter = admin.get(f"/api/resource/Counter/{row['name']}").json()["data"]
		names = [p for link in counter.get("agencies") or [] for p in by_agency.get(link["agency"], [])]
		for name in names:
			if name not in full:
				full[name] = admin.get(f"/api/resource/Procedure/{name}").json()["data"]
		if names:
			plan.append({"counter": row["name"], "procedures": [full[n] for n in names]})
	applicants = admin.get(
		"/api/resource/Applicant", params={"fields": '["name"]', "limit_page_length": 200}
	).json()["data"]
	return Plan(counters=plan, applicants=[a["name"] for a in applicants])


def draft_doc(procedure: dict, applicant: str, counter: str) -> dict:
	"""The new Dossier as the desk form sends it: procedure documents listed and all ticked."""
	return {
		"doctype": "Dossier",
		"__islocal": 1,
		"__unsaved": 1,
		"name": "new-dossier-1",
		"applicant": applicant,
		"procedure": procedure["name"],
		"channel": "Counter",
		"counter": counter,
		"number_of_sets": 1,
		"result_delivery": "Counter",
		"notify_by": "SMS",
		"documents": [
			{
				"doctype": "Dossier Document",
				"__islocal": 1,
				"parentfield": "documents",
				"parenttype": "Dossier",
				"idx": index,
				"document_name": doc["document_name"],
				"mandatory": doc.get("mandatory"),
				"required_originals": doc.get("originals"),
				"required_copies": doc.get("copies"),
				"received": 1,
				"originals_received": doc.get("originals") or 0,
				"copies_received": doc.get("copies") or 0,
			}
			for index, doc in enumerate(procedure.get("documents") or [], start=1)
		],
		"fees": [
			{
				"doctype": "Dossier Fee",
				"__islocal": 1,
				"parentfield": "fees",
				"parenttype": "Dossier",
				"idx": index,
				"fee_name": fee["fee_name"],
				"fee_kind": fee.get("fee_kind"),
				"amount": fee.get("amount"),
			}
			for index, fee in enumerate(procedure.get("fees") or [], start=1)
		],
	}


@dataclass
class Intake:
	officer: str
	procedure: str
	draft: str | None = None
	code: str | None = None
	seconds: float = 0.0
	insert_seconds: float = 0.0
	receive_seconds: float = 0.0
	error: str | None = None


def intake(session: Session, officer: str, procedure: dict, applicant: str, counter: str) -> Intake:
	"""One counter intake: save the draft, then Receive. Errors are recorded, not raised."""
	result = Intake(officer=officer, procedure=procedure["name"])
	started = time.perf_counter()
	try:
		r = session.post(
			"/api/method/frappe.desk.form.save.savedocs",
			data={"doc": json.dumps(draft_doc(procedure, applicant, counter)), "action": "Save"},
		)
		result.insert_seconds = time.perf_counter() - started
		if r.status_code != 200:
			result.error = f"insert HTTP {r.status_code}: {_short(r)}"
			return result
		result.draft = r.json()["docs"][0]["name"]
		middle = time.perf_counter()
		r = session.post(
			"/api/method/onestop_center.dossiers.lifecycle.take_action",
			data={"dossier": result.draft, "action": "Receive"},
		)
		result.receive_seconds = time.perf_counter() - middle
		if r.status_code != 200:
			result.error = f"Receive HTTP {r.status_code}: {_short(r)}"
			return result
		body = r.json()["message"]
		result.code = body["name"]
		if body.get("status") != "Received":
			result.error = f"Receive left status {body.get('status')!r}"
	except requests.RequestException as exc:
		result.error = f"{type(exc).__name__}: {exc}"
	finally:
		result.seconds = time.perf_counter() - started
	return result


def _short(response) -> str:
	try:
		body = response.json()
	except ValueError:
		return response.text[:300]
	exc = body.get("exc_type") or ""
	messages = body.get("_server_messages") or ""
	try:
		messages = " ".join(json.loads(m).get("message", "") for m in json.loads(messages))
	except (ValueError, TypeError, AttributeError):
		pass
	return f"{exc} {messages}".strip()[:300] or response.text[:300]


@dataclass
class Run:
	intakes: list[Intake] = field(default_factory=list)
	wall_seconds: float = 0.0

	@property
	def errors(self) -> list[Intake]:
		return [i for i in self.intakes if i.error]

	@property
	def received(self) -> list[Intake]:
		return [i for i in self.intakes if not i.error]


def run_together(count: int, work, per_thread: int) -> float:
	"""Run ``work(index)`` in ``count`` threads that start at the same moment (a barrier); each makes
	``per_thread`` requests. Returns the wall time from the start to the last one's end; raises
	if a thread is still running after a generous bound."""
	barrier = threading.Barrier(count + 1)

	def start(index: int):
		barrier.wait()
		work(index)

	threads = [threading.Thread(target=start, args=(i,), daemon=True) for i in range(count)]
	for thread in threads:
		thread.start()
	barrier.wait()
	started = time.perf_counter()
	for thread in threads:
		thread.join(timeout=TIMEOUT * per_thread * 2 + 60)
	wall = time.perf_counter() - started
	alive = sum(thread.is_alive() for thread in threads)
	if alive:
		raise RuntimeError(f"{alive} of {count} clients did not finish in time")
	return wall


def run_officers(
	base_url: str,
	site: str,
	officers: list[str],
	password: str,
	plan: Plan,
	per_officer: int,
) -> Run:
	"""Every officer (one thread each, logged in first) makes ``per_officer`` intakes; all start
	together. Officer i works at counter i (round robin past the last counter)."""
	sessions = [Session(base_url, site, user, password) for user in officers]
	lock = threading.Lock()
	run = Run()

	def work(index: int):
		counter = plan.counters[index % len(plan.counters)]
		procedures = counter["procedures"]
		for n in range(per_officer):
			procedure = procedures[(index + n) % len(procedures)]
			applicant = plan.applicants[(index * per_officer + n) % len(plan.applicants)]
			outcome = intake(sessions[index], officers[index], procedure, applicant, counter["counter"])
			with lock:
				run.intakes.append(outcome)

	run.wall_seconds = run_together(len(officers), work, per_officer)
	return run


def run_todos(
	base_url: str, site: str, users: list[str], password: str, per_client: int
) -> tuple[list[float], float, list[str]]:
	"""The baseline: one session per user, each POSTs ``per_client`` ToDos, all at once
	(``/api/resource/ToDo``). Returns the latencies, the wall time and the errors."""
	clients = len(users)
	sessions = [Session(base_url, site, user, password) for user in users]
	lock = threading.Lock()
	latencies, errors = [], []

	def work(index: int):
		for n in range(per_client):
			started = time.perf_counter()
			try:
				r = sessions[index].post(
					"/api/resource/ToDo",
					json={"description": f"Baseline {index}-{n}", "allocated_to": users[index]},
				)
				bad = None if r.status_code == 200 else f"HTTP {r.status_code}: {_short(r)}"
			except requests.RequestException as exc:
				bad = f"{type(exc).__name__}: {exc}"
			elapsed = time.perf_counter() - started
			with lock:
				latencies.append(elapsed)
				if bad:
					errors.append(bad)

	wall = run_together(clients, work, per_client)
	return latencies, wall, errors


def percentile(values: list[float], share: float) -> float:
	if not values:
		return 0.0
	ordered = sorted(values)
	return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def summary(latencies: list[float], wall: float) -> dict:
	return {
		"count": len(latencies),
		"per_second": round(len(latencies) / wall, 2) if wall else 0.0,
		"p50_ms": round(percentile(latencies, 0.5) * 1000),
		"p95_ms": round(percentile(latencies, 0.95) * 1000),
		"mean_ms": round(statistics.fmean(latencies) * 1000) if latencies else 0,
	}


def sequence_problems(admin: Session, codes: list[str]) -> list[str]:
	"""For every agency/day series the codes belong to: every code of the series that exists must be
	1..N with no gap and no duplicate (the codes of that day so far, demo ones included)."""
	problems = []
	keys = sorted({CODE.match(code)["key"] for code in codes if CODE.match(code)})
	problems += [f"not a dossier code: {code}" for code in codes if not CODE.match(code)]
	for key in keys:
		names = admin.get(
			"/api/resource/Dossier",
			params={"fields": '["name"]', "filters": json.dumps([["name", "like", key + "%"]]), "limit_page_length": 0},
		).json()["data"]
		numbers = sorted(int(CODE.match(row["name"])["seq"]) for row in names if CODE.match(row["name"]))
		if numbers != list(range(1, len(numbers) + 1)):
			problems.append(f"series {key}: {numbers} is not 1..{len(numbers)}")
	if len(set(codes)) != len(codes):
		problems.append("duplicate codes returned")
	return problems


def child_row_problems(admin: Session, intakes: list[Intake], plan: Plan) -> list[str]:
	"""Every received dossier has all its documents (ticked), fees and steps, under its code, and
	its officer; the draft's name is gone."""
	procedures = {p["name"]: p for counter in plan.counters for p in counter["procedures"]}
	problems = []
	for item in intakes:
		r = admin.get(f"/api/resource/Dossier/{item.code}")
		if r.status_code != 200:
			problems.append(f"{item.code}: HTTP {r.status_code}")
			continue
		doc = r.json()["data"]
		procedure = procedures[item.procedure]
		expected = {
			"documents": len(procedure.get("documents") or []),
			"fees": len(procedure.get("fees") or []),
			"steps": len(procedure.get("steps") or []),
		}
		for table, count in expected.items():
			rows = doc.get(table) or []
			if len(rows) != count or any(row.get("parent") != item.code for row in rows):
				problems.append(f"{item.code}: {len(rows)} {table} rows, {count} expected")
		if not all(row.get("received") for row in doc.get("documents") or []):
			problems.append(f"{item.code}: a ticked document lost its tick")
		if doc.get("status") != "Received" or not doc.get("due_at"):
			problems.append(f"{item.code}: status {doc.get('status')}, due {doc.get('due_at')}")
		if doc.get("received_by") != item.officer:
			problems.append(f"{item.code}: received by {doc.get('received_by')}, not {item.officer}")
		if item.draft and admin.get(f"/api/resource/Dossier/{item.draft}").status_code != 404:
			problems.append(f"{item.draft}: the draft name still exists after reception as {item.code}")
	return problems
