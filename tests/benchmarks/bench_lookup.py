"""Benchmark: public dossier lookup vs. Frappe's ``/api/method/ping``, in the same run, same server.

Issue 8 asks that the lookup's throughput reach at least 0.8x that of ``GET /api/method/ping``
measured side by side, with a p95 under 50 ms. This starts its own production-like server on the
test site (gunicorn, 2 workers, ``--preload``, as bench_intake.py does), then alternates rounds:

* ping: C guest clients at once (kept-alive connections), each makes N ``GET /api/method/ping``;
* lookup: C guest clients at once, each makes N ``GET …portal.lookup.dossier_status?code=…``,
  cycling through received demo dossiers and unknown and malformed codes (a third each: a miss
  costs what a hit costs).

Then one client alone makes M of each (the service time of one request, and the p95 the goal
speaks of: a kiosk or a counter screen makes one lookup at a time). The benchmark's client is
listed in OneStop Settings as a kiosk (never limited) for the run: the rate limit's counter is
still kept on every request, so its cost is measured.

It reports throughput, p50 and p95 of both and their ratio, as JSON and Markdown in
``test-output/benchmarks/`` (``$ONESTOP_TEST_OUTPUT/benchmarks`` when set), and exits non-zero if
a request fails. The goals alone do not fail the run unless ``--min-ratio``/``--max-p95`` are given.

Usage (from the bench directory, the test site created with demo data, as scripts/test leaves it):
``env/bin/python tests/benchmarks/bench_lookup.py [--clients 4] [--requests 100] [--url URL]``
"""

import argparse
import json
import os
import platform
import sys
import threading
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_intake  # noqa: E402
import intake_load  # noqa: E402

OUTPUT = bench_intake.OUTPUT
SITE = bench_intake.SITE
ADMIN_PASSWORD = bench_intake.ADMIN_PASSWORD
TARGET_RATIO = 0.8
TARGET_P95_MS = 50
PING = "/api/method/ping"
LOOKUP = "/api/method/onestop_center.portal.lookup.dossier_status"
SETTINGS = "/api/resource/OneStop Settings/OneStop Settings"


class Gunicorn(bench_intake.Gunicorn):
	def __init__(self, workers: int):
		super().__init__(workers)
		self.log = OUTPUT / "bench_lookup-gunicorn.log"


def lookup_codes(admin: intake_load.Session, count: int = 30) -> list[str]:
	r = admin.get(
		"/api/resource/Dossier",
		params={
			"filters": json.dumps([["status", "not in", ["Draft", "Needs Completion", "Pending Reception"]]]),
			"limit_page_length": count,
		},
	)
	r.raise_for_status()
	hits = [row["name"] for row in r.json()["data"]]
	if not hits:
		raise RuntimeError("no received dossier in the demo data")
	misses = [code[:-4] + "9999" for code in hits]
	malformed = ["abc", "' or 1=1 --", "NHAP-20260101-00001", "x" * 80, "%", "000.00.01.H15"]
	codes = []
	for index in range(max(len(hits), len(malformed))):
		codes += [hits[index % len(hits)], misses[index % len(misses)], malformed[index % len(malformed)]]
	return codes


def run_clients(url: str, clients: int, per_client: int, path: str, codes: list[str] | None) -> tuple[list, float, list]:
	"""``clients`` guest sessions at once, each making ``per_client`` GETs; latencies, wall, errors."""
	sessions = [intake_load.Session(url, SITE) for _ in range(clients)]
	barrier = threading.Barrier(clients + 1)
	latencies, errors, lock = [], [], threading.Lock()

	def client(index: int):
		session, mine, problems = sessions[index], [], []
		barrier.wait()
		for number in range(per_client):
			params = {"code": codes[(index * per_client + number) % len(codes)]} if codes else None
			started = time.perf_counter()
			r = session.get(path, params=params)
			mine.append(time.perf_counter() - started)
			if r.status_code != 200:
				problems.append(f"{path} HTTP {r.status_code}: {r.text[:120]}")
		with lock:
			latencies.extend(mine)
			errors.extend(problems)

	threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
	for thread in threads:
		thread.start()
	barrier.wait()
	started = time.perf_counter()
	for thread in threads:
		thread.join()
	return latencies, time.perf_counter() - started, errors


@contextmanager
def clients_never_limited(admin: intake_load.Session):
	"""The benchmark's client listed as a kiosk (never refused) while it runs: the rate limit's
	counter is still kept on every request, so its cost is measured."""
	before = admin.get(SETTINGS).json()["data"].get("lookup_unlimited_clients") or ""
	r = admin.http.put(admin.base_url + SETTINGS, json={"lookup_unlimited_clients": "127.0.0.0/8\n::1"}, timeout=60)
	r.raise_for_status()
	try:
		yield
	finally:
		admin.http.put(admin.base_url + SETTINGS, json={"lookup_unlimited_clients": before}, timeout=60)


