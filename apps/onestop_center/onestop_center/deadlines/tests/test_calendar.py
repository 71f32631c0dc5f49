"""WorkingCalendar values, version hashes and the official Vietnamese days (legal-spec §5)."""

import unittest
from datetime import time

from onestop_center.deadlines import (
	WorkingCalendar,
	add_working_days,
	clear_cache,
	official_calendar,
	official_days,
)
from onestop_center.deadlines.tests.support import d, dt, official, plain

# Hand-written from the official notices (legal-spec §5 and vietnam.py sources):
# every *weekday* that state agencies have off, and every make-up working day.
OFFICIAL_WEEKDAYS_OFF = {
	2025: [
		"2025-01-01",  # Tết Dương lịch
		"2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31",  # Tết Ất Tỵ
		"2025-04-07",  # Giỗ Tổ Hùng Vương (10/3 âm lịch)
		"2025-04-30", "2025-05-01", "2025-05-02",  # 30/4, 1/5 + swap
		"2025-09-01", "2025-09-02",  # Quốc khánh
	],
	2026: [
		"2026-01-01", "2026-01-02",  # Tết Dương lịch + swap
		"2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20",  # Tết Bính Ngọ
		"2026-04-27",  # Giỗ Tổ falls on Sunday 26/04 → Monday off
		"2026-04-30", "2026-05-01",
		"2026-08-31", "2026-09-01", "2026-09-02",  # Quốc khánh + swap
	],
}
OFFICIAL_MAKEUP_DAYS = ["2025-04-26", "2026-01-10", "2026-08-22"]


class OfficialCalendarTest(unittest.TestCase):
	def test_weekdays_off_are_pinned(self):
		cal = official()
		for year, expected in OFFICIAL_WEEKDAYS_OFF.items():
			with self.subTest(year=year):
				got = sorted(
					day.isoformat() for day in cal.holidays | cal.extra_days_off if day.year == year and day.weekday() < 5
				)
				self.assertEqual(got, sorted(expected))

	def test_makeup_days_are_pinned(self):
		self.assertEqual(sorted(day.isoformat() for day in official().makeup_days), OFFICIAL_MAKEUP_DAYS)

	def test_is_working_day(self):
		cases = [
			("ordinary tuesday", "2025-03-04", True),
			("ordinary saturday", "2025-03-08", False),
			("ordinary sunday", "2025-03-09", False),
			("Tết 2026 starts saturday 14/02", "2026-02-14", False),
			("Tết 2026 monday 16/02", "2026-02-16", False),
			("Tết 2026 friday 20/02", "2026-02-20", False),
			("Tết 2026 ends sunday 22/02", "2026-02-22", False),
			("friday 13/02/2026 before Tết", "2026-02-13", True),
			("monday 23/02/2026 after Tết", "2026-02-23", True),
			("Giỗ Tổ sunday 26/04/2026", "2026-04-26", False),
			("Giỗ Tổ compensation monday 27/04/2026", "2026-04-27", False),
			("make-up saturday 22/08/2026", "2026-08-22", True),
			("swap monday 31/08/2026", "2026-08-31", False),
			("make-up saturday 26/04/2025", "2025-04-26", True),
			("swap friday 02/05/2025", "2025-05-02", False),
			("make-up saturday 10/01/2026", "2026-01-10", True),
			("24/11/2026 not a day off until its legal basis is verified", "2026-11-24", True),
		]
		for label, day, expected in cases:
			with self.subTest(label):
				self.assertIs(official().is_working_day(d(day)), expected)

	def test_pending_day_off_on_request(self):
		cal = official_calendar((2026,), include_pending=True)
		self.assertFalse(cal.is_working_day(d("2026-11-24")))
		self.assertNotEqual(cal.version, official_calendar((2026,)).version)

	def test_lunar_dates_come_from_the_package(self):
		days_off, _ = official_days((2025, 2026))
		self.assertIn(d("2025-01-29"), days_off)  # mùng 1 Tết Ất Tỵ
		self.assertIn(d("2026-02-17"), days_off)  # mùng 1 Tết Bính Ngọ
		self.assertIn(d("2025-04-07"), days_off)  # 10/3 Ất Tỵ

	def test_province_days_off(self):
		cal = official_calendar((2025,), extra_days_off={d("2025-03-05"): "province anniversary"})
		self.assertFalse(cal.is_working_day(d("2025-03-05")))
		self.assertEqual(cal.name_of(d("2025-03-05")), "province anniversary")

	def test_custom_sessions(self):
		sessions = ((time(7, 30), time(11, 30)), (time(13, 30), time(17)))
		cal = official_calendar((2025,), sessions=sessions)
		self.assertEqual(cal.sessions_on(d("2025-03-04")), sessions)
		self.assertEqual(cal.sessions_on(d("2025-04-26")), sessions)  # make-up day: normal sessions


class WorkingCalendarTest(unittest.TestCase):
	def test_version_changes_when_a_holiday_is_edited(self):
		base = plain()
		edited = base.with_changes(holidays=base.holidays | {d("2025-03-05")})
		moved = official().with_changes(holidays=(official().holidays - {d("2026-02-20")}) | {d("2026-02-23")})
		self.assertNotEqual(base.version, edited.version)
		self.assertNotEqual(official().version, moved.version)

	def test_version_changes_with_sessions_and_makeup_days(self):
		base = plain()
		other_sessions = WorkingCalendar.build("plain", sessions=((time(7, 30), time(11, 30)), (time(13, 30), time(17))))
		with_makeup = base.with_changes(makeup_days=frozenset({d("2025-03-08")}))
		self.assertEqual(len({base.version, other_sessions.version, with_makeup.version}), 3)

	def test_version_ignores_labels_and_calendar_name(self):
		a = WorkingCalendar.build("a", holidays={d("2025-03-05"): "one label"})
		b = WorkingCalendar.build("b", holidays={d("2025-03-05"): "another label"})
		self.assertEqual(a.version, b.version)

	def test_cached_results_do_not_leak_across_versions(self):
		clear_cache()
		base = plain()
		edited = base.with_changes(holidays=frozenset({d("2025-03-05")}))
		start = dt("2025-03-04 09:00")
		self.assertEqual(add_working_days(base, start, 1), dt("2025-03-05 09:00"))
		self.assertEqual(add_working_days(edited, start, 1), dt("2025-03-06 09:00"))
		self.assertEqual(add_working_days(base, start, 1), dt("2025-03-05 09:00"))

	def test_validation(self):
		cases = [
			("overlapping sessions", lambda: WorkingCalendar.build("x", sessions=((time(8), time(12)), (time(11), time(17))))),
			("empty session", lambda: WorkingCalendar.build("x", sessions=((time(8), time(8)),))),
			("bad weekday", lambda: WorkingCalendar.build("x", workdays=(7,))),
			("no working weekday", lambda: WorkingCalendar.build("x", workdays=())),
			("six weekdays", lambda: WorkingCalendar("x", ((),) * 6)),
			("datetime as holiday", lambda: WorkingCalendar.build("x", holidays=[dt("2025-03-05 00:00")])),
			(
				"day off and make-up day at once",
				lambda: WorkingCalendar.build("x", holidays=[d("2025-03-08")], makeup_days=[d("2025-03-08")]),
			),
		]
		for label, make in cases:
			with self.subTest(label), self.assertRaises(ValueError):
				make()

	def test_immutable(self):
		with self.assertRaises(AttributeError):
			plain().name = "other"


if __name__ == "__main__":
	unittest.main()
