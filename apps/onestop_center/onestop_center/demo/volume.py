# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Realistic dossier volumes for benchmarks and load tests, loaded straight into the database.

``generate(count)`` writes ``count`` dossiers spread over the last years by the seed's volumes
(QĐ 3276/2015, Part II: ≈123,000 a year, Sở Giao thông - Vận tải the busiest with ≈45%), on the demo
catalogue (agencies, procedures and their steps, counters, officers, applicants): channels, states,
deadlines counted by the working-day engine, steps with their timeliness, hand-overs, supplement
stops, fee receipts and survey responses. Rows go in with multi-row INSERTs (``bulk_insert``), not
through the ORM, so a million dossiers load in minutes; nothing the demo shows depends on them.

    scripts/generate-dossiers 100000            # README, "Volumes"
    frappe --site SITE execute onestop_center.demo.volume.generate --kwargs "{'count': 100000}"

Generated dossiers are recognisable: sequence numbers of their codes start at 5000 (a real day
never reaches it), ``remarks`` is "generated". ``remove_generated()`` deletes them.
"""

import random
import time
from itertools import accumulate
from collections import defaultdict
from datetime import date, datetime, timedelta

import frappe
from frappe.utils import add_to_date, now_datetime

from onestop_center.deadlines.arithmetic import (
	CALENDAR_DAY,
	WORKING_DAY,
	WORKING_HOUR,
	add_working_time,
	due,
	working_time_between,
)
from onestop_center.deadlines.store import default_calendar_name, get_calendar
from onestop_center.dossiers import routing

GENERATED = "generated"
FIRST_SEQUENCE = 5000
PER_YEAR = 123_000
# Dossiers a year per department (seed, Part II, the secondment table), matched on the agency's name.
SEED_VOLUMES = {
	"Giao thông": 55_238, "Y tế": 14_351, "Nông nghiệp": 16_718, "Lao động": 8_143, "Tư pháp": 7_128,
	"Công thương": 6_828, "Kế hoạch": 6_658, "Tài nguyên": 2_116, "Khu công nghiệp": 1_144,
	"Xây dựng": 1_148, "Tài chính": 722, "Giáo dục": 700, "Dân tộc": 677, "Văn hóa": 531,
	"Nội vụ": 310, "Ngoại vụ": 259, "Khoa học": 135, "Thông tin": 130,
}
UNIT = {"Working Day": WORKING_DAY, "Working Hour": WORKING_HOUR, "Calendar Day": CALENDAR_DAY}
CHANNELS = (("Counter", 0.68), ("Online", 0.27), ("Post", 0.05))
CLOSED_OUTCOMES = (("Returned", 0.93), ("Result at Centre", 0.025), ("Refused", 0.025), ("Stopped", 0.02))
TIMELINESS = (("Early", 0.22), ("On Time", 0.70), ("Late", 0.08))
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ")
MIDDLE = ("Văn", "Thị", "Hữu", "Minh", "Thanh", "Ngọc", "Đức", "Thu")
GIVEN = ("An", "Bình", "Châu", "Dũng", "Hà", "Hùng", "Lan", "Long", "Mai", "Nam", "Phúc", "Quân", "Tâm", "Vân")
BATCH = 2_000


def pick(rng: random.Random, weighted) -> str:
	x, total = rng.random(), 0.0
	for value, weight in weighted:
		total += weight
		if x < total:
			return value
	return weighted[-1][0]


class Catalogue:
	"""What the generated dossiers refer to, read once from the site."""

	def __init__(self):
		settings = frappe.get_cached_doc("OneStop Settings")
		self.centre = settings.get("centre_agency")
		self.calendar_name = default_calendar_name()
		self.calendar = get_calendar(self.calendar_name)
		agencies = {a.name: a.agency_name or a.name for a in frappe.get_all("Agency", fields=["name", "agency_name"])}
		self.procedures = []
		weights = defaultdict(float)
		for p in frappe.get_all(
			"Procedure",
			filters={"is_active": 1},
			fields=["name", "procedure_name", "responsible_agency", "duration_in_person", "duration_unit",
			        "resolved_immediately", "result_returned_by", "version"],
		):
			steps = frappe.get_all(
				"Procedure Step", {"parent": p.name, "parenttype": "Procedure"},
				["step_order", "step_name", "agency", "role", "time_budget", "time_unit", "mode"], order_by="step_order",
			)
			fees = frappe.get_all("Procedure Fee", {"parent": p.name, "parenttype": "Procedure"}, ["*"])
			if not steps or not p.duration_in_person or p.resolved_immediately:
				continue
			p.steps, p.fees = steps, fees
			p.total_fee = sum(float(f.get("amount") or 0) for f in fees)
			self.procedures.append(p)
			weights[p.responsible_agency] += 1
		if not self.procedures:
			frappe.throw("No active procedure with steps: load the demo data first (scripts/up)")
		# each agency's yearly volume (seed), shared among its procedures
		volume = {a: next((v for k, v in SEED_VOLUMES.items() if k in agencies.get(a, "")), 300) for a in weights}
		self.procedure_weights = [volume[p.responsible_agency] / weights[p.responsible_agency] for p in self.procedures]
		self.identifier = {a: a for a in agencies}
		self.counters = frappe.get_all("Counter", pluck="name") or [None]
		self.officers = frappe.get_all(
			"Has Role", {"role": "Reception Officer", "parenttype": "User"}, pluck="parent"
		) or ["Administrator"]
		self.applicants = frappe.get_all("Applicant", pluck="name", limit=5000)


def working_moments(cal, start: date, end: date, rng: random.Random, count: int) -> list[datetime]:
	"""``count`` reception moments on the working days of [start, end], in time order."""
	days = [start + timedelta(days=i) for i in range((end - start).days)]  # up to yesterday
	days = [d for d in days if cal.is_working_day(d)] or days
	moments = []
	for _ in range(count):
		day = rng.choice(days)
		minute = rng.randint(7 * 60 + 30, 16 * 60 + 50)
		moments.append(datetime.combine(day, datetime.min.time()) + timedelta(minutes=minute, seconds=rng.randint(0, 59)))
	moments.sort()
	return moments


def generate(
	count: int = 1000, years: float | None = None, seed: int = 1, until: str | None = None, older: bool = False
) -> dict:
	"""Load ``count`` dossiers received over ``years`` (default: what the seed's volume needs) up to
	``until`` (default now). ``older``: before the generated dossiers already there, so that a site
	grows into the past at the seed's yearly volume instead of crowding the recent months."""
	started = time.monotonic()
	count = int(count)
	rng = random.Random(int(seed))
	cat = Catalogue()
	end = frappe.utils.get_datetime(until) if until else now_datetime()
	if older:
		first = frappe.db.sql("select min(received_at) from `tabDossier` where remarks = %s", GENERATED)[0][0]
		end = min(end, first) if first else end
	years = float(years) if years else max(count / PER_YEAR, 0.1)
	start = end - timedelta(days=int(365 * years))
	moments = working_moments(cat.calendar, start.date(), end.date(), rng, count)
	writer = Writer()
	sequences = defaultdict(lambda: FIRST_SEQUENCE, generated_sequences())
	cumulative = list(accumulate(cat.procedure_weights))
	for received_at in moments:
		procedure = rng.choices(cat.procedures, cum_weights=cumulative)[0]
		key = f"{cat.identifier[procedure.responsible_agency]}-{received_at:%y%m%d}"
		sequences[key] += 1
		code = f"{key}-{sequences[key]:04d}"
		writer.add(make_dossier(cat, rng, code, procedure, received_at, end))
		if writer.pending >= BATCH:
			writer.flush()
	writer.flush()
	frappe.db.commit()
	return {"dossiers": count, "rows": writer.rows, "seconds": round(time.monotonic() - started, 1)}


def generated_sequences() -> dict[str, int]:
	"""The last sequence number given so far per code prefix (agency and day), to go on from."""
	return dict(
		frappe.db.sql(
			"""select substring_index(name, '-', 2), max(cast(substring_index(name, '-', -1) as unsigned))
			from `tabDossier` where remarks = %s group by 1""",
			GENERATED,
		)
	)


def make_dossier(cat: Catalogue, rng: random.Random, code: str, procedure, received_at: datetime, now: datetime) -> dict:
	"""One dossier with its child rows, fee receipt and survey, as table rows."""
	unit = UNIT.get(procedure.duration_unit or "Working Day", WORKING_DAY)
	amount = procedure.duration_in_person if unit != WORKING_DAY else int(procedure.duration_in_person)
	deadline = due(cat.calendar, received_at, amount, unit)
	due_at = deadline.due_at.replace(tzinfo=None)
	span = max(due_at - received_at, timedelta(hours=4))
	channel = pick(rng, CHANNELS)
	officer = rng.choice(cat.officers)
	counter = rng.choice(cat.counters) if channel == "Counter" else None
	surname, middle, given = rng.choice(SURNAMES), rng.choice(MIDDLE), rng.choice(GIVEN)
	status, timeliness, finished_at, stopped_at = open_or_closed(rng, received_at, due_at, span, now)
	steps, handovers = step_rows(cat, rng, code, procedure, received_at, due_at, finished_at, now)
	holder = procedure.steps[-1].agency if finished_at else handovers[-1]["to_agency"] if handovers else cat.centre
	dossier = {
		"name": code, "owner": officer, "modified_by": officer, "creation": received_at,
		"modified": finished_at or stopped_at or received_at, "docstatus": 0,
		"procedure": procedure.name, "procedure_name": procedure.procedure_name,
		"procedure_version": procedure.version or 1, "agency": holder, "channel": channel,
		"counter": counter, "received_at": received_at, "received_by": officer,
		"effective_received_at": deadline.received_at.replace(tzinfo=None),
		"applicant": rng.choice(cat.applicants) if cat.applicants else None,
		"applicant_name": f"{surname} {middle} {given}", "phone": f"09{rng.randint(10000000, 99999999)}",
		"status": status, "timeliness": timeliness, "due_at": due_at, "due_date": due_at.date(),
		"finished_at": finished_at, "returned_at": finished_at if status == "Returned" else None,
		"stopped_at": stopped_at, "stop_kind": "Withdrawal" if stopped_at else None,
		"working_calendar": cat.calendar_name, "calendar_version": deadline.calendar_version,
		"rule_set": "TT 03/2025" if received_at.date() >= date(2025, 7, 1) else "TT 01/2018",
		"duration": procedure.duration_in_person, "duration_unit": procedure.duration_unit,
		"total_fee": procedure.total_fee, "current_step": len(handovers),
		"result_delivery": "Post" if channel == "Post" else rng.choice(("Counter", "Counter", "Electronic")),
		"notify_by": "SMS", "payment_channel": "National Portal" if channel == "Online" and rng.random() < 0.5 else "At the Centre",
		"electronic_result": int(channel == "Online" and rng.random() < 0.6),
		"result_returned_by": procedure.result_returned_by or "Centre",
		"result_ready_at": finished_at, "remarks": GENERATED,
	}
	rows = {"Dossier": [dossier], "Dossier Step": steps, "Dossier Hand-over": handovers}
	rows["Dossier Routing"] = routing.rows_for(
		code, {holder} | {h["to_agency"] for h in handovers}, officer, received_at
	)
	rows["Dossier Fee"] = [
		{"parent": code, "parentfield": "fees", "parenttype": "Dossier", "idx": i + 1,
		 "fee_name": f.get("fee_name"), "fee_kind": f.get("fee_kind"), "amount": f.get("amount")}
		for i, f in enumerate(procedure.fees)
	]
	if rng.random() < 0.06 and status not in ("Refused", "Stopped"):
		paused = received_at + span * 0.4
		resumed = None if status == "Supplement Requested" else paused + timedelta(days=rng.randint(1, 8))
		rows["Dossier Clock Stop"] = [{
			"parent": code, "parentfield": "clock_stops", "parenttype": "Dossier", "idx": 1,
			"reason": "Supplement Requested", "paused_at": paused, "resumed_at": resumed, "due_before": due_at,
		}]
	if procedure.total_fee and status in ("Returned", "Result at Centre"):
		rows["Fee Receipt"] = [{
			"name": f"BL-SL-{code}", "dossier": code, "payer": dossier["applicant_name"], "receipt_number": code[-9:],
			"paid_at": received_at + timedelta(minutes=5), "payment_method": "Online" if channel == "Online" else "Cash",
			"collected_by": officer, "amount": procedure.total_fee, "docstatus": 1, "owner": officer,
			"creation": received_at, "modified": received_at, "modified_by": officer,
		}]
	if status == "Returned" and rng.random() < 0.1:
		level = pick(rng, (("Very Satisfied", 0.55), ("Satisfied", 0.4), ("Dissatisfied", 0.05)))
		rows["Survey Response"] = [{
			"name": f"KS-SL-{code}", "dossier": code, "procedure": procedure.name, "agency": procedure.responsible_agency,
			"officer": officer, "counter": counter, "channel": rng.choice(("Kiosk", "Portal", "Counter")),
			"submitted_at": finished_at + timedelta(hours=2), "satisfaction": level,
			"score": {"Very Satisfied": 5, "Satisfied": 4, "Dissatisfied": 2}[level], "max_score": 5,
			"owner": "Guest", "creation": finished_at, "modified": finished_at, "modified_by": "Guest",
		}]
	return rows


def open_or_closed(rng, received_at: datetime, due_at: datetime, span: timedelta, now: datetime):
	"""(status, timeliness, finished_at, stopped_at) of a dossier received at ``received_at``."""
	kind = pick(rng, TIMELINESS)
	if kind == "Early":
		finished = received_at + span * rng.uniform(0.3, 0.8)
	elif kind == "On Time":
		finished = due_at - timedelta(minutes=rng.randint(10, 300))
	else:
		finished = due_at + timedelta(days=rng.randint(1, 6))
	finished = max(finished, received_at + timedelta(minutes=30))
	if finished <= now - timedelta(days=1):
		status = pick(rng, CLOSED_OUTCOMES)
		if status == "Stopped":
			return status, None, None, received_at + span * 0.5
		if status == "Refused":
			return status, None, received_at + span * 0.3, None
		return status, kind, finished, None
	# still open: where it stands now
	elapsed = (now - received_at) / span if span else 1
	status = "Received" if elapsed < 0.05 else "Transferred" if elapsed < 0.15 else rng.choice(
		("In Progress", "In Progress", "In Progress", "Supplement Requested", "Result Ready")
	)
	return status, "Overdue" if now > due_at else "Within Deadline", None, None


def step_rows(cat, rng, code, procedure, received_at, due_at, finished_at, now):
	"""The dossier's steps (from its procedure) and the hand-overs between agencies so far."""
	steps, handovers = [], []
	end = finished_at or now
	count = len(procedure.steps)
	origin = cat.centre
	budget = working_time_between(cat.calendar, received_at, due_at)
	worked = working_time_between(cat.calendar, received_at, end) if end > received_at else timedelta(0)

	def along(total: timedelta, fraction: float) -> datetime:
		return add_working_time(cat.calendar, received_at, total * fraction).replace(tzinfo=None)

	for i, step in enumerate(procedure.steps):
		step_due = along(budget, (i + 1) / count)
		start = along(worked, i / count) + timedelta(minutes=30)
		done = along(worked, (i + 1) / count) if finished_at else None
		if start > now:
			break
		result = None if done is None else "Early" if done < step_due - timedelta(days=1) else "On Time" if done <= step_due else "Late"
		steps.append({
			"parent": code, "parentfield": "steps", "parenttype": "Dossier", "idx": i + 1,
			"step_order": step.step_order, "step_name": step.step_name, "agency": step.agency, "role": step.role,
			"mode": step.mode or "Sequential", "time_budget": step.time_budget, "time_unit": step.time_unit,
			"planned_start": start, "due_at": step_due, "due_date": step_due.date(), "finished_at": done,
			"timeliness": result or ("Overdue" if now > step_due else "Within Deadline"),
		})
		if step.agency != origin:
			handovers.append({
				"parent": code, "parentfield": "handovers", "parenttype": "Dossier", "idx": len(handovers) + 1,
				"handed_at": start, "from_agency": origin, "to_agency": step.agency, "step_order": step.step_order,
			})
			origin = step.agency
	if finished_at and origin != cat.centre:
		handovers.append({
			"parent": code, "parentfield": "handovers", "parenttype": "Dossier", "idx": len(handovers) + 1,
			"handed_at": finished_at, "from_agency": origin, "to_agency": cat.centre,
			"step_order": procedure.steps[-1].step_order, "step_result": steps[-1]["timeliness"] if steps else None,
		})
	return steps, handovers


class Writer:
	"""Rows buffered per DocType and written with multi-row INSERTs."""

	def __init__(self):
		self.buffer = defaultdict(list)
		self.pending = 0
		self.rows = 0
		self.columns = {}

	def add(self, rows: dict) -> None:
		for doctype, records in rows.items():
			self.buffer[doctype].extend(records)
		self.pending += 1

	def flush(self) -> None:
		for doctype, records in self.buffer.items():
			if not records:
				continue
			if doctype not in self.columns:
				self.columns[doctype] = set(frappe.db.get_table_columns(doctype))
			fields = sorted({k for r in records for k in r if k in self.columns[doctype]})
			stamp = now_datetime()
			for r in records:
				r.setdefault("name", frappe.generate_hash(length=12))
				for key in ("creation", "modified"):
					r.setdefault(key, stamp)
			fields = sorted(set(fields) | {"name", "creation", "modified"})
			# pymysql's executemany writes one multi-row INSERT per batch (no query builder per value)
			sql = "insert into `tab{}` ({}) values ({})".format(
				doctype, ", ".join(f"`{f}`" for f in fields), ", ".join(["%s"] * len(fields))
			)
			frappe.db._cursor.executemany(sql, [tuple(r.get(f) for f in fields) for r in records])
			self.rows += len(records)
		self.buffer.clear()
		self.pending = 0


def remove_generated() -> int:
	"""Delete the generated dossiers and what hangs on them; return how many dossiers."""
	names = frappe.get_all("Dossier", {"remarks": GENERATED}, pluck="name")
	for start in range(0, len(names), 5000):
		chunk = names[start : start + 5000]
		for child in ("Dossier Step", "Dossier Hand-over", "Dossier Fee", "Dossier Clock Stop"):
			frappe.db.delete(child, {"parent": ["in", chunk], "parenttype": "Dossier"})
		frappe.db.delete(routing.ROUTING, {"dossier": ["in", chunk]})
		frappe.db.delete("Fee Receipt", {"dossier": ["in", chunk], "name": ["like", "BL-SL-%"]})
		frappe.db.delete("Survey Response", {"dossier": ["in", chunk], "name": ["like", "KS-SL-%"]})
		frappe.db.delete("Dossier", {"name": ["in", chunk]})
	frappe.db.commit()
	return len(names)
