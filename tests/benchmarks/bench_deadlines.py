"""Benchmark: due-date computations per second, legal engine vs. a plain baseline.

Runs N deadline computations with mixed units (working days, working hours,
calendar days; some with a 15:00 cut-off) and realistic reception moments
spread over 2025–2026, once with the engine (``onestop_center.deadlines.due``
on the official calendar) and once with a naive ``datetime + timedelta``
baseline, in the same run. Prints a small report and writes it as JSON and
Markdown to ``test-output/benchmarks/`` (git-ignored).

Usage (from the bench directory): ``env/bin/python tests/benchmarks/bench_deadlines.py [--n 50000]``
No site, database or Frappe needed.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import time as clock
from datetime import date, datetime, time, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "apps" / "onestop_center"))

from onestop_center.deadlines import clear_cache, due, official_calendar

OUTPUT = ROOT / "test-output" / "benchmarks"
UNITS = (("working_day", 1, 30), ("working_hour", 1, 64), ("calendar_day", 1, 60))


def make_cases(n: int, seed: int = 20250101) -> list[tuple[datetime, int, str, time | None]]:
	"""Deterministic receptions over 2025–2026: mostly office hours, some evenings and weekends."""
	rng = random.Random(seed)
	first = date(2025, 1, 1).toordinal()
	span = date(2026, 12, 31).toordinal() - first
	cases = []
	for _ in range(n):
		day = date.fromordinal(first + rng.randrange(span))
		minute = rng.randrange(6 * 60, 20 * 60)  # 06:00–19:59
		start = datetime.combine(day, time(minute // 60, minute % 60, rng.randrange(60)))
		unit, low, high = rng.choice(UNITS)
		cutoff = time(15) if rng.random() < 0.3 else None
		cases.append((start, rng.randint(low, high), unit, cutoff))
	return cases


def run_engine(cal, cases) -> list[datetime]:
	return [due(cal, start, amount, unit, cutoff).due_at for start, amount, unit, cutoff in cases]


def run_baseline(cases) -> list[datetime]:
	"""What peers do: days are 24 h and hours are clock hours, no calendar at all."""
	out = []
	for start, amount, unit, _cutoff in cases:
		delta = timedelta(hours=amount) if unit == "working_hour" else timedelta(days=amount)
		out.append(start + delta)
	return out


def best_of(repeats: int, fn, *args) -> tuple[float, object]:
	best, result = float("inf"), None
	for _ in range(repeats):
		started = clock.perf_counter()
		result = fn(*args)
		best = min(best, clock.perf_counter() - started)
	return best, result


def main(argv=None) -> dict:
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--n", type=int, default=50_000, help="computations per run (default 50000)")
	parser.add_argument("--repeats", type=int, default=3, help="runs of each; the best is kept (default 3)")
	args = parser.parse_args(argv)

	cal = official_calendar((2025, 2026, 2027))
	cases = make_cases(args.n)

	clear_cache()
	started = clock.perf_counter()
	due(cal, cases[0][0], cases[0][1], cases[0][2], cases[0][3])  # builds the per-version index
	cold_seconds = clock.perf_counter() - started

	engine_seconds, engine_results = best_of(args.repeats, run_engine, cal, cases)
	baseline_seconds, baseline_results = best_of(args.repeats, run_baseline, cases)

	# Sanity: every engine deadline is a working moment on a working day, and not before its start.
	assert all(cal.is_working_day(r.date()) for r in engine_results)
	assert all(r >= s for r, (s, *_rest) in zip(engine_results, cases))
	differs = sum(1 for a, b in zip(engine_results, baseline_results) if a.date() != b.date())

	import holidays

	report = {
		"benchmark": "deadlines.due vs datetime + timedelta",
		"computations": args.n,
		"repeats": args.repeats,
		"engine_per_second": round(args.n / engine_seconds),
		"baseline_per_second": round(args.n / baseline_seconds),
		"engine_microseconds_each": round(engine_seconds / args.n * 1e6, 2),
		"baseline_microseconds_each": round(baseline_seconds / args.n * 1e6, 3),
		"slowdown_vs_baseline": round(engine_seconds / baseline_seconds, 1),
		"cold_first_call_ms": round(cold_seconds * 1000, 1),
		"baseline_due_date_wrong_share": round(differs / args.n, 3),
		"calendar": cal.name,
		"calendar_version": cal.version,
		"python": platform.python_version(),
		"holidays": holidays.__version__,
		"machine": f"{platform.machine()}, {platform.system()}",
		"run_at": datetime.now().isoformat(timespec="seconds"),
	}
	write(report)
	return report


def write(report: dict) -> None:
	OUTPUT.mkdir(parents=True, exist_ok=True)
	(OUTPUT / "bench_deadlines.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
	lines = [
		"# Deadline engine benchmark",
		"",
		"| measure | engine | baseline (datetime + timedelta) |",
		"| --- | ---: | ---: |",
		f"| computations per second | {report['engine_per_second']:,} | {report['baseline_per_second']:,} |",
		(f"| microseconds per computation | {report['engine_microseconds_each']} | "
		f"{report['baseline_microseconds_each']} |"),
		"",
		(f"- {report['computations']:,} computations, best of {report['repeats']}; engine is "
		f"{report['slowdown_vs_baseline']}× the baseline's time."),
		f"- First call on a fresh calendar version (index build): {report['cold_first_call_ms']} ms.",
		f"- Baseline gives a different due date than the law in {report['baseline_due_date_wrong_share']:.1%} of cases.",
		(f"- Calendar {report['calendar']!r} version {report['calendar_version']}; Python {report['python']}, "
		f"holidays {report['holidays']}; {report['run_at']}."),
	]
	text = "\n".join(lines) + "\n"
	(OUTPUT / "bench_deadlines.md").write_text(text, encoding="utf-8")
	print(text)
	print(f"written: {OUTPUT / 'bench_deadlines.json'}, {OUTPUT / 'bench_deadlines.md'}")


if __name__ == "__main__":
	main()
