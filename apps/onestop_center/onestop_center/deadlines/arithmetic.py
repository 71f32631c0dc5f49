"""Deadline arithmetic on a :class:`~.calendar.WorkingCalendar`.

Times are **naive datetimes in local time, Asia/Ho_Chi_Minh** (UTC+7, no
daylight saving since 1975). An aware datetime is converted to that offset and
made naive; results are always naive local datetimes.

Rules implemented (legal-spec §3):

* **Reception** (§3.4, §3.5): a dossier received outside a working session —
  after the last session, during lunch, before opening, on a day off — counts
  as received at the start of the next working session. With a per-procedure
  cut-off (e.g. 15:00, §3.5), a dossier received on a working day at or after
  the cut-off counts as received at the start of the next working day.
* **Working days** (§3.2, §3.4): the day of reception does not count; the due
  moment is the *same clock time* as the (effective) reception, ``n`` working
  days later ("the appointment keeps the reception clock-time N working days
  later"; received Fri 27/10/2023 09:32 + 5 working days → Fri 03/11/2023).
  ``n = 0`` ("returned within the day") is due at the end of the last session
  of the reception day.
* **Working hours** (§3.4): working time is consumed session by session; a
  period that runs out exactly at the end of a session ends at that moment
  (e.g. 17:00), not at the start of the next one.
* **Calendar days** (§3.3, BLDS 2015 Điều 147–148): the day of the event does
  not count, so the period's last day is ``start.date() + n``; if that day is
  not a working day the period ends on the next working day. The due moment is
  the end of that day's last session: the Civil Code's "24:00" holds no working
  time after closing, so it is the same deadline in working-time terms and
  keeps appointments inside office hours.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from fractions import Fraction

from .calendar import WorkingCalendar
from .index import MICROS, CalendarIndex, index_for

LOCAL_TIMEZONE_NAME = "Asia/Ho_Chi_Minh"
LOCAL_OFFSET = timezone(timedelta(hours=7), LOCAL_TIMEZONE_NAME)

WORKING_DAY = "working_day"
WORKING_HOUR = "working_hour"
CALENDAR_DAY = "calendar_day"
UNITS = (WORKING_DAY, WORKING_HOUR, CALENDAR_DAY)

_LAST_YEAR = 9998


# -- inputs ----------------------------------------------------------------------


def to_local(moment: datetime | date) -> datetime:
	"""``moment`` as a naive local datetime (a bare date means its 00:00)."""
	if isinstance(moment, datetime):
		if moment.tzinfo is None:
			return moment
		if moment.utcoffset() is not None:
			return moment.astimezone(LOCAL_OFFSET).replace(tzinfo=None)
		return moment.replace(tzinfo=None)
	if isinstance(moment, date):
		return datetime.combine(moment, time())
	raise ValueError(f"expected a datetime, got {type(moment).__name__}: {moment!r}")


def check_amount(amount, unit: str) -> int | float | Decimal | Fraction:
	"""Validate ``amount`` for ``unit``; raise ValueError with a clear message."""
	if unit not in UNITS:
		raise ValueError(f"unknown unit {unit!r}; expected one of: {', '.join(UNITS)}")
	if isinstance(amount, bool) or not isinstance(amount, (int, float, Decimal, Fraction)):
		raise ValueError(f"amount must be a number, got {amount!r}")  # noqa: TRY004 — one error type for bad input
	if isinstance(amount, (float, Decimal)) and not math.isfinite(amount):
		raise ValueError(f"amount must be a finite number, got {amount!r}")
	if amount < 0:
		raise ValueError(f"amount must not be negative, got {amount}")
	if unit != WORKING_HOUR and amount != int(amount):
		raise ValueError(
			f"{unit} amounts must be whole numbers, got {amount}; express fractions in working_hour "
			"(1 working day = 8 working hours, legal-spec §3.4)"
		)
	return amount


def _combine(day: date, clock: time) -> datetime:
	return datetime.combine(day, clock)


def _nth_working_day_after(cal: WorkingCalendar, ordinal: int, n: int) -> date:
	"""The n-th working day strictly after the day ``ordinal`` (n >= 1)."""
	hint = ordinal
	while True:
		index = index_for(cal, ordinal, hint)
		found = index.working_day_after(ordinal, n)
		if found is not None:
			return date.fromordinal(found)
		_check_growth(cal, index)
		hint = index.end_ordinal + n * 2


def _working_day_on_or_after(cal: WorkingCalendar, day: date) -> date:
	ordinal = day.toordinal()
	hint = ordinal
	while True:
		index = index_for(cal, ordinal, hint)
		found = index.working_day_on_or_after(ordinal)
		if found is not None:
			return date.fromordinal(found)
		_check_growth(cal, index)
		hint = index.end_ordinal


def _check_growth(cal: WorkingCalendar, index: CalendarIndex) -> None:
	if index.last_year >= _LAST_YEAR:
		raise ValueError(f"calendar {cal.name!r} has no working day in range")


# -- moments ---------------------------------------------------------------------


def end_of_working_day(cal: WorkingCalendar, day: date) -> datetime:
	"""The end of the last session of working day ``day``."""
	sessions = cal.sessions_on(day)
	if not sessions:
		raise ValueError(f"{day.isoformat()} is not a working day in calendar {cal.name!r}")
	return _combine(day, sessions[-1][1])


def start_of_next_working_day(cal: WorkingCalendar, day: date) -> datetime:
	"""The start of the first session of the first working day after ``day``."""
	following = _nth_working_day_after(cal, day.toordinal(), 1)
	return _combine(following, cal.sessions_on(following)[0][0])


def next_working_moment(cal: WorkingCalendar, moment: datetime) -> datetime:
	"""``moment`` if it falls inside a session, else the start of the next session.

	Sessions are half-open: 12:00 with a 08:00–12:00 session is lunch, so it
	moves to 13:00; 17:00 moves to the next working morning (legal-spec §3.4).
	"""
	moment = to_local(moment)
	clock = moment.time()
	for start, end in cal.sessions_on(moment.date()):
		if clock < start:
			return _combine(moment.date(), start)
		if clock < end:
			return moment
	return start_of_next_working_day(cal, moment.date())


def effective_reception(cal: WorkingCalendar, moment: datetime, cutoff: time | None = None) -> datetime:
	"""When a dossier received at ``moment`` counts as received (legal-spec §3.4–3.5).

	With ``cutoff`` (e.g. ``time(15, 0)``), a reception on a working day at
	or after the cut-off counts from the start of the next working day.
	"""
	moment = to_local(moment)
	if cutoff is not None:
		if not isinstance(cutoff, time):
			raise ValueError(f"cutoff must be a datetime.time, got {cutoff!r}")
		if cal.is_working_day(moment.date()) and moment.time() >= cutoff:
			return start_of_next_working_day(cal, moment.date())
	return next_working_moment(cal, moment)


def _at_clock(cal: WorkingCalendar, day: date, clock: time) -> datetime:
	"""``clock`` on ``day``, moved into the day's sessions if it lies outside them."""
	sessions = cal.sessions_on(day)
	for start, end in sessions:
		if clock < start:
			return _combine(day, start)
		if clock <= end:
			return _combine(day, clock)
	return _combine(day, sessions[-1][1])


