"""Shared helpers for the deadline tests (not a test module itself)."""

from datetime import date, datetime
from functools import cache

from onestop_center.deadlines import WorkingCalendar, official_calendar


def dt(text: str) -> datetime:
	"""'2025-03-04 09:00' → datetime."""
	return datetime.strptime(text, "%Y-%m-%d %H:%M")


def d(text: str) -> date:
	return date.fromisoformat(text)


@cache
def official() -> WorkingCalendar:
	"""The shipped official calendar for 2025–2026 (default sessions 08–12, 13–17)."""
	return official_calendar((2025, 2026))


@cache
def plain() -> WorkingCalendar:
	"""Mon–Fri 08–12, 13–17, no holidays at all."""
	return WorkingCalendar.build("plain")
