"""Benchmark: the leaders' pages at two volumes of generated dossiers, against plain Frappe.

Issue 9 (Performance): with 100,000 and with 1,000,000 dossiers, the department head's Dossier list
(first page, with the agency permission condition) < 0.3 s, each card of the leader's workspace
< 0.2 s, the monthly report < 1 s, the yearly report < 5 s, a lookup by code p95 < 50 ms, and going
from the smaller volume to the larger costs at most 1.5×.

This loads generated dossiers into the test site (``onestop_center.demo.volume``: the seed's
volumes, states, steps, hand-overs, fees and surveys, in bulk), serves it (gunicorn, as the other
benchmarks), measures every page ``--repeat`` times at the small volume, tops the site up to the
large volume and measures again. Baselines measured in the same run: Frappe's own ToDo list (first
page, Administrator) and ``/api/method/ping``. CI runs the short version (2,000 → 20,000); the
issue's volumes are ``--small 100000 --large 1000000`` (about half an hour of loading on 2 cores).

Reports JSON and Markdown to ``test-output/benchmarks/``; exits non-zero only when a request fails
(the targets are reported, not enforced, unless ``--enforce``).
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_intake  # noqa: E402
import bench_lookup  # noqa: E402
import intake_load  # noqa: E402

OUTPUT = bench_intake.OUTPUT
SITE = bench_intake.SITE
ROOT = Path(__file__).resolve().parents[2]
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "onestop@2026")
HEAD = "truongphong02@onestop.localhost"  # Sở Giao thông - Vận tải: the busiest department
LEADER = "lanhdao01@onestop.localhost"
TARGETS = {
	"head_list": 0.3, "card_max": 0.2, "head_card_max": 0.2, "monthly_report": 1.0, "yearly_report": 5.0,
	"lookup_p95": 0.05,
}
MAX_GROWTH = 1.5
LIST_FIELDS = ["name", "procedure_name", "applicant_name", "status", "due_at", "timeliness", "agency", "modified"]


class Gunicorn(bench_intake.Gunicorn):
	def __init__(self, workers: int):
		super().__init__(workers)
		self.log = OUTPUT / "bench_leaders-gunicorn.log"


def generate(count: int, seed: int, older: bool = False) -> float:
	"""Load ``count`` more generated dossiers into the site; the seconds it took."""
	started = time.monotonic()
	subprocess.run(
		[sys.executable, "-m", "frappe.utils.bench_helper", "frappe", "--site", SITE, "execute",
		 "onestop_center.demo.volume.generate", "--kwargs", repr({"count": count, "seed": seed, "older": older})],  # Frappe evals it
		cwd=ROOT / "sites", check=True, capture_output=True, timeout=6 * 3600,
	)
	return time.monotonic() - started


def timed(session: intake_load.Session, method: str, path: str, **kw) -> float:
	started = time.perf_counter()
	r = getattr(session, method)(path, **kw)
	elapsed = time.perf_counter() - started
	if r.status_code != 200:
		raise RuntimeError(f"{path} answered HTTP {r.status_code}: {r.text[:300]}")
	return elapsed


def median(values: list[float]) -> float:
	return sorted(values)[len(values) // 2]


def list_page(session, doctype: str, fields: list[str]) -> float:
	return timed(session, "post", "/api/method/frappe.desk.reportview.get", data={
		"doctype": doctype, "fields": json.dumps(fields), "order_by": "modified desc",
		"start": 0, "page_length": 20, "with_comment_count": 1,
	})


def cards(admin: intake_load.Session) -> list[dict]:
	"""The Dossiers module's number cards, whole (read as Administrator: a department head may not)."""
	r = admin.get("/api/resource/Number Card", params={
		"filters": json.dumps([["module", "=", "Dossiers"]]), "fields": json.dumps(["name"]),
		"limit_page_length": 100,
	})
	return [admin.get(f"/api/resource/Number Card/{row['name']}").json()["data"] for row in r.json()["data"]]


