"""Precomputed working-day index of a calendar, cached per calendar version.

The index turns the deadline arithmetic into a few binary searches:

* ``ordinals`` — the sorted ``date.toordinal()`` of every working day in a
  window of years;
* ``cumulative`` — for working day *i*, the working time (microseconds) of
  all working days before it in the window (one extra entry at the end).

The working time up to any moment is then ``cumulative[i]`` plus the time
worked on that day so far, and "the n-th working day after d" is
``ordinals[bisect_right(ordinals, d) + n - 1]``.

Indexes are cached by :attr:`WorkingCalendar.version`; calendars with equal
versions have identical arithmetic, so sharing is safe, and an edited calendar
gets a new version and therefore a fresh index. The window grows on demand, so
no date is out of range. Nothing here does I/O.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import OrderedDict
from datetime import date, datetime, time, timedelta
from threading import Lock

from .calendar import WorkingCalendar, _seconds

MICROS = 1_000_000
DEFAULT_FIRST_YEAR = 2000
DEFAULT_LAST_YEAR = 2040
CACHE_SIZE = 64


class CalendarIndex:
	"""Working days of ``calendar`` between two years, inclusive."""

	__slots__ = ("calendar", "cumulative", "end_ordinal", "first_ordinal", "first_year", "last_year", "ordinals")

	def __init__(self, calendar: WorkingCalendar, first_year: int, last_year: int) -> None:
		self.calendar = calendar
		self.first_year = first_year
		self.last_year = last_year
		self.first_ordinal = date(first_year, 1, 1).toordinal()
		self.end_ordinal = date(last_year + 1, 1, 1).toordinal()
		ordinals: list[int] = []
		cumulative: list[int] = [0]
		total = 0
		for ordinal in range(self.first_ordinal, self.end_ordinal):
			sessions = calendar.sessions_on(date.fromordinal(ordinal))
			if sessions:
				ordinals.append(ordinal)
				total += sum(_seconds(end) - _seconds(start) for start, end in sessions) * MICROS
				cumulative.append(total)
		self.ordinals = ordinals
		self.cumulative = cumulative

	def covers(self, ordinal: int) -> bool:
		return self.first_ordinal <= ordinal < self.end_ordinal

	# -- day-level queries ---------------------------------------------------

	def working_day_after(self, ordinal: int, n: int = 1) -> int | None:
		"""Ordinal of the n-th working day strictly after ``ordinal`` (None: beyond window)."""
		i = bisect_right(self.ordinals, ordinal) + n - 1
		return self.ordinals[i] if i < len(self.ordinals) else None

	def working_day_on_or_after(self, ordinal: int) -> int | None:
		i = bisect_left(self.ordinals, ordinal)
		return self.ordinals[i] if i < len(self.ordinals) else None

	# -- working-time positions ----------------------------------------------

	def position(self, moment: datetime) -> int:
		"""Working time (µs) from the start of the window up to ``moment``."""
		ordinal = moment.toordinal()
		i = bisect_left(self.ordinals, ordinal)
		if i < len(self.ordinals) and self.ordinals[i] == ordinal:
			return self.cumulative[i] + worked_before(self.calendar.sessions_on(moment.date()), moment.time())
		return self.cumulative[i]

	def moment_at(self, position: int) -> datetime | None:
		"""The moment at which ``position`` µs of working time are reached.

		When the position falls exactly on the end of a session the end of
		that session is returned (17:00, not 08:00 the next morning).
		Returns None if the position lies beyond the window.
		"""
		j = bisect_left(self.cumulative, position) - 1
		j = max(j, 0)
		if j >= len(self.ordinals):
			return None
		day = date.fromordinal(self.ordinals[j])
		return moment_within(day, self.calendar.sessions_on(day), position - self.cumulative[j])


def worked_before(sessions, clock: time) -> int:
	"""Working time (µs) of a day's ``sessions`` that lies before ``clock``."""
	at = _seconds(clock) * MICROS + clock.microsecond
	total = 0
	for start, end in sessions:
		s, e = _seconds(start) * MICROS, _seconds(end) * MICROS
		if at <= s:
			break
		total += min(at, e) - s
	return total


def moment_within(day: date, sessions, offset: int) -> datetime:
	"""The moment on ``day`` after ``offset`` µs of its sessions (session end preferred)."""
	for start, end in sessions:
		length = (_seconds(end) - _seconds(start)) * MICROS
		if offset <= length:
			micros = _seconds(start) * MICROS + offset
			return datetime.combine(day, time()) + timedelta(microseconds=micros)
		offset -= length
	last_end = sessions[-1][1]
	return datetime.combine(day, last_end)


_CACHE: OrderedDict[str, CalendarIndex] = OrderedDict()
_LOCK = Lock()


def index_for(calendar: WorkingCalendar, *ordinals: int) -> CalendarIndex:
	"""The cached index of ``calendar``, grown if needed to cover ``ordinals``."""
	with _LOCK:
		index = _CACHE.get(calendar.version)
		if index is not None:
			_CACHE.move_to_end(calendar.version)
			if all(index.covers(o) for o in ordinals):
				return index
	first, last = _window(calendar, index, ordinals)
	built = CalendarIndex(calendar, first, last)
	with _LOCK:
		_CACHE[calendar.version] = built
		_CACHE.move_to_end(calendar.version)
		while len(_CACHE) > CACHE_SIZE:
			_CACHE.popitem(last=False)
	return built


def _window(calendar: WorkingCalendar, index: CalendarIndex | None, ordinals) -> tuple[int, int]:
	years = [date.fromordinal(o).year for o in ordinals]
	listed = calendar.holidays | calendar.extra_days_off | calendar.makeup_days
	years += [d.year for d in listed]
	first = min([DEFAULT_FIRST_YEAR, *years])
	last = max([DEFAULT_LAST_YEAR, *years])
	if index is not None:
		# Grow generously so that repeated growth stays rare.
		first = min(first, index.first_year) if first >= index.first_year else first - 10
		last = max(last, index.last_year) if last <= index.last_year else last + 10
	return max(first, 1), min(last, 9998)


def clear_cache() -> None:
	"""Forget every cached index (tests; the DocType layer on calendar change)."""
	with _LOCK:
		_CACHE.clear()
