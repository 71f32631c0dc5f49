"""Reception never fails at busy counters (issue 7, must have 1).

Reception officers, each logged in with their own session, open and receive dossiers at the same
moment through the desk's real HTTP path: the draft saved with its documents ticked
(``frappe.desk.form.save.savedocs``), then the workflow's Receive (``lifecycle.take_action``),
which gives the dossier its code. Under MariaDB's REPEATABLE READ these saves deadlocked on the
gap locks of the child tables' ``parent`` index (23 of 40 answered HTTP 500); the draft's name
series made every counter wait for the others. The checks:

* no request fails (no deadlock, no lock wait timeout, no duplicate key);
* every agency/day code series touched is 1..N, without gap or duplicate;
* every dossier keeps all its rows (documents ticked, fees, planned steps) under its code, with its
  officer, and the draft's provisional name is gone.

Bounded: a fixed number of intakes per officer, joined with a timeout; no sleeps.
"""

import sys
from pathlib import Path

import pytest

from conftest import ADMIN_PASSWORD, BASE_URL, DEMO_PASSWORD, SITE

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import intake_load  # noqa: E402  (shared with the intake benchmark)


@pytest.fixture(scope="module")
def admin():
	return intake_load.Session(BASE_URL, SITE, "Administrator", ADMIN_PASSWORD)


@pytest.fixture(scope="module")
def plan(admin):
	plan = intake_load.load_plan(admin)
	assert len(plan.counters) >= intake_load.DEMO_OFFICERS, "the demo has a counter per officer"
	return plan


def receive_at_once(admin, plan, officers: int, per_officer: int):
	logins = intake_load.officer_logins(admin, officers)
	assert len(set(logins)) == officers
	run = intake_load.run_officers(BASE_URL, SITE, logins, DEMO_PASSWORD, plan, per_officer)
	assert len(run.intakes) == officers * per_officer
	errors = [f"{i.officer}: {i.error}" for i in run.errors]
	assert errors == [], f"{len(errors)} of {len(run.intakes)} intakes failed: {errors[:5]}"
	codes = [i.code for i in run.received]
	assert intake_load.sequence_problems(admin, codes) == []
	assert intake_load.child_row_problems(admin, run.received, plan) == []
	return run


def test_22_officers_one_per_counter(admin, plan):
	run = receive_at_once(admin, plan, officers=22, per_officer=3)
	assert {i.officer for i in run.intakes} == {intake_load.demo_officer(n) for n in range(1, 23)}


def test_50_officers_receiving_at_once(admin, plan):
	receive_at_once(admin, plan, officers=50, per_officer=2)
