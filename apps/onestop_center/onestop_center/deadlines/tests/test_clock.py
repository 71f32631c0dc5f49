"""Clock stops and step budgets (legal-spec §3.6, §3.7). Hand-worked values.

Default sessions 08:00–12:00 and 13:00–17:00; official 2025–2026 calendar.
"""

import unittest
from datetime import time, timedelta

from onestop_center.deadlines import (
	FINANCIAL_OBLIGATION,
	OTHER_LEGAL_STOP,
	SUPPLEMENT_REQUESTED,
	ClockStop,
	Deadline,
	StepBudget,
	paused_working_time,
	plan_steps,
	resume,
)
from onestop_center.deadlines.tests.support import dt, official


class ResumeTest(unittest.TestCase):
	def test_table(self):
		cases = [
			# label, old due, paused at, resumed at, paused working hours, new due
			("overnight, lands on noon", "2025-03-06 10:00", "2025-03-04 16:00", "2025-03-05 09:00", 2, "2025-03-06 12:00"),
			("across a weekend", "2025-03-11 14:00", "2025-03-07 15:00", "2025-03-10 10:00", 4, "2025-03-12 09:00"),
			("across 30/4–2/5/2025", "2025-05-07 10:00", "2025-04-29 16:00", "2025-05-06 08:00", 9, "2025-05-08 11:00"),
			("across Tết 2026", "2026-02-13 09:00", "2026-02-12 15:00", "2026-02-24 10:00", 20, "2026-02-24 14:00"),
			("weekend only: unchanged", "2025-03-11 10:00", "2025-03-08 09:00", "2025-03-09 17:00", 0, "2025-03-11 10:00"),
			("during lunch only: unchanged", "2025-03-11 10:00", "2025-03-04 12:05", "2025-03-04 12:55", 0, "2025-03-11 10:00"),
			(
				"new due crosses make-up Sat 22/08/2026",
				"2026-08-21 16:00",
				"2026-08-20 09:00",
				"2026-08-20 11:00",
				2,
				"2026-08-22 09:00",
			),
		]
		for label, old_due, paused, resumed, hours, new_due in cases:
			with self.subTest(label):
				stop = ClockStop(SUPPLEMENT_REQUESTED, dt(paused), dt(resumed))
				self.assertEqual(paused_working_time(official(), stop), timedelta(hours=hours))
				self.assertEqual(resume(official(), dt(old_due), stop), dt(new_due))

	def test_reasons(self):
		for reason in (SUPPLEMENT_REQUESTED, FINANCIAL_OBLIGATION, OTHER_LEGAL_STOP):
			with self.subTest(reason):
				self.assertEqual(ClockStop(reason, dt("2025-03-04 09:00")).reason, reason)
		with self.assertRaisesRegex(ValueError, "unknown clock-stop reason"):
			ClockStop("holiday", dt("2025-03-04 09:00"))

	def test_resume_before_pause_is_rejected(self):
		with self.assertRaisesRegex(ValueError, "before it was paused"):
			ClockStop(SUPPLEMENT_REQUESTED, dt("2025-03-04 09:00"), dt("2025-03-04 08:00"))

	def test_open_stop_needs_now(self):
		with self.assertRaisesRegex(ValueError, "still open"):
			paused_working_time(official(), ClockStop(SUPPLEMENT_REQUESTED, dt("2025-03-04 09:00")))


class DeadlineHistoryTest(unittest.TestCase):
	def test_two_stops_keep_history(self):
		cal = official()
		deadline = Deadline.starting(dt("2025-03-11 14:00"))
		deadline = deadline.pause(SUPPLEMENT_REQUESTED, dt("2025-03-07 15:00"), note="missing land map")
		self.assertTrue(deadline.is_paused)
		# while paused, the due moment as of Monday 10:00 already includes 4 paused hours
		self.assertEqual(deadline.current_due(cal, dt("2025-03-10 10:00")), dt("2025-03-12 09:00"))
		deadline = deadline.resume(cal, dt("2025-03-10 10:00"))
		self.assertEqual(deadline.due_at, dt("2025-03-12 09:00"))
		deadline = deadline.pause(FINANCIAL_OBLIGATION, dt("2025-03-11 08:00"))
		deadline = deadline.resume(cal, dt("2025-03-11 09:30"))  # 1.5 h more
		self.assertEqual(deadline.due_at, dt("2025-03-12 10:30"))
		self.assertEqual(deadline.original_due, dt("2025-03-11 14:00"))
		self.assertEqual([r.stop.reason for r in deadline.history], [SUPPLEMENT_REQUESTED, FINANCIAL_OBLIGATION])
		self.assertEqual(
			[(r.due_before, r.due_after) for r in deadline.history],
			[(dt("2025-03-11 14:00"), dt("2025-03-12 09:00")), (dt("2025-03-12 09:00"), dt("2025-03-12 10:30"))],
		)
		self.assertEqual(deadline.total_paused(cal), timedelta(hours=5.5))
		self.assertEqual(deadline.current_due(cal, dt("2025-03-20 10:00")), deadline.due_at)

	def test_misuse(self):
		cal = official()
		fresh = Deadline.starting(dt("2025-03-11 14:00"))
		paused = fresh.pause(SUPPLEMENT_REQUESTED, dt("2025-03-05 09:00"))
		resumed = paused.resume(cal, dt("2025-03-06 09:00"))
		cases = [
			("pause twice", lambda: paused.pause(OTHER_LEGAL_STOP, dt("2025-03-05 10:00")), "already stopped"),
			("resume when running", lambda: fresh.resume(cal, dt("2025-03-05 10:00")), "not stopped"),
			("overlapping stop", lambda: resumed.pause(OTHER_LEGAL_STOP, dt("2025-03-05 10:00")), "previous one ended"),
		]
		for label, action, message in cases:
			with self.subTest(label), self.assertRaisesRegex(ValueError, message):
				action()