def card_time(session, card: dict) -> float:
	if card["type"] == "Custom" and card.get("method"):
		return timed(session, "post", f"/api/method/{card['method']}", data={"filters": "[]"})
	return timed(session, "post", "/api/method/frappe.desk.doctype.number_card.number_card.get_result",
	             data={"doc": json.dumps(card), "filters": card.get("filters_json") or "[]"})


def report_time(session, filters: dict) -> float:
	"""Seconds of one run of the periodic report, which must answer with its rows: a run over 15 s
	makes Frappe turn the report into a prepared (background) one, whose later answers are instant
	and empty — measured as such they would hide the slowness."""
	started = time.perf_counter()
	r = session.post("/api/method/frappe.desk.query_report.run",
	                 data={"report_name": "Periodic Statistics", "filters": json.dumps(filters)})
	elapsed = time.perf_counter() - started
	if r.status_code != 200 or r.json()["message"].get("prepared_report") or not r.json()["message"].get("result"):
		raise RuntimeError(f"the periodic report answered HTTP {r.status_code} without rows: {r.text[:300]}")
	return elapsed


def generated_codes(admin: intake_load.Session, count: int) -> list[str]:
	r = admin.get("/api/resource/Dossier", params={
		"filters": json.dumps([["remarks", "=", "generated"], ["status", "=", "Returned"]]),
		"fields": json.dumps(["name"]), "limit_page_length": count, "order_by": "received_at desc",
	})
	return [row["name"] for row in r.json()["data"]]


