# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""The figures of a period, per dossier: what the periodic report, the closing and the indicators count.

For a period [``start``, ``end``] (whole days) every received dossier the user may see that was
open at some moment of the period is classified once (:func:`classify`):

* **received** in the period (by channel: counter, online, post) or **carried over** (received
  before, not closed when the period began);
* **closed** in the period as **resolved** (result produced: early / on time / late, the dossier's
  own classification), **refused** or **withdrawn** (stopped at the citizen's request) — or still
  **in progress** at the end of the period, **within deadline** or **overdue** judged at that
  moment with the deadline then in force (a clock stop resumed later had not yet moved it; a
  dossier whose clock is stopped at the end is judged when it stopped);
* **supplement requested**: a supplement clock stop began in the period.

So ``carried_over + received = resolved + refused + withdrawn + in_progress`` for every row.

"Received" means the dossier went through reception: it has a deadline (``due_at``) and its
state is not one before reception; a dossier refused at the counter was never received.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import frappe
from frappe.utils import get_datetime, getdate

from onestop_center.deadlines import classify_open
from onestop_center.deadlines.classification import Timeliness
from onestop_center.dossiers import state_kinds as kinds
from onestop_center.leadership.scope import dossier_filter_sql

SUPPLEMENT_REASON = "Supplement Requested"
CHANNELS = ("Counter", "Online", "Post")

COUNTS = (
	"received",
	"received_counter",
	"received_online",
	"received_post",
	"carried_over",
	"resolved",
	"early",
	"on_time",
	"late",
	"in_progress",
	"within_deadline",
	"overdue",
	"refused",
	"withdrawn",
	"supplement",
)


# The states come from the lifecycle's kinds (dossiers/state_kinds.py: the administrator may rename
# or add states); never empty, so that ``in %(…)s`` stays valid SQL.
def sql_states(states) -> tuple[str, ...]:
	return tuple(states) or ("",)


def not_received_states() -> tuple[str, ...]:
	return sql_states(sorted(kinds.not_received_states()))


def refused_states() -> tuple[str, ...]:
	return sql_states(kinds.states_of(kinds.REFUSED))


def withdrawn_states() -> tuple[str, ...]:
	"""Stopped at the citizen's request or by the holding agency (issue 11 item 1)."""
	return sql_states(kinds.states_of(kinds.STOPPED))


def resolved_states() -> tuple[str, ...]:
	"""The result exists: ready at the department, at the centre, handed over."""
	return sql_states(kinds.finished_states())


def on_time_sql(closed: str) -> str:
	"""SQL: a resolved dossier closed at ``closed`` counts as on time (see :func:`classify`)."""
	return (
		"(`tabDossier`.timeliness = 'On Time' or (ifnull(`tabDossier`.timeliness, '')"
		f" not in ('Early', 'On Time', 'Late') and date({closed}) <= date(`tabDossier`.due_at)))"
	)


def period_bounds(from_date, to_date) -> tuple[datetime, datetime]:
	"""The first and last moment of the days ``from_date`` … ``to_date``."""
	start = datetime.combine(getdate(from_date), datetime.min.time())
	end = datetime.combine(getdate(to_date), datetime.min.time()) + timedelta(days=1, seconds=-1)
	return start, end


@dataclass
class DossierFigures:
	"""One dossier's place in the period's table (each flag counts 1 in the matching column)."""

	name: str
	agency: str | None
	procedure_field: str | None
	procedure: str | None
	counts: dict = field(default_factory=dict)


def fetch(start: datetime, end: datetime, user: str | None = None, extra_sql: str = "", values=None):
	"""The received dossiers the user may see that were open at some moment of [start, end].

	Index plan: see :func:`_base`.
	"""
	_closed, where, values = _base(start, end, user, extra_sql, values)
	return frappe.db.sql(
		f"""select `tabDossier`.name, `tabDossier`.procedure, `tabDossier`.channel, `tabDossier`.status,
			`tabDossier`.stopped_at,
			`tabDossier`.timeliness, `tabDossier`.received_at, `tabDossier`.finished_at,
			`tabDossier`.due_at, `tabDossier`.modified, `tabDossier`.applicant_name,
			p.responsible_agency as agency, p.procedure_field
		{where}""",
		values,
		as_dict=True,
	)


def _base(start, end, user, extra_sql, values) -> tuple[str, str, dict]:
	"""(closed-at SQL, FROM … WHERE of the dossiers open at some moment of [start, end], values).

	Index plan: ``finished_at`` — finished since the start, or not finished (open, or stopped: a
	stop before the start is dropped by its own moment) —, then ``received_at`` ≤ end per row.
	"""
	values = dict(values or {})
	values.update(start=start, end=end, not_received=not_received_states(), withdrawn=withdrawn_states())
	closed = (
		"(case when `tabDossier`.finished_at is not null then `tabDossier`.finished_at"
		" when `tabDossier`.status in %(withdrawn)s then coalesce(`tabDossier`.stopped_at, `tabDossier`.modified) end)"
	)
	where = f"""from `tabDossier`
		left join `tabProcedure` p on p.name = `tabDossier`.procedure
		where `tabDossier`.received_at <= %(end)s
			and `tabDossier`.due_at is not null
			and `tabDossier`.status not in %(not_received)s
			and (`tabDossier`.finished_at >= %(start)s or `tabDossier`.finished_at is null)
			and ({closed} is null or {closed} >= %(start)s)
			{extra_sql}{dossier_filter_sql(user)}"""
	return closed, where, values


def period_figures_by_procedure(
	from_date: date, to_date: date, user: str | None = None, extra_sql: str = "", values=None
) -> list[DossierFigures]:
	"""The counts of :func:`period_figures` summed per procedure (``name`` None), counted in SQL.

	A yearly table classifies ~120,000 dossiers: one grouped query counts what needs no history,
	and only the dossiers still open at the period's end (within deadline / overdue, judged with
	the deadline then in force) are read and classified one by one (:func:`open_timeliness`).
	"""
	start, end = period_bounds(from_date, to_date)
	closed, where, values = _base(start, end, user, extra_sql, values)
	values.update(
		refused=refused_states(), supplement=SUPPLEMENT_REASON, other_channels=CHANNELS[1:],
	)
	closed_in = f"({closed} is not null and {closed} <= %(end)s)"
	resolved = f"({closed_in} and `tabDossier`.status not in %(refused)s and `tabDossier`.status not in %(withdrawn)s)"
	received = "`tabDossier`.received_at >= %(start)s"
	sums = {
		"received": received,
		"received_counter": f"{received} and ifnull(`tabDossier`.channel, '') not in %(other_channels)s",
		"received_online": f"{received} and `tabDossier`.channel = 'Online'",
		"received_post": f"{received} and `tabDossier`.channel = 'Post'",
		"carried_over": "`tabDossier`.received_at < %(start)s",
		"resolved": resolved,
		"early": f"{resolved} and `tabDossier`.timeliness = 'Early'",
		"on_time": f"{resolved} and {on_time_sql(closed)}",
		"refused": f"{closed_in} and `tabDossier`.status in %(refused)s",
		"withdrawn": f"{closed_in} and `tabDossier`.status in %(withdrawn)s",
		"in_progress": f"not {closed_in}",
		"supplement": "exists(select 1 from `tabDossier Clock Stop` s where s.parent = `tabDossier`.name"
		" and s.parenttype = 'Dossier' and s.reason = %(supplement)s and s.paused_at between %(start)s and %(end)s)",
	}
	columns = ", ".join(f"ifnull(sum({condition}), 0) as `{key}`" for key, condition in sums.items())
	groups = {}
	for row in frappe.db.sql(
		f"""select p.responsible_agency as agency, p.procedure_field, `tabDossier`.procedure, {columns}
		{where} group by p.responsible_agency, p.procedure_field, `tabDossier`.procedure""",
		values,
		as_dict=True,
	):
		counts = dict.fromkeys(COUNTS, 0)
		counts.update({key: int(row[key]) for key in sums})
		counts["late"] = counts["resolved"] - counts["early"] - counts["on_time"]
		groups[(row.agency, row.procedure_field, row.procedure)] = DossierFigures(
			None, row.agency, row.procedure_field, row.procedure, counts
		)
	open_rows = frappe.db.sql(
		f"""select `tabDossier`.name, `tabDossier`.due_at, p.responsible_agency as agency,
			p.procedure_field, `tabDossier`.procedure {where} and not {closed_in}""",
		values,
		as_dict=True,
	)
	stops = clock_stops([row.name for row in open_rows])
	for row in open_rows:
		groups[(row.agency, row.procedure_field, row.procedure)].counts[
			open_timeliness(row, stops.get(row.name, []), end)
		] += 1
	return list(groups.values())


def clock_stops(names: list[str]) -> dict[str, list]:
	"""The clock stops of ``names``, by dossier, in time order (one query)."""
	if not names:
		return {}
	rows = frappe.db.sql(
		"""select parent, reason, paused_at, resumed_at, due_before from `tabDossier Clock Stop`
		where parenttype = 'Dossier' and parent in %(names)s order by parent, paused_at""",
		{"names": names},
		as_dict=True,
	)
	stops: dict[str, list] = {}
	for row in rows:
		stops.setdefault(row.parent, []).append(row)
	return stops


def closed_at(row) -> datetime | None:
	"""When the dossier left the open states (result, refusal, withdrawal); None while open."""
	if row.finished_at:
		return get_datetime(row.finished_at)
	if kinds.is_kind(row.status, kinds.STOPPED):
		return get_datetime(row.get("stopped_at") or row.modified)
	return None


def open_timeliness(row, stops: list, at: datetime) -> str:
	"""Within deadline / overdue of a dossier open at ``at``, with the deadline in force then."""
	due, moment = get_datetime(row.due_at), at
	for stop in stops:
		resumed = get_datetime(stop.resumed_at) if stop.resumed_at else None
		if resumed is not None and resumed <= at:
			continue  # over by then: the current deadline already includes it
		paused = get_datetime(stop.paused_at)
		if stop.due_before:
			due = get_datetime(stop.due_before)
		if paused <= at:
			moment = paused  # the clock stood still at ``at``
		break
	return "overdue" if classify_open(due, moment) == Timeliness.OVERDUE else "within_deadline"


def classify(row, stops: list, start: datetime, end: datetime) -> dict:
	"""The counts of one dossier for [start, end] (see the module docstring)."""
	counts = dict.fromkeys(COUNTS, 0)
	received = get_datetime(row.received_at)
	if received > end:
		return counts
	closed = closed_at(row)
	if closed is not None and closed < start:
		return counts
	if received >= start:
		counts["received"] = 1
		channel = row.channel if row.channel in CHANNELS else "Counter"
		counts[f"received_{channel.lower()}"] = 1
	else:
		counts["carried_over"] = 1
	if closed is not None and closed <= end:
		if kinds.is_kind(row.status, kinds.REFUSED):
			counts["refused"] = 1
		elif kinds.is_kind(row.status, kinds.STOPPED):
			counts["withdrawn"] = 1
		else:
			counts["resolved"] = 1
			key = {"Early": "early", "On Time": "on_time", "Late": "late"}.get(row.timeliness)
			if key is None:
				key = "late" if getdate(closed) > getdate(row.due_at) else "on_time"
			counts[key] = 1
	else:
		counts["in_progress"] = 1
		counts[open_timeliness(row, stops, end)] = 1
	counts["supplement"] = int(
		any(s.reason == SUPPLEMENT_REASON and start <= get_datetime(s.paused_at) <= end for s in stops)
	)
	return counts


def period_figures(
	from_date: date, to_date: date, user: str | None = None, extra_sql: str = "", values=None
) -> list[DossierFigures]:
	"""Every dossier of the period the user may see, with its counts."""
	start, end = period_bounds(from_date, to_date)
	rows = fetch(start, end, user, extra_sql, values)
	stops = clock_stops([row.name for row in rows])
	result = []
	for row in rows:
		counts = classify(row, stops.get(row.name, []), start, end)
		if any(counts.values()):
			result.append(DossierFigures(row.name, row.agency, row.procedure_field, row.procedure, counts))
	return result


def resolved_counts(start: datetime, end: datetime, user: str | None = None) -> dict:
	"""``resolved``, ``early``, ``on_time`` and ``late`` of [start, end] exactly as :func:`classify`
	counts them, in one query on the ``finished_at`` index (the on-time card: no whole period)."""
	row = frappe.db.sql(
		f"""select count(*),
			ifnull(sum(`tabDossier`.timeliness = 'Early'), 0),
			ifnull(sum({on_time_sql("`tabDossier`.finished_at")}), 0)
		from `tabDossier`
		where `tabDossier`.finished_at between %(start)s and %(end)s
			and `tabDossier`.received_at <= %(end)s
			and `tabDossier`.due_at is not null
			and `tabDossier`.status not in %(not_resolved)s
			{dossier_filter_sql(user)}""",
		{"start": start, "end": end, "not_resolved": (*refused_states(), *withdrawn_states(), *not_received_states())},
	)[0]
	resolved, early, on_time = (int(value) for value in row)
	return {"resolved": resolved, "early": early, "on_time": on_time, "late": resolved - early - on_time}


def on_time_rate(counts: dict) -> float | None:
	"""Early + on time over resolved, in percent (None when nothing was resolved)."""
	if not counts.get("resolved"):
		return None
	return round(100.0 * (counts["early"] + counts["on_time"]) / counts["resolved"], 2)


def add(total: dict, counts: dict) -> None:
	for key in COUNTS:
		total[key] = total.get(key, 0) + (counts.get(key) or 0)
