"""Statutory days off of years without official calendar, and provisional due dates (issue 7).

Bộ luật Lao động 2019 Điều 112.1 fixes the public holidays of every year (Tết Dương lịch 01/01,
Tết Âm lịch 5 days, Giỗ Tổ 10/3 âm lịch, 30/4, 01/5, Quốc khánh 02/9 + one adjacent day) and
Điều 111.3 gives the next working day off when one falls on a weekly rest day. A calendar whose
2027 announcement is not loaded must still have them off — provisionally.
"""

import unittest
from datetime import date, datetime

from onestop_center.deadlines import (
	OFFICIAL_NOTICES,
	VIETNAM_STATUTORY,
	WorkingCalendar,
	add_working_days,
	due,
	official_calendar,
	statutory_days_off,
)
from onestop_center.deadlines.calendar import LISTED, STATUTORY, WEEKLY
from onestop_center.deadlines.tests.support import d, dt, official, plain

# (label, date, working?) on the shipped calendar, whose official years are 2025 and 2026 only.
STATUTORY_2027_2028 = [
	("Tết Dương lịch, Friday 01/01/2027", "2027-01-01", False),
	("first Monday of 2027", "2027-01-04", True),
	# Tết Đinh Mùi: mùng 1 is Saturday 06/02/2027. Five days (30 Tết, mùng 1–4: 05–09/02); the
	# Saturday and Sunday among them give two working days off around them: 04/02 and 10/02.
	("Thursday 04/02/2027 (Tết, compensatory)", "2027-02-04", False),
	("Friday 05/02/2027 (last day of Bính Ngọ)", "2027-02-05", False),
	("Saturday 06/02/2027 (mùng 1)", "2027-02-06", False),
	("Monday 08/02/2027 (mùng 3)", "2027-02-08", False),
	("Tuesday 09/02/2027 (mùng 4)", "2027-02-09", False),
	("Wednesday 10/02/2027 (Tết, compensatory)", "2027-02-10", False),
	("Wednesday 03/02/2027 before Tết", "2027-02-03", True),
	("Thursday 11/02/2027 after Tết", "2027-02-11", True),
	("Giỗ Tổ Hùng Vương, Friday 16/04/2027 (10/3 Đinh Mùi)", "2027-04-16", False),
	("Ngày Chiến thắng, Friday 30/04/2027", "2027-04-30", False),
	("Quốc tế Lao động, Saturday 01/05/2027", "2027-05-01", False),
	("compensatory day for 01/05, Monday 03/05/2027", "2027-05-03", False),
	("Tuesday 04/05/2027", "2027-05-04", True),
	("Quốc khánh, Thursday 02/09/2027", "2027-09-02", False),
	("Quốc khánh adjacent day, Friday 03/09/2027", "2027-09-03", False),
	("Wednesday 01/09/2027", "2027-09-01", True),
	("24/11/2027 is not statutory (legal basis not verified)", "2027-11-24", True),
	("ordinary Saturday 2027", "2027-03-06", False),
	("Tết Dương lịch on Saturday 01/01/2028 → Monday 03/01 off", "2028-01-03", False),
	("30/04/2028 on Sunday, 01/05 Monday → Tuesday 02/05 off", "2028-05-02", False),
	("Quốc khánh: Friday 01/09/2028 and Saturday 02/09 → Monday 04/09 off", "2028-09-04", False),
	("Quốc khánh 2028 adjacent day, Friday 01/09", "2028-09-01", False),
]

# The Tết span the Government actually chose (weekdays off), from the yearly notices of those
# years as restated by the press; the statutory rule must predict it.
ANNOUNCED_TET = {
	2021: ("2021-02-10", "2021-02-16"),
	2023: ("2023-01-20", "2023-01-26"),
	2024: ("2024-02-08", "2024-02-14"),
	2025: ("2025-01-27", "2025-01-31"),
	2026: ("2026-02-16", "2026-02-20"),
}