def measure(url: str, repeat: int) -> dict:
	admin = intake_load.Session(url, SITE, "Administrator", bench_intake.ADMIN_PASSWORD)
	head = intake_load.Session(url, SITE, HEAD, DEMO_PASSWORD)
	leader = intake_load.Session(url, SITE, LEADER, DEMO_PASSWORD)
	guest = intake_load.Session(url, SITE)
	last_month_end = date.today().replace(day=1) - timedelta(days=1)
	month = {"period_type": "Month", "year": last_month_end.year, "month": last_month_end.month}
	year = {"period_type": "Year", "year": last_month_end.year}
	result = {"head_list": [], "todo_list": [], "ping": [], "monthly_report": [], "yearly_report": [], "cards": {}, "head_cards": {}}
	for card in cards(admin):
		result["cards"][card["name"]] = median([card_time(leader, card) for _ in range(repeat)])
		# the department head's figures go through the agency condition (dossiers/routing.py)
		result["head_cards"][card["name"]] = median([card_time(head, card) for _ in range(repeat)])
	for _ in range(repeat):
		result["head_list"].append(list_page(head, "Dossier", LIST_FIELDS))
		result["todo_list"].append(list_page(admin, "ToDo", ["name", "description", "status", "modified"]))
		result["ping"].append(timed(guest, "get", "/api/method/ping"))
		result["monthly_report"].append(report_time(leader, month))
	for _ in range(max(3, repeat // 3)):
		result["yearly_report"].append(report_time(leader, year))
	lookups = []
	with bench_lookup.clients_never_limited(admin):
		for code in generated_codes(admin, 200) * 2:
			lookups.append(timed(guest, "get", "/api/method/onestop_center.portal.lookup.dossier_status", params={"code": code}))
	summary = {key: median(values) for key, values in result.items() if isinstance(values, list)}
	summary["lookup_p95"] = intake_load.percentile(lookups, 0.95) if lookups else None
	summary["card_max"] = max(result["cards"].values()) if result["cards"] else None
	summary["cards"] = result["cards"]
	summary["head_card_max"] = max(result["head_cards"].values()) if result["head_cards"] else None
	summary["head_cards"] = result["head_cards"]
	return summary


def main(argv=None) -> int:
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--small", type=int, default=int(os.environ.get("ONESTOP_BENCH_SMALL", 2000)))
	parser.add_argument("--large", type=int, default=int(os.environ.get("ONESTOP_BENCH_LARGE", 20000)))
	parser.add_argument("--repeat", type=int, default=7)
	parser.add_argument("--enforce", action="store_true", help="fail when a target is missed")
	args = parser.parse_args(argv)
	report = {"site": SITE, "small": args.small, "large": args.large, "started": datetime.now().isoformat(timespec="seconds")}
	report["load_small_s"] = generate(args.small, seed=11)
	with Gunicorn(2) as server:
		report["at_small"] = measure(server.url, args.repeat)
		# the larger site is the smaller one with more years behind it (same volume a month)
		report["load_large_s"] = generate(args.large - args.small, seed=12, older=True)
		report["at_large"] = measure(server.url, args.repeat)
	small, large = report["at_small"], report["at_large"]
	report["growth"] = {k: round(large[k] / small[k], 2) for k in TARGETS if small.get(k) and large.get(k)}
	missed = [k for k, limit in TARGETS.items() if large.get(k) is not None and large[k] > limit]
	missed += [f"growth {k}" for k, g in report["growth"].items() if g and g > MAX_GROWTH]
	report["missed"] = missed
	report["python"] = platform.python_version()
	write(report)
	return 1 if (args.enforce and missed) else 0


def write(report: dict) -> None:
	out = OUTPUT
	out.mkdir(parents=True, exist_ok=True)
	(out / "bench_leaders.json").write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
	small, large = report["at_small"], report["at_large"]
	ms = lambda s: f"{s * 1000:,.0f} ms" if s is not None else "–"  # noqa: E731
	rows = [
		("Department head's Dossier list, first page", "head_list", TARGETS["head_list"]),
		("Slowest card of the leader's workspace", "card_max", TARGETS["card_max"]),
		("Slowest card for the department head", "head_card_max", TARGETS["head_card_max"]),
		("Monthly periodic report", "monthly_report", TARGETS["monthly_report"]),
		("Yearly periodic report", "yearly_report", TARGETS["yearly_report"]),
		("Lookup by code, p95", "lookup_p95", TARGETS["lookup_p95"]),
		("Baseline: ToDo list first page (plain Frappe)", "todo_list", None),
		("Baseline: /api/method/ping", "ping", None),
	]
	lines = [
		"# Leaders' pages at two volumes",
		"",
		f"Generated dossiers: {report['small']:,} (loaded in {report['load_small_s']:.0f} s) → "
		f"{report['large']:,} (+{report['large'] - report['small']:,} in {report['load_large_s']:.0f} s).",
		"",
		f"| page | at {report['small']:,} | at {report['large']:,} | growth | target | × ToDo list |",
		"| --- | ---: | ---: | ---: | ---: | ---: |",
	]
	for label, key, target in rows:
		growth = large[key] / small[key] if small.get(key) and large.get(key) else None
		vs = large[key] / large["todo_list"] if large.get(key) and large.get("todo_list") else None
		lines.append(
			f"| {label} | {ms(small.get(key))} | {ms(large.get(key))} | {f'{growth:.2f}×' if growth else '–'} "
			f"| {ms(target) if target else '–'} | {f'{vs:.1f}×' if vs else '–'} |"
		)
	lines += ["", "Cards at the larger volume (median):", ""]
	lines += [
		f"- {name}: {ms(value)} (department head: {ms(large.get('head_cards', {}).get(name))})"
		for name, value in sorted(large["cards"].items())
	]
	lines += ["", f"Targets missed: {', '.join(report['missed']) or 'none'} (growth limit {MAX_GROWTH}×).", ""]
	(out / "bench_leaders.md").write_text("\n".join(lines), encoding="utf-8")
	print("\n".join(lines))
	print(f"written: {out / 'bench_leaders.json'}, {out / 'bench_leaders.md'}")


if __name__ == "__main__":
	sys.exit(main())
