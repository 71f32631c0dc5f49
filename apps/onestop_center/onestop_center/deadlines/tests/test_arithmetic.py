"""Deadline arithmetic (legal-spec §3.2–3.5). Expected values worked out by hand.

Default sessions: 08:00–12:00 and 13:00–17:00, Monday–Friday. Official days off
used below: 30/04, 01/05, 02/05/2025 (make-up Sat 26/04/2025); Tết 2026 Mon 16/02
– Fri 20/02 (9 days off Sat 14/02 – Sun 22/02); 01–02/01/2026 (make-up Sat 10/01);
31/08–02/09/2026 (make-up Sat 22/08/2026).
"""

import unittest
from datetime import time, timedelta, timezone
from decimal import Decimal

from onestop_center.deadlines import (
	WorkingCalendar,
	add_calendar_days,
	add_working_days,
	add_working_hours,
	due,
	effective_reception,
	next_working_moment,
	working_time_between,
)
from onestop_center.deadlines.tests.support import d, dt, official, plain

H = timedelta(hours=1)


class NextWorkingMomentTest(unittest.TestCase):
	def test_table(self):
		cases = [
			("before opening", "2025-03-04 06:30", "2025-03-04 08:00"),
			("during morning", "2025-03-04 09:15", "2025-03-04 09:15"),
			("at opening", "2025-03-04 08:00", "2025-03-04 08:00"),
			("lunch starts (half-open session)", "2025-03-04 12:00", "2025-03-04 13:00"),
			("at lunch", "2025-03-04 12:30", "2025-03-04 13:00"),
			("afternoon", "2025-03-04 16:59", "2025-03-04 16:59"),
			("at closing", "2025-03-04 17:00", "2025-03-05 08:00"),
			("after closing", "2025-03-04 19:00", "2025-03-05 08:00"),
			("friday evening", "2025-03-07 17:30", "2025-03-10 08:00"),
			("saturday", "2025-03-08 10:00", "2025-03-10 08:00"),
			("eve of 30/4 holidays", "2025-04-29 17:30", "2025-05-05 08:00"),
			("during Tết 2026", "2026-02-17 10:00", "2026-02-23 08:00"),
			("make-up saturday 22/08/2026", "2026-08-22 10:00", "2026-08-22 10:00"),
			("make-up saturday 10/01/2026, before opening", "2026-01-10 07:00", "2026-01-10 08:00"),
		]
		for label, start, expected in cases:
			with self.subTest(label):
				self.assertEqual(next_working_moment(official(), dt(start)), dt(expected))

	def test_aware_datetime_is_converted_to_local_time(self):
		utc = dt("2025-03-04 02:00").replace(tzinfo=timezone.utc)  # 09:00 in Vietnam
		self.assertEqual(next_working_moment(official(), utc), dt("2025-03-04 09:00"))


