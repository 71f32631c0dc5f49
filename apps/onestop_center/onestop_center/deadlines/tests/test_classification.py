"""Early / on time / late by the date-precision rule (legal-spec §3.7)."""

import unittest

from onestop_center.deadlines import Timeliness, classify, classify_finished, classify_open
from onestop_center.deadlines.tests.support import d, dt

DUE = dt("2025-03-06 10:00")


class ClassificationTest(unittest.TestCase):
	def test_finished(self):
		cases = [
			("a day earlier, late in the day", "2025-03-05 16:59", Timeliness.EARLY),
			("due day, before the due hour", "2025-03-06 07:00", Timeliness.ON_TIME),
			("due day, exactly at the due moment", "2025-03-06 10:00", Timeliness.ON_TIME),
			("due day, hours after the due moment: still on time (date precision)", "2025-03-06 16:59", Timeliness.ON_TIME),
			("next day, just after midnight", "2025-03-07 00:01", Timeliness.LATE),
		]
		for label, finished, expected in cases:
			with self.subTest(label):
				self.assertIs(classify_finished(DUE, dt(finished)), expected)
				self.assertIs(classify(DUE, finished_at=dt(finished)), expected)

	def test_open(self):
		cases = [
			("before the due day", "2025-03-05 12:00", Timeliness.WITHIN_DEADLINE),
			("due day, after the due hour", "2025-03-06 23:59", Timeliness.WITHIN_DEADLINE),
			("day after", "2025-03-07 00:00", Timeliness.OVERDUE),
		]
		for label, now, expected in cases:
			with self.subTest(label):
				self.assertIs(classify_open(DUE, dt(now)), expected)
				self.assertIs(classify(DUE, now=dt(now)), expected)

	def test_dates_accepted(self):
		self.assertIs(classify_finished(d("2025-03-06"), d("2025-03-06")), Timeliness.ON_TIME)
		self.assertIs(classify_open(d("2025-03-06"), d("2025-03-07")), Timeliness.OVERDUE)

	def test_labels_and_on_time_rollup(self):
		cases = [
			(Timeliness.EARLY, "Trước hạn", True),
			(Timeliness.ON_TIME, "Đúng hạn", True),
			(Timeliness.LATE, "Quá hạn", False),
			(Timeliness.WITHIN_DEADLINE, "Trong hạn", True),
			(Timeliness.OVERDUE, "Quá hạn", False),
		]
		for status, label, on_time in cases:
			with self.subTest(status.value):
				self.assertEqual(status.label_vi, label)
				self.assertIs(status.counts_as_on_time, on_time)

	def test_errors(self):
		with self.assertRaisesRegex(ValueError, "finished_at"):
			classify(DUE)
		with self.assertRaisesRegex(ValueError, "date or datetime"):
			classify_finished("2025-03-06", DUE)


if __name__ == "__main__":
	unittest.main()