# -- adding periods ---------------------------------------------------------------


def add_working_days(cal: WorkingCalendar, start: datetime, n: int, cutoff: time | None = None) -> datetime:
	"""Due moment ``n`` working days after a reception at ``start`` (legal-spec §3.2, §3.4).

	The reception day does not count; the due moment keeps the clock time of
	the effective reception. Example (default sessions): received Tuesday
	09:00, 2 working days → Thursday 09:00; received Tuesday 18:00 → counts
	from Wednesday 08:00 → Friday 08:00. ``n = 0`` → end of the reception day.
	"""
	n = int(check_amount(n, WORKING_DAY))
	return _working_days_from(cal, effective_reception(cal, start, cutoff), n)


def _working_days_from(cal: WorkingCalendar, received: datetime, n: int) -> datetime:
	"""``n`` working days after an already effective reception moment."""
	if n == 0:
		return end_of_working_day(cal, received.date())
	target = _nth_working_day_after(cal, received.toordinal(), n)
	return _at_clock(cal, target, received.time())


def add_working_time(cal: WorkingCalendar, start: datetime, amount: timedelta) -> datetime:
	"""The moment when ``amount`` of working time has passed after ``start``.

	A start outside the sessions counts from the next session; a period that
	ends exactly at a session's end ends there (legal-spec §3.4).
	"""
	if not isinstance(amount, timedelta):
		raise ValueError(f"amount must be a timedelta, got {amount!r}")  # noqa: TRY004
	if amount < timedelta(0):
		raise ValueError(f"amount must not be negative, got {amount}")
	begin = next_working_moment(cal, start)
	if not amount:
		return begin
	micros = (amount.days * 86_400 + amount.seconds) * MICROS + amount.microseconds
	hint = begin.toordinal()
	while True:
		index = index_for(cal, begin.toordinal(), hint)
		found = index.moment_at(index.position(begin) + micros)
		if found is not None:
			return found
		_check_growth(cal, index)
		hint = index.end_ordinal + amount.days + 366


