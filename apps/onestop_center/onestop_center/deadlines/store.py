# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Frappe side of the deadline engine: Working Calendar documents → engine calendars.

The engine (:mod:`onestop_center.deadlines`) stays Frappe-free; this module is the
only bridge. Other code (the Dossier, the public API, reports) calls:

* :func:`get_calendar` — the engine :class:`~.calendar.WorkingCalendar` of the
  *current* edition of a Working Calendar (default: the site's default calendar);
* :func:`compute_due` — a :class:`~.arithmetic.Due` (due moment, date and the
  ``calendar_version`` it came from) for a reception;
* :func:`default_calendar_name`, :func:`get_calendar_version`.

Caching (issue 3 item 9: no database read per computation)
---------------------------------------------------------
Two layers:

1. A Redis hash ``onestop_center:working_calendars`` (per site, through
   ``frappe.cache``) maps each calendar name to its current version hash, plus
   the field ``__default__`` → the default calendar's name. ``frappe.cache.hget``
   also memoises each field in ``frappe.local.cache`` for the rest of the
   request, so repeated computations in one request touch Redis once.
2. A module-level dict ``(site, name) → WorkingCalendar`` in each worker
   process. An entry is used only while its ``version`` equals the version in
   Redis; otherwise the document is read once and the calendar rebuilt.

The hot path is therefore one cached Redis ``HGET`` (none within a request
after the first) and no SQL. The engine then caches its own working-day index
per version (:mod:`.index`).

Invalidation: saving, renaming or deleting a Working Calendar drops the Redis
hash at once, again after the transaction commits (so that a reader who refilled
it from the old committed row in between is corrected), and after a rollback
(so that the edition of an aborted transaction is forgotten). Every worker then
sees a new version on its next lookup and rebuilds; no cross-process message is
needed. A direct SQL edit that bypasses the controller is picked up at the
latest when the hash is next dropped (or on ``bench clear-cache``).

Promises don't drift: a version hash covers exactly what changes the
arithmetic (sessions, days off, make-up days), so the Dossier stores
``calendar_version`` next to the dates it was given; editing a calendar makes a
new version and never rewrites stored dates. Only the current edition is
rebuilt here; recomputing a dossier's dates is an explicit action of the Dossier.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time

import frappe
from frappe import _
from frappe.utils import get_time, getdate

from .arithmetic import Due, due
from .calendar import DEFAULT_SESSIONS, DEFAULT_WORKDAYS, WEEKDAY_NAMES, WorkingCalendar
from .vietnam import OFFICIAL_NOTICES, VIETNAM_STATUTORY, _is_package_swap, official_days

DOCTYPE = "Working Calendar"
DEFAULT_CALENDAR_NAME = "Lịch làm việc cơ quan nhà nước"
SHIPPED_YEARS = (2025, 2026)

PUBLIC_HOLIDAY = "Public Holiday"
DAY_OFF_SWAP = "Day Off Swap"
MAKEUP_DAY = "Make-up Working Day"
PROVINCE_DAY_OFF = "Province Day Off"
OFFICIAL_KINDS = (PUBLIC_HOLIDAY, DAY_OFF_SWAP, MAKEUP_DAY)

CACHE_KEY = "onestop_center:working_calendars"
DEFAULT_FIELD = "__default__"

_CALENDARS: dict[tuple[str, str], WorkingCalendar] = {}


class CalendarNotFoundError(frappe.DoesNotExistError):
	"""No such Working Calendar, or no default one (HTTP 404)."""


# -- document → engine ---------------------------------------------------------------


def to_engine_calendar(doc) -> WorkingCalendar:
	"""The engine calendar described by a Working Calendar document (saved or not).

	A year is *official* when the document lists at least one day of an official
	kind (public holiday, day-off swap, make-up day) in it, i.e. when its
	official days were loaded; every other year follows the Labour Code's
	statutory days off and is provisional (:data:`~.vietnam.VIETNAM_STATUTORY`,
	issue 7). Province days off alone do not make a year official.

	Raises ValueError (from the engine) for sessions or days it cannot accept;
	the controller checks those first with translated messages.
	"""
	weekly: list[list[tuple[time, time]]] = [[] for _ in WEEKDAY_NAMES]
	for row in doc.get("sessions") or ():
		weekly[WEEKDAY_NAMES.index(row.weekday)].append((get_time(row.start_time), get_time(row.end_time)))
	holidays: set[date] = set()
	extra_days_off: set[date] = set()
	makeup_days: set[date] = set()
	names: dict[date, str] = {}
	official_years: set[int] = set()
	target = {
		PUBLIC_HOLIDAY: holidays,
		DAY_OFF_SWAP: holidays,
		PROVINCE_DAY_OFF: extra_days_off,
		MAKEUP_DAY: makeup_days,
	}
	for row in doc.get("days") or ():
		day = getdate(row.date)
		target[row.kind].add(day)
		if row.kind in OFFICIAL_KINDS:
			official_years.add(day.year)
		if row.description:
			names[day] = row.description
	return WorkingCalendar(
		name=doc.name or doc.get("calendar_name") or "",
		weekly_sessions=tuple(tuple(sorted(sessions)) for sessions in weekly),
		holidays=frozenset(holidays),
		makeup_days=frozenset(makeup_days),
		extra_days_off=frozenset(extra_days_off),
		names=names,
		official_years=frozenset(official_years),
		statutory=VIETNAM_STATUTORY,
	)


def default_session_rows() -> list[dict]:
	"""Session rows for the engine's defaults: Monday–Friday, 08:00–12:00 and 13:00–17:00."""
	return [
		{"weekday": WEEKDAY_NAMES[weekday], "start_time": start.isoformat(), "end_time": end.isoformat()}
		for weekday in DEFAULT_WORKDAYS
		for start, end in DEFAULT_SESSIONS
	]


def official_day_rows(year: int) -> list[dict]:
	"""Day rows for ``year`` from :func:`~.vietnam.official_days` (package + official notice)."""
	days_off, makeup = official_days((year,))
	swaps = OFFICIAL_NOTICES.get(year, {}).get("off", {})
	rows = [
		{
			"date": day.isoformat(),
			"kind": DAY_OFF_SWAP if day in swaps or _is_package_swap(label) else PUBLIC_HOLIDAY,
			"description": label,
		}
		for day, label in days_off.items()
	]
	rows += [
		{"date": day.isoformat(), "kind": MAKEUP_DAY, "description": label} for day, label in makeup.items()
	]
	return sorted(rows, key=lambda row: row["date"])


# -- cached lookups -------------------------------------------------------------------


def default_calendar_name() -> str:
	"""Name of the site's default Working Calendar (cached)."""
	name = frappe.cache.hget(
		CACHE_KEY, DEFAULT_FIELD, generator=lambda: frappe.db.get_value(DOCTYPE, {"is_default": 1}, "name")
	)
	if not name:
		frappe.throw(_("No default working calendar is set"), CalendarNotFoundError)
	return name


def get_calendar_version(name: str | None = None) -> str:
	"""Current version hash of a calendar (default: the site's default calendar)."""
	return get_calendar(name).version


def get_calendar(name: str | None = None) -> WorkingCalendar:
	"""The engine calendar of the current edition of ``name`` (default: the default calendar).

	No SQL on the hot path: one Redis ``HGET`` for the version (memoised per
	request) and a per-process dict keyed by site and name, checked against it.
	"""
	name = name or default_calendar_name()
	version = frappe.cache.hget(CACHE_KEY, name, generator=lambda: _load(name).version)
	calendar = _CALENDARS.get((frappe.local.site, name))
	if calendar is None or calendar.version != version:
		calendar = _load(name)
		if calendar.version != version:
			frappe.cache.hset(CACHE_KEY, name, calendar.version)
	return calendar


def _load(name: str) -> WorkingCalendar:
	if not frappe.db.exists(DOCTYPE, name):
		frappe.throw(_("Working calendar {0} does not exist").format(name), CalendarNotFoundError)
	calendar = to_engine_calendar(frappe.get_doc(DOCTYPE, name))
	_CALENDARS[(frappe.local.site, name)] = calendar
	return calendar


def compute_due(
	start: datetime,
	amount,
	unit: str,
	calendar: str | None = None,
	cutoff: time | None = None,
) -> Due:
	"""Deadline for a reception at ``start`` on the current edition of ``calendar``.

	Returns the engine's :class:`~.arithmetic.Due`; store ``due_at``,
	``due_date`` and ``calendar_version`` on the document. Raises ValueError for
	an unknown unit or a bad amount, CalendarNotFoundError for an unknown calendar.
	"""
	return due(get_calendar(calendar), start, amount, unit, cutoff)


def invalidate(*_args, **_kwargs) -> None:
	"""Forget cached versions and the default name now, after commit and after rollback."""
	_drop_cached_versions()
	if frappe.db:
		frappe.db.after_commit.add(_drop_cached_versions)
		frappe.db.after_rollback.add(_drop_cached_versions)


def _drop_cached_versions() -> None:
	frappe.cache.delete_value(CACHE_KEY)


# -- shipped calendar ------------------------------------------------------------------


def ensure_default_calendar(years: Iterable[int] = SHIPPED_YEARS) -> str:
	"""Create the official state-agency calendar if missing and make sure one calendar is the default.

	Idempotent (after_install / after_migrate): an existing calendar is never
	overwritten, so administrators' edits survive migrations.
	"""
	has_default = frappe.db.exists(DOCTYPE, {"is_default": 1})
	if not frappe.db.exists(DOCTYPE, DEFAULT_CALENDAR_NAME):
		doc = frappe.new_doc(DOCTYPE)
		doc.calendar_name = DEFAULT_CALENDAR_NAME
		doc.is_default = 0 if has_default else 1
		doc.set("sessions", default_session_rows())
		for year in years:
			doc.extend("days", official_day_rows(year))
		sources = (source for year in years for source in OFFICIAL_NOTICES.get(year, {}).get("sources", ()))
		doc.notes = "\n".join(sources)
		doc.insert(ignore_permissions=True)
	elif not has_default:
		doc = frappe.get_doc(DOCTYPE, DEFAULT_CALENDAR_NAME)
		doc.is_default = 1
		doc.save(ignore_permissions=True)
	return DEFAULT_CALENDAR_NAME


def refresh_stored_versions() -> int:
	"""Rewrite the ``version`` shown on Working Calendars whose engine version changed.

	The engine's version hash can change without an edit of the document (e.g. the
	statutory rule of issue 7, or a new ``holidays`` release); the stored value is
	for display only — the store always recomputes it — so it is updated in place,
	without a new ``modified`` (patch ``deadlines.patches.flag_provisional_due_dates``). Returns the
	number of calendars updated.
	"""
	updated = 0
	for name, stored in frappe.get_all(DOCTYPE, fields=["name", "version"], as_list=True):
		try:
			current = to_engine_calendar(frappe.get_doc(DOCTYPE, name)).version
		except ValueError:
			continue
		if current != stored:
			frappe.db.set_value(DOCTYPE, name, "version", current, update_modified=False)
			updated += 1
	if updated:
		invalidate()
	return updated