def measure(url: str, args) -> dict:
	admin = intake_load.Session(url, SITE, "Administrator", ADMIN_PASSWORD)
	codes = lookup_codes(admin)
	with clients_never_limited(admin):
		# warm-up (not measured): every worker has loaded the app, metadata and caches
		run_clients(url, args.clients, 10, PING, None)
		run_clients(url, args.clients, 10, LOOKUP, codes)

		ping, lookup, errors = [], [], []
		ping_wall = lookup_wall = 0.0
		for _round in range(args.rounds):
			latencies, wall, problems = run_clients(url, args.clients, args.requests, PING, None)
			ping += latencies
			ping_wall += wall
			errors += problems
			latencies, wall, problems = run_clients(url, args.clients, args.requests, LOOKUP, codes)
			lookup += latencies
			lookup_wall += wall
			errors += problems

		ping_alone, _wall, problems = run_clients(url, 1, args.sequential, PING, None)
		errors += problems
		lookup_alone, _wall, problems = run_clients(url, 1, args.sequential, LOOKUP, codes)
		errors += problems

	ping_summary = intake_load.summary(ping, ping_wall)
	lookup_summary = intake_load.summary(lookup, lookup_wall)
	alone = {
		"ping": intake_load.summary(ping_alone, sum(ping_alone)),
		"lookup": intake_load.summary(lookup_alone, sum(lookup_alone)),
	}
	return {
		"benchmark": "public dossier lookup (GET dossier_status) vs GET /api/method/ping",
		"server": f"gunicorn -w {args.workers} --preload" if not args.url else args.url,
		"site": SITE,
		"clients": args.clients,
		"rounds": args.rounds,
		"codes": {"hits": len(codes) // 3, "misses": len(codes) // 3, "malformed": len(codes) // 3},
		"ping": ping_summary,
		"lookup": lookup_summary,
		"ratio": round(lookup_summary["per_second"] / ping_summary["per_second"], 3) if ping_summary["per_second"] else 0.0,
		"target_ratio": TARGET_RATIO,
		"target_p95_ms": TARGET_P95_MS,
		"alone": alone,
		"alone_ratio": (
			round(alone["lookup"]["per_second"] / alone["ping"]["per_second"], 3) if alone["ping"]["per_second"] else 0.0
		),
		"errors": len(errors),
		"first_errors": errors[:5],
		"cpus": os.cpu_count(),
		"load_average": [round(x, 2) for x in os.getloadavg()],
		"python": platform.python_version(),
		"run_at": datetime.now().isoformat(timespec="seconds"),
	}


def write(report: dict) -> None:
	OUTPUT.mkdir(parents=True, exist_ok=True)
	(OUTPUT / "bench_lookup.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
	ping, lookup, alone = report["ping"], report["lookup"], report["alone"]
	lines = [
		"# Public lookup benchmark",
		"",
		f"| measure | lookup ({report['clients']} clients) | ping ({report['clients']} clients) | lookup alone | ping alone |",
		"| --- | ---: | ---: | ---: | ---: |",
		f"| per second | {lookup['per_second']} | {ping['per_second']} | {alone['lookup']['per_second']} | {alone['ping']['per_second']} |",
		f"| p50 (ms) | {lookup['p50_ms']} | {ping['p50_ms']} | {alone['lookup']['p50_ms']} | {alone['ping']['p50_ms']} |",
		f"| p95 (ms) | {lookup['p95_ms']} | {ping['p95_ms']} | {alone['lookup']['p95_ms']} | {alone['ping']['p95_ms']} |",
		f"| count | {lookup['count']} | {ping['count']} | {alone['lookup']['count']} | {alone['ping']['count']} |",
		"",
		(f"- Ratio lookup / ping: **{report['ratio']}×** at {report['clients']} clients, "
		f"{report['alone_ratio']}× one request at a time (target {report['target_ratio']}×)."),
		(f"- Lookup p95: {lookup['p95_ms']} ms at {report['clients']} clients, {alone['lookup']['p95_ms']} ms "
		f"alone (target < {report['target_p95_ms']} ms)."),
		(f"- Codes cycled: a third received dossiers, a third unknown codes, a third malformed; "
		f"server {report['server']}, site {report['site']}; {report['cpus']} CPUs, load average "
		f"{report['load_average']}; {report['run_at']}."),
		f"- Errors: {report['errors']}" + (": " + "; ".join(report["first_errors"]) if report["first_errors"] else "."),
	]
	text = "\n".join(lines) + "\n"
	(OUTPUT / "bench_lookup.md").write_text(text, encoding="utf-8")
	print(text)
	print(f"written: {OUTPUT / 'bench_lookup.json'}, {OUTPUT / 'bench_lookup.md'}")


def main(argv=None) -> int:
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--clients", type=int, default=4, help="guest clients at once (default 4)")
	parser.add_argument("--requests", type=int, default=100, help="requests per client and round (default 100)")
	parser.add_argument("--rounds", type=int, default=3, help="alternating rounds (default 3)")
	parser.add_argument("--sequential", type=int, default=200, help="requests one at a time, for service times")
	parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
	parser.add_argument("--url", help="measure a server already running instead of starting gunicorn")
	parser.add_argument("--min-ratio", type=float, help="also fail when the ratio is below this")
	parser.add_argument("--max-p95", type=float, help="also fail when the lookup's p95 (ms, alone) is above this")
	args = parser.parse_args(argv)

	if args.url:
		report = measure(args.url.rstrip("/"), args)
	else:
		with Gunicorn(args.workers) as server:
			report = measure(server.url, args)
	write(report)
	if report["errors"]:
		print("FAILED: some requests failed")
		return 1
	if args.min_ratio is not None and report["ratio"] < args.min_ratio:
		print(f"FAILED: ratio {report['ratio']} below {args.min_ratio}")
		return 1
	if args.max_p95 is not None and report["alone"]["lookup"]["p95_ms"] > args.max_p95:
		print(f"FAILED: p95 {report['alone']['lookup']['p95_ms']} ms above {args.max_p95} ms")
		return 1
	return 0


if __name__ == "__main__":
	sys.exit(main())