def add_working_hours(cal: WorkingCalendar, start: datetime, hours, cutoff: time | None = None) -> datetime:
	"""Due moment ``hours`` working hours after a reception at ``start`` (legal-spec §3.4)."""
	hours = check_amount(hours, WORKING_HOUR)
	return add_working_time(cal, effective_reception(cal, start, cutoff), _hours(hours))


def _hours(hours) -> timedelta:
	"""Exact conversion of a (possibly fractional) number of hours."""
	if isinstance(hours, int):
		return timedelta(hours=hours)
	return timedelta(microseconds=round(Fraction(hours) * 3600 * MICROS))


def add_calendar_days(cal: WorkingCalendar, start: datetime, n: int) -> datetime:
	"""Due moment of an ``n`` calendar-day period from an event at ``start``.

	BLDS 2015 Điều 147–148 (legal-spec §3.3): the event's day does not count,
	the last day is ``start.date() + n``; a last day that is a weekend or a
	holiday moves to the next working day. Due at the end of that day's last
	session.
	"""
	n = int(check_amount(n, CALENDAR_DAY))
	last_day = to_local(start).date() + timedelta(days=n)
	return end_of_working_day(cal, _working_day_on_or_after(cal, last_day))


def working_time_between(cal: WorkingCalendar, a: datetime, b: datetime) -> timedelta:
	"""Working time between two moments; negative when ``b`` is before ``a``."""
	a, b = to_local(a), to_local(b)
	index = index_for(cal, a.toordinal(), b.toordinal())
	return timedelta(microseconds=index.position(b) - index.position(a))


# -- the one-call entry point -------------------------------------------------------


@dataclass(frozen=True)
class Due:
	"""A computed deadline: the due moment, its date, and where it came from.

	``provisional`` is True when the period lies in, or crosses into, a year
	whose official calendar is not loaded (:meth:`.WorkingCalendar.is_provisional`):
	the date was counted with the statutory days off only and may change when
	the year's announcement (swaps, make-up days, the exact Tết span) is loaded.
	"""

	due_at: datetime
	due_date: date
	received_at: datetime
	amount: object
	unit: str
	calendar_version: str
	provisional: bool = False

	def as_dict(self) -> dict[str, object]:
		"""The JSON shape of the public API (issue 3 item 7; ``provisional``: issue 7)."""
		return {
			"due_at": self.due_at.strftime("%Y-%m-%d %H:%M:%S"),
			"due_date": self.due_date.isoformat(),
			"provisional": self.provisional,
		}


def due(cal: WorkingCalendar, start: datetime, amount, unit: str, cutoff: time | None = None) -> Due:
	"""Deadline for ``amount`` ``unit``s from a reception at ``start``.

	``unit`` is one of :data:`UNITS`. ``cutoff`` applies to working-day and
	working-hour periods only; a calendar-day period counts from the event
	itself (Civil Code). Raises ValueError for an unknown unit, a negative or
	non-numeric amount, or a fractional day count.
	"""
	check_amount(amount, unit)
	start = to_local(start)
	if unit == WORKING_DAY:
		received = effective_reception(cal, start, cutoff)
		due_at = _working_days_from(cal, received, int(amount))
	elif unit == WORKING_HOUR:
		received = effective_reception(cal, start, cutoff)
		due_at = add_working_time(cal, received, _hours(amount))
	else:
		received = start
		due_at = add_calendar_days(cal, start, amount)
	provisional = cal.is_provisional_between(start.date(), due_at.date())
	return Due(due_at, due_at.date(), received, amount, unit, cal.version, provisional)