def weekdays_off(cal: WorkingCalendar, year: int) -> set[date]:
	start = date(year, 1, 1).toordinal()
	days = (date.fromordinal(o) for o in range(start, date(year + 1, 1, 1).toordinal()))
	return {day for day in days if day.weekday() < 5 and not cal.is_working_day(day)}


class StatutoryDaysTest(unittest.TestCase):
	def test_statutory_days_of_a_year_without_official_calendar(self):
		cal = official()
		for label, day, working in STATUTORY_2027_2028:
			with self.subTest(label):
				self.assertIs(cal.is_working_day(d(day)), working)
				self.assertTrue(cal.is_provisional(d(day)))

	def test_official_years_are_not_provisional_and_win(self):
		cal = official()
		self.assertFalse(cal.is_provisional(d("2026-12-31")))
		self.assertTrue(cal.is_provisional(d("2027-01-01")))
		self.assertTrue(cal.is_provisional(d("2024-06-03")))
		# The notices' swaps and make-up days stay exactly as loaded.
		self.assertFalse(cal.is_working_day(d("2026-08-31")))
		self.assertTrue(cal.is_working_day(d("2026-08-22")))
		# An empty but loaded year wins too: its statutory days are not added behind its back.
		loaded_2027 = WorkingCalendar.build("x", official_years=(2027,), statutory=VIETNAM_STATUTORY)
		self.assertTrue(loaded_2027.is_working_day(d("2027-01-01")))
		self.assertFalse(loaded_2027.is_provisional(d("2027-01-01")))
		# A make-up day listed in a provisional year wins over the statutory rule.
		makeup = cal.with_changes(makeup_days=cal.makeup_days | {d("2027-02-04")})
		self.assertTrue(makeup.is_working_day(d("2027-02-04")))

	def test_the_statutory_rule_reproduces_the_shipped_official_years(self):
		"""2025 and 2026: statutory weekdays off + the notice's swaps = the official weekdays off."""
		for year in (2025, 2026):
			with self.subTest(year=year):
				statutory_only = official_calendar((year - 1,))  # ``year`` follows the statutory rule
				self.assertTrue(statutory_only.is_provisional(date(year, 6, 1)))
				swaps = set(OFFICIAL_NOTICES[year]["off"])
				self.assertEqual(weekdays_off(statutory_only, year) | swaps, weekdays_off(official(), year))

	def test_tet_span_matches_the_announced_spans(self):
		for year, (first, last) in ANNOUNCED_TET.items():
			with self.subTest(year=year):
				tet = {
					day
					for day, name in statutory_days_off(year).items()
					if day.month <= 2 and "Tết" in name and "Dương lịch" not in name and day.weekday() < 5
				}
				expected = {date.fromordinal(o) for o in range(d(first).toordinal(), d(last).toordinal() + 1)}
				self.assertEqual(tet, {day for day in expected if day.weekday() < 5})
				self.assertEqual(len(tet), 5)

	def test_lunar_days_match_the_shipped_calendars(self):
		days = statutory_days_off(2025) | statutory_days_off(2026)
		for day, name in (("2025-01-29", "Tết Nguyên Đán"), ("2026-02-17", "Tết Nguyên Đán")):
			self.assertEqual(days[d(day)], name)
		self.assertIn("Giỗ Tổ", days[d("2025-04-07")])
		self.assertIn("Giỗ Tổ", days[d("2026-04-26")])
		self.assertIn("nghỉ bù", days[d("2026-04-27")])

	def test_no_swap_or_pending_day_is_statutory(self):
		# holidays.VN lists the 2024 swap "Ngày nghỉ (thay cho ngày 04/05/2024)" on Monday 29/04/2024.
		self.assertNotIn(d("2024-04-29"), statutory_days_off(2024))
		self.assertTrue(official().is_working_day(d("2024-04-29")))
		self.assertTrue(official().is_working_day(d("2026-11-24")))

	def test_day_info(self):
		cal = official()
		info = cal.day_info(d("2027-01-01"))
		self.assertEqual((info.working, info.provisional, info.source), (False, True, STATUTORY))
		self.assertEqual(info.name, "Tết Dương lịch")
		self.assertEqual(cal.day_info(d("2026-04-27")).source, LISTED)
		self.assertFalse(cal.day_info(d("2026-04-27")).provisional)
		self.assertEqual(cal.day_info(d("2027-01-04")).as_dict()["source"], WEEKLY)
		self.assertIs(cal.day_info(d("2027-01-04")).as_dict()["provisional"], True)

	def test_version_covers_the_rule_and_the_official_years(self):
		self.assertNotEqual(
			official_calendar((2025, 2026)).version, official_calendar((2025, 2026, 2027)).version
		)
		with_rule = WorkingCalendar.build("plain", statutory=VIETNAM_STATUTORY)
		self.assertNotEqual(plain().version, with_rule.version)
		self.assertFalse(plain().is_provisional(d("2027-01-01")))
		self.assertTrue(plain().is_working_day(d("2027-01-01")))