class WorkingDaysTest(unittest.TestCase):
	def test_table(self):
		cases = [
			# label, start, n, cutoff, expected due moment
			("legal-spec §3.4 example: Fri 09:32 + 5", plain(), "2023-10-27 09:32", 5, None, "2023-11-03 09:32"),
			("before opening counts from 08:00", official(), "2025-03-04 06:30", 2, None, "2025-03-06 08:00"),
			("during a session keeps the clock time", official(), "2025-03-04 09:00", 2, None, "2025-03-06 09:00"),
			("at lunch counts from 13:00", official(), "2025-03-04 12:30", 1, None, "2025-03-05 13:00"),
			("after closing counts from next morning", official(), "2025-03-04 17:30", 1, None, "2025-03-06 08:00"),
			("exactly at closing", official(), "2025-03-04 17:00", 1, None, "2025-03-06 08:00"),
			("friday afternoon", official(), "2025-03-07 16:00", 1, None, "2025-03-10 16:00"),
			("friday after closing", official(), "2025-03-07 17:15", 1, None, "2025-03-11 08:00"),
			("saturday reception", official(), "2025-03-08 10:00", 1, None, "2025-03-11 08:00"),
			("day before 30/4–2/5/2025", official(), "2025-04-29 10:00", 1, None, "2025-05-05 10:00"),
			("friday before make-up Sat 26/04/2025", official(), "2025-04-25 10:00", 1, None, "2025-04-26 10:00"),
			("across Tết 2026", official(), "2026-02-13 09:00", 1, None, "2026-02-23 09:00"),
			("across Tết 2026, 3 days", official(), "2026-02-13 09:00", 3, None, "2026-02-25 09:00"),
			("received during Tết 2026", official(), "2026-02-17 10:00", 1, None, "2026-02-24 08:00"),
			("new year 2026 swap (01–02/01 off)", official(), "2025-12-31 10:00", 1, None, "2026-01-05 10:00"),
			("onto make-up Sat 10/01/2026", official(), "2026-01-09 10:00", 1, None, "2026-01-10 10:00"),
			("onto make-up Sat 22/08/2026", official(), "2026-08-21 10:00", 1, None, "2026-08-22 10:00"),
			("past make-up Sat 22/08/2026", official(), "2026-08-21 10:00", 2, None, "2026-08-24 10:00"),
			("received on make-up Sat 22/08/2026", official(), "2026-08-22 09:00", 1, None, "2026-08-24 09:00"),
			("before Quốc khánh 2026 (31/08–02/09 off)", official(), "2026-08-28 10:00", 1, None, "2026-09-03 10:00"),
			("cut-off 15:00, received 15:30", official(), "2025-03-03 15:30", 2, time(15), "2025-03-06 08:00"),
			("cut-off 15:00, received exactly 15:00", official(), "2025-03-03 15:00", 2, time(15), "2025-03-06 08:00"),
			("cut-off 15:00, received 14:59", official(), "2025-03-03 14:59", 2, time(15), "2025-03-05 14:59"),
			("no cut-off, received 15:30", official(), "2025-03-03 15:30", 2, None, "2025-03-05 15:30"),
			("cut-off on friday", official(), "2025-03-07 15:10", 1, time(15), "2025-03-11 08:00"),
			("cut-off irrelevant on saturday", official(), "2025-03-08 16:00", 1, time(15), "2025-03-11 08:00"),
			("same day (n=0)", official(), "2025-03-03 10:00", 0, None, "2025-03-03 17:00"),
			("same day after cut-off → next day", official(), "2025-03-03 15:30", 0, time(15), "2025-03-04 17:00"),
			("same day, received saturday", official(), "2025-03-08 10:00", 0, None, "2025-03-10 17:00"),
			("beyond the default index window", plain(), "2040-12-31 10:00", 1, None, "2041-01-01 10:00"),
			("far future", plain(), "2099-12-31 10:00", 1, None, "2100-01-01 10:00"),
		]
		for label, cal, start, n, cutoff, expected in cases:
			with self.subTest(label):
				self.assertEqual(add_working_days(cal, dt(start), n, cutoff=cutoff), dt(expected))

	def test_constructed_makeup_saturday(self):
		cal = WorkingCalendar.build("test", makeup_days={d("2025-03-15"): "make-up"})
		self.assertTrue(cal.is_working_day(d("2025-03-15")))
		cases = [
			("friday + 1 lands on the make-up saturday", "2025-03-14 15:00", 1, "2025-03-15 15:00"),
			("friday + 2 → monday", "2025-03-14 15:00", 2, "2025-03-17 15:00"),
			("received on the make-up saturday", "2025-03-15 09:30", 1, "2025-03-17 09:30"),
			("received on the sunday after", "2025-03-16 09:30", 1, "2025-03-18 08:00"),
		]
		for label, start, n, expected in cases:
			with self.subTest(label):
				self.assertEqual(add_working_days(cal, dt(start), n), dt(expected))

	def test_clock_time_clamped_into_shorter_sessions(self):
		# Friday afternoons off: weekly sessions differ per weekday.
		full = ((time(8), time(12)), (time(13), time(17)))
		short = ((time(8), time(12)),)
		cal = WorkingCalendar("short fridays", (full, full, full, full, short, (), ()))
		self.assertEqual(add_working_days(cal, dt("2025-03-06 15:00"), 1), dt("2025-03-07 12:00"))
		self.assertEqual(add_working_days(cal, dt("2025-03-06 10:00"), 1), dt("2025-03-07 10:00"))


class WorkingHoursTest(unittest.TestCase):
	def test_table(self):
		cases = [
			("inside one session", "2025-03-04 09:00", 2, None, "2025-03-04 11:00"),
			("across lunch", "2025-03-04 09:00", 4, None, "2025-03-04 14:00"),
			("ends exactly at noon", "2025-03-04 11:00", 1, None, "2025-03-04 12:00"),
			("ends exactly at closing", "2025-03-04 16:00", 1, None, "2025-03-04 17:00"),
			("across the night", "2025-03-04 16:00", 2, None, "2025-03-05 09:00"),
			("from lunch", "2025-03-04 12:30", 0.5, None, "2025-03-04 13:30"),
			("fractional, Decimal", "2025-03-03 11:00", Decimal("1.5"), None, "2025-03-03 13:30"),
			("friday afternoon over the weekend", "2025-03-07 16:30", 1, None, "2025-03-10 08:30"),
			("one working day = 8 hours", "2025-03-04 09:00", 8, None, "2025-03-05 09:00"),
			("across Tết 2026", "2026-02-13 10:00", 16, None, "2026-02-24 10:00"),
			("zero hours after closing", "2025-03-04 18:00", 0, None, "2025-03-05 08:00"),
			("after the cut-off", "2025-03-03 15:30", 4, time(15), "2025-03-04 12:00"),
			("onto make-up Sat 22/08/2026", "2026-08-21 16:00", 2, None, "2026-08-22 09:00"),
		]
		for label, start, hours, cutoff, expected in cases:
			with self.subTest(label):
				self.assertEqual(add_working_hours(official(), dt(start), hours, cutoff=cutoff), dt(expected))


