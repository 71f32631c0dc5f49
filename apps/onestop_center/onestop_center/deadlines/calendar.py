"""Working calendars: which days a state agency works, and in which sessions.

A :class:`WorkingCalendar` is an immutable value. Everything that changes the
deadline arithmetic (weekly sessions, days off, make-up working days) goes into
its :attr:`~WorkingCalendar.version` hash, so results cached per version can
never leak from one edition of a calendar into another (issue 3, "promises
don't drift").

Legal basis (legal-spec §3.2, §5):

* State agencies work Monday–Friday (QĐ 188/1999/QĐ-TTg: no work on Saturday
  and Sunday, 40 hours a week, i.e. 8 hours a day).
* Public holidays (Bộ luật Lao động 2019, Điều 112) and the yearly official
  day-off swaps are days off.
* Official make-up days (usually a Saturday worked in exchange for a bridge
  day off) are working days even though they fall on a weekend.
* A province may declare extra days off of its own.
* **Years without an official calendar** (issue 7, "Must have" 8): the law
  already fixes most days off of every year, so a calendar can carry a
  :class:`StatutoryDays` rule (for Vietnam: :data:`.vietnam.VIETNAM_STATUTORY`)
  and the set of ``official_years`` whose yearly announcement it holds. In any
  other year the statutory days off (with their compensatory days) are days
  off too, and every day of such a year is *provisional*
  (:meth:`WorkingCalendar.is_provisional`): swaps, make-up days and the exact
  Tết span wait for the announcement. Listed days always win over the rule.

Default sessions: 08:00–12:00 and 13:00–17:00, Monday to Friday
(:data:`DEFAULT_SESSIONS`). Vietnamese agencies commonly use either
07:30–11:30 / 13:30–17:00 (7.5 h) or 08:00–12:00 / 13:00–17:00 (8 h); the
default is the 8-hour variant because it matches the 8-hour day of
QĐ 188/1999 and the "1 working day = 8 working hours" convention that
production systems use (legal-spec §3.4). Any other sessions are a
constructor argument.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, time

Session = tuple[time, time]
"""A working session ``(start, end)``, half-open: ``start <= t < end``."""

DEFAULT_SESSIONS: tuple[Session, ...] = ((time(8, 0), time(12, 0)), (time(13, 0), time(17, 0)))
"""Default daily sessions (see the module docstring for why)."""

DEFAULT_WORKDAYS: tuple[int, ...] = (0, 1, 2, 3, 4)
"""Monday–Friday (``date.weekday()`` numbering), QĐ 188/1999/QĐ-TTg."""

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


LISTED = "listed"
"""Source of a day listed in the calendar (an official notice or a province decision)."""
STATUTORY = "statutory"
"""Source of a day off that comes from the statutory rule of a year without official calendar."""
WEEKLY = "weekly"
"""Source of an ordinary day: the weekly sessions."""


@dataclass(frozen=True, eq=False)
class StatutoryDays:
	"""Days off that a law fixes for every year, computed per year.

	``key`` names the rule and its edition (it goes into the version hash of
	every calendar using it, so a changed rule makes new versions);
	``days_off_of(year)`` returns ``{date: label}`` for one year. Results are
	cached per year. Two rules are equal when their keys are.
	"""

	key: str
	days_off_of: Callable[[int], Mapping[date, str]] = field(repr=False)
	_cache: dict[int, dict[date, str]] = field(default_factory=dict, init=False, repr=False)

	def days_off(self, year: int) -> Mapping[date, str]:
		"""``{date: label}`` of the statutory days off of ``year``."""
		days = self._cache.get(year)
		if days is None:
			days = {day: label for day, label in self.days_off_of(year).items() if day.year == year}
			self._cache[year] = days
		return days

	def __eq__(self, other) -> bool:
		return isinstance(other, StatutoryDays) and other.key == self.key

	def __hash__(self) -> int:
		return hash(self.key)


@dataclass(frozen=True)
class DayInfo:
	"""What a calendar says about one day (for people and the public API).

	``provisional`` is True when the day lies in a year whose official
	calendar is not loaded: the answer then comes from the weekly sessions and
	the statutory rule and may change when the year's announcement is loaded.
	``source`` is :data:`LISTED` (a listed day), :data:`STATUTORY` (a day off
	from the statutory rule) or :data:`WEEKLY`.
	"""

	day: date
	working: bool
	provisional: bool
	source: str
	name: str | None = None

	def as_dict(self) -> dict:
		return {
			"date": self.day.isoformat(),
			"working": self.working,
			"provisional": self.provisional,
			"source": self.source,
			"name": self.name,
		}


def _seconds(t: time) -> int:
	return t.hour * 3600 + t.minute * 60 + t.second


def validate_sessions(sessions: Iterable[Session]) -> tuple[Session, ...]:
	"""Return ``sessions`` as a tuple after checking they are ordered and disjoint."""
	result = tuple((start, end) for start, end in sessions)
	previous_end: time | None = None
	for start, end in result:
		if not (isinstance(start, time) and isinstance(end, time)):
			raise ValueError(f"session bounds must be datetime.time values, got {start!r}–{end!r}")  # noqa: TRY004
		if start.microsecond or end.microsecond or start.tzinfo or end.tzinfo:
			raise ValueError("session bounds must be naive times with whole seconds")
		if start >= end:
			raise ValueError(f"session {start:%H:%M}–{end:%H:%M} must start before it ends")
		if previous_end is not None and start < previous_end:
			raise ValueError(f"sessions must be in order and must not overlap (at {start:%H:%M})")
		previous_end = end
	return result


@dataclass(frozen=True)
class WorkingCalendar:
	"""An immutable working calendar.

	``weekly_sessions`` has seven entries, Monday first; a weekday with no
	sessions is a weekly day off. ``holidays`` are national days off (public
	holidays and official swaps), ``extra_days_off`` are province-specific
	ones, ``makeup_days`` are days worked although they are weekly days off;
	on a make-up day the agency works ``makeup_sessions`` (default: the
	sessions of an ordinary Monday). A date cannot be both a day off and a
	make-up day.

	``names`` maps dates to a label (e.g. "Tết Nguyên đán"); labels are for
	people and are *not* part of the version hash, which covers exactly what
	changes the arithmetic.

	``statutory`` (optional) is the rule for years that are not in
	``official_years``: there its days off are days off too, and
	:meth:`is_provisional` is True. Without a rule every year is taken as
	listed (the behaviour of plain calendars).
	"""

	name: str
	weekly_sessions: tuple[tuple[Session, ...], ...]
	holidays: frozenset[date] = frozenset()
	makeup_days: frozenset[date] = frozenset()
	extra_days_off: frozenset[date] = frozenset()
	makeup_sessions: tuple[Session, ...] | None = None
	names: Mapping[date, str] = field(default_factory=dict, compare=False, hash=False)
	official_years: frozenset[int] = frozenset()
	statutory: StatutoryDays | None = None
	version: str = field(init=False, compare=False)
	_days_off: frozenset[date] = field(init=False, repr=False, compare=False)

	def __post_init__(self) -> None:
		if len(self.weekly_sessions) != 7:
			raise ValueError("weekly_sessions needs seven entries, Monday first")
		weekly = tuple(validate_sessions(day) for day in self.weekly_sessions)
		if not any(weekly):
			raise ValueError("a calendar needs at least one weekday with working sessions")
		object.__setattr__(self, "weekly_sessions", weekly)
		for attr in ("holidays", "makeup_days", "extra_days_off"):
			object.__setattr__(self, attr, frozenset(_check_dates(getattr(self, attr), attr)))
		makeup_sessions = self.makeup_sessions
		if makeup_sessions is None:
			makeup_sessions = next((day for day in weekly if day), DEFAULT_SESSIONS)
		object.__setattr__(self, "makeup_sessions", validate_sessions(makeup_sessions))
		days_off = self.holidays | self.extra_days_off
		clash = sorted(days_off & self.makeup_days)
		if clash:
			raise ValueError(f"{clash[0].isoformat()} cannot be both a day off and a make-up working day")
		object.__setattr__(self, "_days_off", days_off)
		years = frozenset(self.official_years)
		if any(isinstance(y, bool) or not isinstance(y, int) for y in years):
			raise ValueError("official_years must contain int years")
		object.__setattr__(self, "official_years", years)
		if self.statutory is not None and not isinstance(self.statutory, StatutoryDays):
			raise ValueError(f"statutory must be a StatutoryDays rule, got {self.statutory!r}")
		object.__setattr__(self, "names", dict(self.names))
		object.__setattr__(self, "version", self._compute_version())

	@classmethod
	def build(
		cls,
		name: str,
		*,
		sessions: Iterable[Session] = DEFAULT_SESSIONS,
		workdays: Iterable[int] = DEFAULT_WORKDAYS,
		holidays: Iterable[date] | Mapping[date, str] = (),
		makeup_days: Iterable[date] | Mapping[date, str] = (),
		extra_days_off: Iterable[date] | Mapping[date, str] = (),
		official_years: Iterable[int] = (),
		statutory: StatutoryDays | None = None,
	) -> WorkingCalendar:
		"""Build a calendar with the same ``sessions`` on every day in ``workdays``.

		Date arguments may be plain iterables of dates or ``{date: label}``
		mappings; labels end up in :attr:`names`.
		"""
		sessions = validate_sessions(sessions)
		workdays = set(workdays)
		if not workdays <= set(range(7)):
			raise ValueError("workdays are date.weekday() numbers 0 (Monday) to 6 (Sunday)")
		weekly = tuple(sessions if day in workdays else () for day in range(7))
		names: dict[date, str] = {}
		for source in (holidays, makeup_days, extra_days_off):
			if isinstance(source, Mapping):
				names.update(source)
		return cls(
			name=name,
			weekly_sessions=weekly,
			holidays=frozenset(holidays),
			makeup_days=frozenset(makeup_days),
			extra_days_off=frozenset(extra_days_off),
			makeup_sessions=sessions,
			names=names,
			official_years=frozenset(official_years),
			statutory=statutory,
		)

	def with_changes(self, **changes) -> WorkingCalendar:
		"""Return a copy with some fields replaced (and a new version hash)."""
		return replace(self, **changes)

	# -- lookups -------------------------------------------------------------

	def is_day_off(self, day: date) -> bool:
		"""True for a listed holiday or province day off, or a statutory day off of a provisional year.

		Not for plain weekends.
		"""
		return day in self._days_off or self._statutory_name(day) is not None

	def is_provisional(self, day: date) -> bool:
		"""Whether ``day`` lies in a year without official calendar (its status may still change)."""
		return self.statutory is not None and day.year not in self.official_years

	def is_provisional_between(self, first: date, last: date) -> bool:
		"""Whether any day from ``first`` to ``last`` (inclusive, either order) is provisional."""
		if self.statutory is None:
			return False
		low, high = sorted((first.year, last.year))
		return any(year not in self.official_years for year in range(low, high + 1))

	def _statutory_name(self, day: date) -> str | None:
		if self.statutory is None or day.year in self.official_years or day in self.makeup_days:
			return None
		return self.statutory.days_off(day.year).get(day)

	def is_working_day(self, day: date) -> bool:
		"""Whether the agency works on ``day`` (legal-spec §3.2)."""
		return bool(self.sessions_on(day))

	def sessions_on(self, day: date) -> tuple[Session, ...]:
		"""The working sessions of ``day``; empty on a day off."""
		if day in self.makeup_days:
			return self.makeup_sessions
		if day in self._days_off:
			return ()
		if self._statutory_name(day) is not None:
			return ()
		return self.weekly_sessions[day.weekday()]

	def name_of(self, day: date) -> str | None:
		"""The label of a listed day, or of a statutory day off of a provisional year."""
		return self.names.get(day) or self._statutory_name(day)

	def day_info(self, day: date) -> DayInfo:
		"""Working or not, provisional or not, and why (:class:`DayInfo`)."""
		if day in self.makeup_days or day in self._days_off:
			source = LISTED
		elif self._statutory_name(day) is not None:
			source = STATUTORY
		else:
			source = WEEKLY
		return DayInfo(day, self.is_working_day(day), self.is_provisional(day), source, self.name_of(day))

	# -- identity ------------------------------------------------------------

	def _compute_version(self) -> str:
		"""A short SHA-256 over everything that affects the arithmetic."""
		parts = ["v1"]
		for weekday, sessions in enumerate(self.weekly_sessions):
			parts.append(f"w{weekday}:" + ",".join(f"{s:%H%M%S}-{e:%H%M%S}" for s, e in sessions))
		parts.append("m:" + ",".join(f"{s:%H%M%S}-{e:%H%M%S}" for s, e in self.makeup_sessions))
		for label, dates in (("h", self.holidays), ("x", self.extra_days_off), ("u", self.makeup_days)):
			parts.append(label + ":" + ",".join(d.isoformat() for d in sorted(dates)))
		if self.statutory is not None:
			# Only calendars with a statutory rule hash it, so plain calendars keep their versions.
			parts.append("s:" + self.statutory.key)
			parts.append("o:" + ",".join(str(year) for year in sorted(self.official_years)))
		return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]

	def describe(self) -> str:
		"""One line per weekday, for people."""
		lines = []
		for weekday, sessions in enumerate(self.weekly_sessions):
			text = ", ".join(f"{s:%H:%M}–{e:%H:%M}" for s, e in sessions) or "off"
			lines.append(f"{WEEKDAY_NAMES[weekday]}: {text}")
		return "\n".join(lines)


def _check_dates(values: Iterable[date], attr: str) -> Iterable[date]:
	for value in values:
		# datetime is a subclass of date: refuse it, a day off is a whole day.
		if not isinstance(value, date) or hasattr(value, "hour"):
			raise ValueError(f"{attr} must contain datetime.date values, got {value!r}")
		yield value


def session_seconds(sessions: Iterable[Session]) -> int:
	"""Total length of ``sessions`` in seconds."""
	return sum(_seconds(end) - _seconds(start) for start, end in sessions)