class PlanStepsTest(unittest.TestCase):
	def test_sequential(self):
		steps = [
			StepBudget(2, "Sở Tài nguyên và Môi trường", 3, "working_day"),
			StepBudget(1, "Tổ tiếp nhận", 4, "working_hour"),
			StepBudget(3, "Trả kết quả", 1, "working_day"),
		]
		plan = plan_steps(official(), dt("2025-03-03 09:00"), steps)
		self.assertEqual(
			[(p.step.agency, p.start_at, p.due_at) for p in plan.steps],
			[
				("Tổ tiếp nhận", dt("2025-03-03 09:00"), dt("2025-03-03 14:00")),
				("Sở Tài nguyên và Môi trường", dt("2025-03-03 14:00"), dt("2025-03-06 14:00")),
				("Trả kết quả", dt("2025-03-06 14:00"), dt("2025-03-07 14:00")),
			],
		)
		self.assertEqual(plan.due_at, dt("2025-03-07 14:00"))

	def test_parallel_group_ends_at_the_latest(self):
		steps = [
			StepBudget(1, "A", 1, "working_day"),
			StepBudget(2, "B", 2, "working_day", "parallel"),
			StepBudget(2, "C", 20, "working_hour", "parallel"),
			StepBudget(3, "D", 1, "working_day"),
		]
		plan = plan_steps(official(), dt("2025-03-03 09:00"), steps)
		dues = {p.step.agency: p.due_at for p in plan.steps}
		starts = {p.step.agency: p.start_at for p in plan.steps}
		self.assertEqual(dues["A"], dt("2025-03-04 09:00"))
		self.assertEqual(starts["B"], starts["C"])
		self.assertEqual(dues["B"], dt("2025-03-06 09:00"))
		self.assertEqual(dues["C"], dt("2025-03-06 14:00"))
		self.assertEqual(starts["D"], dt("2025-03-06 14:00"))
		self.assertEqual(plan.due_at, dt("2025-03-07 14:00"))

	def test_across_tet(self):
		steps = [StepBudget(1, "A", 2, "working_day"), StepBudget(2, "B", 2, "working_day")]
		plan = plan_steps(official(), dt("2026-02-12 10:00"), steps)
		self.assertEqual([p.due_at for p in plan.steps], [dt("2026-02-23 10:00"), dt("2026-02-25 10:00")])

	def test_cutoff_applies_to_reception_only(self):
		steps = [StepBudget(1, "A", 1, "working_day"), StepBudget(2, "B", 1, "working_day")]
		plan = plan_steps(official(), dt("2025-03-03 15:30"), steps, cutoff=time(15))
		self.assertEqual([p.due_at for p in plan.steps], [dt("2025-03-05 08:00"), dt("2025-03-06 08:00")])

	def test_errors(self):
		cases = [
			("no steps", [], "at least one step"),
			(
				"sequential step sharing an order",
				[StepBudget(1, "A", 1, "working_day"), StepBudget(1, "B", 1, "working_day", "parallel")],
				"parallel",
			),
			("bad unit", [StepBudget(1, "A", 1, "fortnight")], "unknown unit"),
		]
		for label, steps, message in cases:
			with self.subTest(label), self.assertRaisesRegex(ValueError, message):
				plan_steps(official(), dt("2025-03-03 09:00"), steps)
		with self.assertRaisesRegex(ValueError, "unknown step mode"):
			StepBudget(1, "A", 1, "working_day", "sometimes")


if __name__ == "__main__":
	unittest.main()