class CalendarDaysTest(unittest.TestCase):
	def test_table(self):
		cases = [
			("ends on a working day", "2025-03-03 10:00", 3, "2025-03-06 17:00"),
			("ends on a saturday → monday", "2025-03-04 10:00", 4, "2025-03-10 17:00"),
			("ends on 30/4/2025 → monday 05/05", "2025-04-27 10:00", 3, "2025-05-05 17:00"),
			("ends inside Tết 2026 → 23/02", "2026-02-10 10:00", 5, "2026-02-23 17:00"),
			("ends on make-up Sat 22/08/2026", "2026-08-19 10:00", 3, "2026-08-22 17:00"),
			("event on a saturday", "2025-03-08 10:00", 1, "2025-03-10 17:00"),
			("zero days, working day", "2025-03-03 10:00", 0, "2025-03-03 17:00"),
			("zero days, saturday", "2025-03-08 10:00", 0, "2025-03-10 17:00"),
			("event after closing still counts from its own day", "2025-03-03 20:00", 1, "2025-03-04 17:00"),
		]
		for label, start, n, expected in cases:
			with self.subTest(label):
				self.assertEqual(add_calendar_days(official(), dt(start), n), dt(expected))


class WorkingTimeBetweenTest(unittest.TestCase):
	def test_table(self):
		cases = [
			("same morning", "2025-03-04 09:00", "2025-03-04 11:30", 2.5),
			("across lunch", "2025-03-04 09:00", "2025-03-04 14:00", 4),
			("inside lunch", "2025-03-04 12:10", "2025-03-04 12:50", 0),
			("over a weekend", "2025-03-07 16:00", "2025-03-10 09:00", 2),
			("over Tết 2026", "2026-02-13 16:00", "2026-02-23 09:00", 2),
			("over make-up Sat 22/08/2026", "2026-08-21 16:00", "2026-08-24 09:00", 10),
			("a whole week", "2025-03-03 00:00", "2025-03-10 00:00", 40),
			("weekend only", "2025-03-08 09:00", "2025-03-09 18:00", 0),
			("reversed is negative", "2025-03-04 14:00", "2025-03-04 09:00", -4),
		]
		for label, a, b, hours in cases:
			with self.subTest(label):
				self.assertEqual(working_time_between(official(), dt(a), dt(b)), timedelta(hours=hours))


class DueTest(unittest.TestCase):
	def test_result_shape(self):
		result = due(official(), dt("2026-02-13 09:00"), 1, "working_day")
		self.assertEqual(result.due_at, dt("2026-02-23 09:00"))
		self.assertEqual(result.due_date, d("2026-02-23"))
		self.assertEqual(result.calendar_version, official().version)
		self.assertEqual(
			result.as_dict(), {"due_at": "2026-02-23 09:00:00", "due_date": "2026-02-23", "provisional": False}
		)

	def test_units(self):
		cases = [
			("working_day", "2025-03-04 09:00", 2, "2025-03-06 09:00", "2025-03-04 09:00"),
			("working_hour", "2025-03-04 12:30", 3, "2025-03-04 16:00", "2025-03-04 13:00"),
			("calendar_day", "2025-03-04 10:00", 4, "2025-03-10 17:00", "2025-03-04 10:00"),
		]
		for unit, start, amount, expected, received in cases:
			with self.subTest(unit):
				result = due(official(), dt(start), amount, unit)
				self.assertEqual(result.due_at, dt(expected))
				self.assertEqual(result.received_at, dt(received))

	def test_cutoff_passed_through(self):
		result = due(official(), dt("2025-03-03 15:30"), 1, "working_day", cutoff=time(15))
		self.assertEqual(result.received_at, dt("2025-03-04 08:00"))
		self.assertEqual(result.due_at, dt("2025-03-05 08:00"))

	def test_errors(self):
		cases = [
			("negative amount", -1, "working_day", "negative"),
			("negative hours", -0.5, "working_hour", "negative"),
			("unknown unit", 1, "week", "unknown unit"),
			("empty unit", 1, "", "unknown unit"),
			("fractional days", 1.5, "working_day", "whole numbers"),
			("fractional calendar days", Decimal("2.5"), "calendar_day", "whole numbers"),
			("string amount", "3", "working_day", "must be a number"),
			("boolean amount", True, "working_day", "must be a number"),
			("nan", float("nan"), "working_hour", "finite"),
			("infinity", float("inf"), "working_hour", "finite"),
		]
		for label, amount, unit, message in cases:
			with self.subTest(label), self.assertRaisesRegex(ValueError, message):
				due(official(), dt("2025-03-04 09:00"), amount, unit)

	def test_bad_start(self):
		with self.assertRaisesRegex(ValueError, "expected a datetime"):
			due(official(), "2025-03-04 09:00", 1, "working_day")

	def test_bad_cutoff(self):
		with self.assertRaisesRegex(ValueError, "cutoff"):
			effective_reception(official(), dt("2025-03-04 09:00"), cutoff="15:00")


if __name__ == "__main__":
	unittest.main()