class ProvisionalDueTest(unittest.TestCase):
	def test_due_date_crossing_into_a_year_without_official_calendar(self):
		# Tue 15/12/2026 + 15 working days: 12 left in 2026, Fri 01/01/2027 off → Wed 06/01/2027.
		result = due(official(), dt("2026-12-15 09:00"), 15, "working_day")
		self.assertEqual(result.due_at, dt("2027-01-06 09:00"))
		self.assertTrue(result.provisional)
		self.assertIs(result.as_dict()["provisional"], True)

	def test_due_date_inside_official_years_is_not_provisional(self):
		result = due(official(), dt("2026-11-02 09:00"), 5, "working_day")
		self.assertEqual(result.due_at, dt("2026-11-09 09:00"))
		self.assertFalse(result.provisional)
		self.assertEqual(
			result.as_dict(),
			{"due_at": "2026-11-09 09:00:00", "due_date": "2026-11-09", "provisional": False},
		)

	def test_due_date_lying_in_a_provisional_year(self):
		# Across Tết 2027: Wed 03/02 + 1 working day → Thu 11/02 (04–10/02 off).
		result = due(official(), dt("2027-02-03 10:00"), 1, "working_day")
		self.assertEqual(result.due_at, dt("2027-02-11 10:00"))
		self.assertTrue(result.provisional)
		# Calendar days ending on 01/01/2027 (a Friday, off) move to Monday 04/01.
		result = due(official(), dt("2026-12-22 10:00"), 10, "calendar_day")
		self.assertEqual(result.due_at, dt("2027-01-04 17:00"))
		self.assertTrue(result.provisional)

	def test_loading_the_official_calendar_of_the_year_wins(self):
		start = dt("2026-12-15 09:00")
		loaded = official_calendar((2025, 2026, 2027))
		self.assertFalse(due(loaded, start, 15, "working_day").provisional)
		# A hypothetical 2027 announcement moving 01/01 to a working day and giving 04/01 off.
		announced = WorkingCalendar.build(
			"announced",
			holidays={d("2027-01-04")},
			official_years=(2025, 2026, 2027),
			statutory=VIETNAM_STATUTORY,
		)
		self.assertTrue(announced.is_working_day(d("2027-01-01")))
		self.assertEqual(add_working_days(announced, start, 15), dt("2027-01-06 09:00"))
		self.assertFalse(due(announced, start, 15, "working_day").provisional)

	def test_plain_calendars_are_never_provisional(self):
		result = due(plain(), datetime(2026, 12, 15, 9), 15, "working_day")
		self.assertFalse(result.provisional)
		self.assertEqual(result.due_at, datetime(2027, 1, 5, 9))  # 01/01 is an ordinary Friday there
