"""Clock stops (pause / resume) and per-step budgets.

Clock stops (legal-spec §3.6): while an agency waits for a supplement, for the
payment of a financial obligation, or for another lawful reason, the deadline
clock stops. On resumption, the new appointment is the old one plus the
*working time* that elapsed between the pause and the resumption, added as
working time after the old due moment (the DVCQG payload records both,
``NgayHenTraTruoc`` / ``NgayHenTraMoi``). A :class:`Deadline` keeps the
history of every stop.

Step budgets (legal-spec §3.7, product §3 step 4): each processing step has
its own budget and due moment (``NgayKetThucTheoQuyDinh``). Sequential steps
(liên thông) chain: each starts when the previous one is due. Parallel steps
(phối hợp) share a start and their group ends when the latest is due. The last
group's end is the dossier's deadline.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from itertools import groupby

from .arithmetic import add_working_time, due, to_local, working_time_between
from .calendar import WorkingCalendar

SUPPLEMENT_REQUESTED = "supplement_requested"
FINANCIAL_OBLIGATION = "financial_obligation"
OTHER_LEGAL_STOP = "other_legal_stop"
STOP_REASONS = (SUPPLEMENT_REQUESTED, FINANCIAL_OBLIGATION, OTHER_LEGAL_STOP)

SEQUENTIAL = "sequential"
PARALLEL = "parallel"
STEP_MODES = (SEQUENTIAL, PARALLEL)


@dataclass(frozen=True)
class ClockStop:
	"""One stop of the deadline clock; ``resumed_at`` is None while it lasts."""

	reason: str
	paused_at: datetime
	resumed_at: datetime | None = None
	note: str = ""

	def __post_init__(self) -> None:
		if self.reason not in STOP_REASONS:
			raise ValueError(f"unknown clock-stop reason {self.reason!r}; expected one of: {', '.join(STOP_REASONS)}")
		object.__setattr__(self, "paused_at", to_local(self.paused_at))
		if self.resumed_at is not None:
			resumed_at = to_local(self.resumed_at)
			if resumed_at < self.paused_at:
				raise ValueError("a clock stop cannot resume before it was paused")
			object.__setattr__(self, "resumed_at", resumed_at)

	@property
	def is_open(self) -> bool:
		return self.resumed_at is None


def paused_working_time(cal: WorkingCalendar, stop: ClockStop, now: datetime | None = None) -> timedelta:
	"""Working time the clock stood still (up to ``now`` for a stop still open)."""
	end = stop.resumed_at if stop.resumed_at is not None else now
	if end is None:
		raise ValueError("the clock stop is still open: pass `now` to measure it so far")
	return working_time_between(cal, stop.paused_at, end)


def resume(cal: WorkingCalendar, due_at: datetime, stop: ClockStop) -> datetime:
	"""The due moment after ``stop``: ``due_at`` + the working time paused.

	A stop that paused no working time (e.g. over a weekend) leaves
	``due_at`` unchanged.
	"""
	paused = paused_working_time(cal, stop)
	if not paused:
		return to_local(due_at)
	return add_working_time(cal, due_at, paused)


@dataclass(frozen=True)
class StopRecord:
	"""A finished stop and the due moments before and after it."""

	stop: ClockStop
	due_before: datetime
	due_after: datetime


@dataclass(frozen=True)
class Deadline:
	"""A dossier's (or step's) deadline with its clock-stop history.

	Immutable: :meth:`pause` and :meth:`resume` return new values.
	``original_due`` is the promise made at reception; ``due_at`` is the
	current one; ``history`` lists finished stops in order.
	"""

	original_due: datetime
	due_at: datetime
	history: tuple[StopRecord, ...] = ()
	open_stop: ClockStop | None = None

	@classmethod
	def starting(cls, due_at: datetime) -> Deadline:
		due_at = to_local(due_at)
		return cls(original_due=due_at, due_at=due_at)

	@property
	def is_paused(self) -> bool:
		return self.open_stop is not None

	def pause(self, reason: str, at: datetime, note: str = "") -> Deadline:
		if self.open_stop is not None:
			raise ValueError("the clock is already stopped; resume it first")
		at = to_local(at)
		if self.history and at < self.history[-1].stop.resumed_at:
			raise ValueError("a new stop cannot start before the previous one ended")
		return replace(self, open_stop=ClockStop(reason, at, None, note))

	def resume(self, cal: WorkingCalendar, at: datetime) -> Deadline:
		if self.open_stop is None:
			raise ValueError("the clock is not stopped")
		stop = replace(self.open_stop, resumed_at=at)
		new_due = resume(cal, self.due_at, stop)
		record = StopRecord(stop, self.due_at, new_due)
		return replace(self, due_at=new_due, history=(*self.history, record), open_stop=None)

	def current_due(self, cal: WorkingCalendar, now: datetime) -> datetime:
		"""The due moment as of ``now``, counting an open stop as if it ended now."""
		if self.open_stop is None:
			return self.due_at
		return resume(cal, self.due_at, replace(self.open_stop, resumed_at=max(to_local(now), self.open_stop.paused_at)))

	def total_paused(self, cal: WorkingCalendar) -> timedelta:
		"""Working time the clock stood still over all finished stops."""
		return sum((paused_working_time(cal, r.stop) for r in self.history), timedelta(0))


# -- step budgets ---------------------------------------------------------------------


@dataclass(frozen=True)
class StepBudget:
	"""A processing step's time budget.

	Steps run in ``order``; steps sharing an ``order`` run in parallel and
	must all say ``mode="parallel"``.
	"""

	order: int
	agency: str
	budget: object
	unit: str
	mode: str = SEQUENTIAL

	def __post_init__(self) -> None:
		if self.mode not in STEP_MODES:
			raise ValueError(f"unknown step mode {self.mode!r}; expected one of: {', '.join(STEP_MODES)}")


@dataclass(frozen=True)
class StepPlan:
	"""A step's planned window."""

	step: StepBudget
	start_at: datetime
	due_at: datetime

	@property
	def due_date(self) -> date:
		return self.due_at.date()


@dataclass(frozen=True)
class Plan:
	"""All steps' windows and the dossier deadline they roll up to."""

	steps: tuple[StepPlan, ...]
	due_at: datetime

	@property
	def due_date(self) -> date:
		return self.due_at.date()


def plan_steps(cal: WorkingCalendar, start: datetime, steps, cutoff: time | None = None) -> Plan:
	"""Each step's due moment, chaining sequential groups, from a reception at ``start``.

	The per-procedure ``cutoff`` applies to the first group only (it is about
	reception); later groups start when the previous group is due.
	"""
	steps = sorted(steps, key=lambda s: s.order)
	if not steps:
		raise ValueError("a plan needs at least one step")
	planned: list[StepPlan] = []
	group_start = to_local(start)
	group_cutoff = cutoff
	for order, group in groupby(steps, key=lambda s: s.order):
		group = list(group)
		if len(group) > 1 and any(s.mode != PARALLEL for s in group):
			raise ValueError(f"steps sharing order {order} run in parallel and must all have mode='parallel'")
		windows = [StepPlan(s, group_start, due(cal, group_start, s.budget, s.unit, group_cutoff).due_at) for s in group]
		planned.extend(windows)
		group_start = max(w.due_at for w in windows)
		group_cutoff = None
	return Plan(tuple(planned), group_start)
