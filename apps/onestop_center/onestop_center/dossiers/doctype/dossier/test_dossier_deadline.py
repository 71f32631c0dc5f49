# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""The Dossier's legal deadline: reception, clock stops, steps, classification, recomputation.

Table-driven with a frozen clock (``deadline.now`` patched), in the style of ERPNext's SLA tests.
Expected values are worked out by hand on the shipped official calendar (sessions Monday–Friday
08:00–12:00 and 13:00–17:00; 2026: Tết off 14/02–22/02 with 16/02–20/02 holidays, Giỗ Tổ 26/04
with 27/04 off, 30/04 and 01/05, Saturday 22/08 a make-up working day for Monday 31/08, 01–02/09).
"""

from contextlib import contextmanager
from datetime import datetime
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import get_datetime, getdate

from onestop_center.deadlines.doctype.working_calendar.test_working_calendar import make_calendar
from onestop_center.deadlines.store import default_calendar_name, get_calendar_version
from onestop_center.dossiers import deadline
from onestop_center.dossiers.clock_stops import pause_clock, resume_clock
from onestop_center.dossiers.deadline import finish_step, flag_overdue_dossiers, recompute_deadline
from onestop_center.setup.roles import CENTRE_LEADER, ONESTOP_ADMINISTRATOR, RECEPTION_OFFICER
from onestop_center.testing import make_agency, make_dossier, make_procedure, make_user

WD, WH, CD = "Working Day", "Working Hour", "Calendar Day"


def at(text: str) -> datetime:
	return datetime.strptime(text, "%Y-%m-%d %H:%M")


@contextmanager
def frozen(moment: str):
	with patch.object(deadline, "now", return_value=at(moment)):
		yield


class DeadlineTestCase(FrappeTestCase):
	def setUp(self):
		self.agency = make_agency()
		self._procedures = {}
		# Statuses are set directly here to simulate events; the lifecycle workflow's transitions
		# and roles, and who may change which field, are tested with the workflow.
		for target in (
			"frappe.model.document.Document.validate_workflow",
			"onestop_center.dossiers.lifecycle.validate",
			"onestop_center.dossiers.field_policy.check_update",
		):
			workflow = patch(target, lambda doc: None)
			workflow.start()
			self.addCleanup(workflow.stop)

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.local.message_log = []

	def procedure(self, duration=5, unit=WD, cutoff=None, resolved=False, steps=None):
		key = (duration, unit, cutoff, resolved, repr(steps))
		if key not in self._procedures:
			self._procedures[key] = make_procedure(
				self.agency.name,
				duration_in_person=0 if resolved else duration,
				duration_unit=unit,
				cutoff_time=cutoff,
				resolved_immediately=int(resolved),
				steps=steps or [],
			).name
		return self._procedures[key]

	def receive(self, received_at: str, status="Received", **procedure):
		"""A dossier received at ``received_at`` (the clock frozen at that moment)."""
		with frozen(received_at):
			return make_dossier(self.procedure(**procedure), received_at=at(received_at), status=status)

	def assertMoment(self, value, expected: str, msg=None):
		self.assertEqual(get_datetime(value), at(expected), msg)


class TestReception(DeadlineTestCase):
	# (case, received at, duration, unit, cut-off, clock starts at, due at)
	RECEPTIONS = (
		("before opening", "2026-03-09 07:30", 5, WD, None, "2026-03-09 08:00", "2026-03-16 08:00"),
		(
			"during the morning session",
			"2026-03-10 09:32",
			5,
			WD,
			None,
			"2026-03-10 09:32",
			"2026-03-17 09:32",
		),
		("at lunch", "2026-03-11 12:15", 5, WD, None, "2026-03-11 13:00", "2026-03-18 13:00"),
		("at 12:00 sharp (lunch)", "2026-03-11 12:00", 5, WD, None, "2026-03-11 13:00", "2026-03-18 13:00"),
		("after closing", "2026-03-12 17:30", 5, WD, None, "2026-03-13 08:00", "2026-03-20 08:00"),
		("Friday afternoon", "2026-03-13 16:00", 5, WD, None, "2026-03-13 16:00", "2026-03-20 16:00"),
		(
			"Friday after the cut-off",
			"2026-03-13 15:30",
			5,
			WD,
			"15:00:00",
			"2026-03-16 08:00",
			"2026-03-23 08:00",
		),
		("on a Saturday", "2026-03-14 10:00", 2, WD, None, "2026-03-16 08:00", "2026-03-18 08:00"),
		(
			"the day before 30/04 and 01/05",
			"2026-04-29 10:00",
			5,
			WD,
			None,
			"2026-04-29 10:00",
			"2026-05-08 10:00",
		),
		(
			"the Friday before Giỗ Tổ (Mon 27/04 off)",
			"2026-04-24 14:00",
			1,
			WD,
			None,
			"2026-04-24 14:00",
			"2026-04-28 14:00",
		),
		(
			"the last working day before Tết",
			"2026-02-13 09:00",
			5,
			WD,
			None,
			"2026-02-13 09:00",
			"2026-02-27 09:00",
		),
		("across Tết", "2026-02-12 14:00", 5, WD, None, "2026-02-12 14:00", "2026-02-26 14:00"),
		("during Tết", "2026-02-18 09:00", 1, WD, None, "2026-02-23 08:00", "2026-02-24 08:00"),
		(
			"on the make-up Saturday 22/08",
			"2026-08-22 10:00",
			5,
			WD,
			None,
			"2026-08-22 10:00",
			"2026-08-28 10:00",
		),
		(
			"the Friday before the make-up Saturday",
			"2026-08-21 10:00",
			1,
			WD,
			None,
			"2026-08-21 10:00",
			"2026-08-22 10:00",
		),
		(
			"before 31/08 and Quốc khánh",
			"2026-08-28 10:00",
			3,
			WD,
			None,
			"2026-08-28 10:00",
			"2026-09-07 10:00",
		),
		(
			"just before the cut-off",
			"2026-03-10 14:59",
			5,
			WD,
			"15:00:00",
			"2026-03-10 14:59",
			"2026-03-17 14:59",
		),
		("at the cut-off", "2026-03-10 15:00", 5, WD, "15:00:00", "2026-03-11 08:00", "2026-03-18 08:00"),
		("after the cut-off", "2026-03-10 15:20", 5, WD, "15:00:00", "2026-03-11 08:00", "2026-03-18 08:00"),
		("working hours", "2026-03-09 14:00", 8, WH, None, "2026-03-09 14:00", "2026-03-10 14:00"),
		(
			"working hours ending at closing time",
			"2026-03-09 13:00",
			4,
			WH,
			None,
			"2026-03-09 13:00",
			"2026-03-09 17:00",
		),
		(
			"working hours over a weekend",
			"2026-03-13 16:00",
			2,
			WH,
			None,
			"2026-03-13 16:00",
			"2026-03-16 09:00",
		),
		(
			"calendar days ending on 30/04",
			"2026-04-20 09:00",
			10,
			CD,
			None,
			"2026-04-20 09:00",
			"2026-05-04 17:00",
		),
		(
			"calendar days ending in Tết",
			"2026-02-10 09:00",
			5,
			CD,
			None,
			"2026-02-10 09:00",
			"2026-02-23 17:00",
		),
		(
			"calendar days ending on a Saturday",
			"2026-03-09 09:00",
			5,
			CD,
			None,
			"2026-03-09 09:00",
			"2026-03-16 17:00",
		),
		(
			"calendar days ignore the cut-off",
			"2026-03-10 16:00",
			2,
			CD,
			"15:00:00",
			"2026-03-10 16:00",
			"2026-03-12 17:00",
		),
	)

	def test_reception_sets_the_promise(self):
		version = get_calendar_version()
		for case, received, duration, unit, cutoff, starts, due in self.RECEPTIONS:
			with self.subTest(case):
				dossier = self.receive(received, duration=duration, unit=unit, cutoff=cutoff)
				self.assertMoment(dossier.effective_received_at, starts)
				self.assertMoment(dossier.due_at, due)
				self.assertEqual(getdate(dossier.due_date), at(due).date())
				self.assertEqual(dossier.working_calendar, default_calendar_name())
				self.assertEqual(dossier.calendar_version, version)
				self.assertEqual(dossier.timeliness, "Within Deadline")
				self.assertFalse(dossier.clock_paused)

	# (case, received at, cut-off, due at): returned within the day
	RESOLVED_IMMEDIATELY = (
		("same day", "2026-03-10 10:00", None, "2026-03-10 17:00"),
		("after the cut-off: next working day", "2026-03-10 15:30", "15:00:00", "2026-03-11 17:00"),
		("Friday after the cut-off", "2026-03-13 15:10", "15:00:00", "2026-03-16 17:00"),
		("after closing on a Thursday", "2026-03-12 17:10", None, "2026-03-13 17:00"),
	)

	def test_a_procedure_without_cut_off_has_none(self):
		# Frappe would fill an empty Time field of a new document with the current time
		self.assertFalse(
			frappe.db.get_value("Procedure", make_procedure(self.agency.name).name, "cutoff_time")
		)

	def test_procedures_resolved_immediately(self):
		for case, received, cutoff, due in self.RESOLVED_IMMEDIATELY:
			with self.subTest(case):
				dossier = self.receive(received, resolved=True, cutoff=cutoff)
				self.assertMoment(dossier.due_at, due)

	def test_dossiers_not_received_get_no_deadline_until_complete(self):
		for status in ("Draft", "Needs Completion", "Refused"):
			with self.subTest(status):
				dossier = self.receive("2026-03-09 09:00", status=status)
				self.assertFalse(dossier.due_at)
				self.assertFalse(dossier.timeliness)

		dossier = self.receive("2026-03-09 09:00", status="Needs Completion")
		# complete on Wednesday at 10:15: the clock starts then (legal-spec §3.6)
		with frozen("2026-03-11 10:15"):
			dossier.status = "Received"
			dossier.save()
		self.assertMoment(dossier.effective_received_at, "2026-03-11 10:15")
		self.assertMoment(dossier.due_at, "2026-03-18 10:15")
		self.assertEqual(dossier.timeliness, "Within Deadline")

	def test_a_dossier_received_in_the_past_counts_from_its_reception(self):
		# as the demo loader inserts them: the real clock is later than the due date
		dossier = make_dossier(self.procedure(), received_at=at("2026-03-09 09:00"), status="In Progress")
		self.assertMoment(dossier.due_at, "2026-03-16 09:00")
		self.assertEqual(dossier.timeliness, "Overdue")

	def test_an_explicit_calendar_is_used(self):
		calendar = make_calendar()
		calendar.append("days", {"date": "2026-03-10", "kind": "Province Day Off", "description": "Test"})
		calendar.save()
		with frozen("2026-03-09 09:00"):
			dossier = make_dossier(
				self.procedure(),
				received_at=at("2026-03-09 09:00"),
				working_calendar=calendar.name,
				status="Received",
			)
		self.assertEqual(dossier.working_calendar, calendar.name)
		self.assertEqual(dossier.calendar_version, calendar.version)
		self.assertMoment(dossier.due_at, "2026-03-17 09:00")

	def test_the_promise_cannot_be_edited(self):
		dossier = self.receive("2026-03-09 09:00")
		dossier.due_at = at("2026-03-20 09:00")
		self.assertRaises(frappe.ValidationError, dossier.save)
		dossier.reload()
		dossier.calendar_version = "edited"
		self.assertRaises(frappe.ValidationError, dossier.save)


class TestClockStops(DeadlineTestCase):
	# (case, received at, duration, paused at, resumed at, paused working minutes, due before, due after)
	PAUSES = (
		(
			"over a weekend",
			"2026-03-09 09:00",
			5,
			"2026-03-13 16:00",
			"2026-03-16 09:00",
			120,
			"2026-03-16 09:00",
			"2026-03-16 11:00",
		),
		(
			"only the weekend",
			"2026-03-09 09:00",
			5,
			"2026-03-13 17:30",
			"2026-03-16 07:45",
			0,
			"2026-03-16 09:00",
			"2026-03-16 09:00",
		),
		(
			"across 30/04 and 01/05",
			"2026-04-20 10:00",
			10,
			"2026-04-29 15:00",
			"2026-05-04 10:00",
			240,
			"2026-05-07 10:00",
			"2026-05-07 15:00",
		),
		(
			"across Tết",
			"2026-02-09 09:00",
			10,
			"2026-02-12 16:00",
			"2026-02-24 09:00",
			1080,
			"2026-03-02 09:00",
			"2026-03-04 11:00",
		),
		(
			"over several working days",
			"2026-03-10 09:32",
			5,
			"2026-03-16 10:00",
			"2026-03-18 10:00",
			960,
			"2026-03-17 09:32",
			"2026-03-19 09:32",
		),
		(
			"across the make-up Saturday",
			"2026-08-17 09:00",
			5,
			"2026-08-21 16:00",
			"2026-08-24 09:00",
			600,
			"2026-08-22 09:00",
			"2026-08-24 11:00",
		),
	)

	def test_supplement_request_pauses_and_resumption_resumes(self):
		for case, received, duration, paused, resumed, minutes, before, after in self.PAUSES:
			with self.subTest(case):
				dossier = self.receive(received, status="In Progress", duration=duration)
				self.assertMoment(dossier.due_at, before)
				with frozen(paused):
					pause_clock(dossier.name, "Supplement Requested", note="Thiếu bản sao")
				dossier.reload()
				self.assertEqual(dossier.status, "Supplement Requested")
				self.assertTrue(dossier.clock_paused)
				self.assertMoment(dossier.due_at, before)

				with frozen(resumed):
					resume_clock(dossier.name)
				dossier.reload()
				self.assertEqual(dossier.status, "In Progress")
				self.assertFalse(dossier.clock_paused)
				self.assertMoment(dossier.due_at, after)
				self.assertEqual(getdate(dossier.due_date), at(after).date())
				[stop] = dossier.clock_stops
				self.assertEqual(stop.reason, "Supplement Requested")
				self.assertMoment(stop.paused_at, paused)
				self.assertMoment(stop.resumed_at, resumed)
				self.assertAlmostEqual(stop.paused_minutes, minutes)
				self.assertMoment(stop.due_before, before)
				self.assertMoment(stop.due_after, after)
				self.assertEqual(stop.note, "Thiếu bản sao")
				self.assertEqual(stop.paused_by, "Administrator")

	def test_stops_add_up_and_history_stays(self):
		dossier = self.receive("2026-03-09 09:00", status="In Progress")  # due Mon 16/03 09:00
		with frozen("2026-03-10 10:00"):
			pause_clock(dossier.name, "Waiting for Financial Obligation")
		dossier.reload()
		self.assertEqual(dossier.status, "In Progress")  # only a supplement request changes the status
		with frozen("2026-03-10 11:00"):
			resume_clock(dossier.name)
		with frozen("2026-03-11 16:00"):
			pause_clock(dossier.name, "Supplement Requested")
		with frozen("2026-03-12 09:00"):
			resume_clock(dossier.name)
		dossier.reload()
		self.assertMoment(dossier.due_at, "2026-03-16 12:00")
		self.assertEqual(
			[(s.reason, s.paused_minutes, get_datetime(s.due_after)) for s in dossier.clock_stops],
			[
				("Waiting for Financial Obligation", 60, at("2026-03-16 10:00")),
				("Supplement Requested", 120, at("2026-03-16 12:00")),
			],
		)

	def test_a_second_pause_and_a_resume_without_pause_are_refused(self):
		dossier = self.receive("2026-03-09 09:00")
		with frozen("2026-03-10 09:00"):
			self.assertRaises(frappe.ValidationError, resume_clock, dossier.name)
			pause_clock(dossier.name, "Other Legal Stop")
			self.assertRaises(frappe.ValidationError, pause_clock, dossier.name, "Supplement Requested")
		# the refusal is worded in Vietnamese for Vietnamese users
		frappe.local.lang = "vi"
		try:
			with (
				frozen("2026-03-10 09:00"),
				self.assertRaisesRegex(frappe.ValidationError, "đã được tạm dừng"),
			):
				pause_clock(dossier.name, "Other Legal Stop")
		finally:
			frappe.local.lang = "en"

	def test_changing_the_status_pauses_and_resumes(self):
		dossier = self.receive("2026-03-09 09:00", status="In Progress")
		with frozen("2026-03-13 16:00"):
			dossier.status = "Supplement Requested"
			dossier.save()
		self.assertTrue(dossier.clock_paused)
		self.assertEqual(dossier.clock_stops[0].status_before, "In Progress")
		with frozen("2026-03-16 09:00"):
			dossier.status = "In Progress"
			dossier.save()
		self.assertFalse(dossier.clock_paused)
		self.assertMoment(dossier.due_at, "2026-03-16 11:00")

	def test_a_dossier_inserted_awaiting_a_supplement_has_its_clock_stopped(self):
		dossier = self.receive("2026-03-09 09:00", status="Supplement Requested")
		self.assertTrue(dossier.clock_paused)
		self.assertMoment(dossier.clock_stops[0].paused_at, "2026-03-09 09:00")
		with frozen("2026-03-10 09:00"):
			resume_clock(dossier.name)
		dossier.reload()
		self.assertEqual(dossier.status, "In Progress")
		self.assertMoment(dossier.due_at, "2026-03-17 09:00")

	def test_only_users_who_can_write_the_dossier_pause(self):
		dossier = self.receive("2026-03-09 09:00")
		leader, officer = make_user(CENTRE_LEADER), make_user(RECEPTION_OFFICER)
		frappe.set_user(leader)
		with frozen("2026-03-10 09:00"):
			self.assertRaises(frappe.PermissionError, pause_clock, dossier.name, "Supplement Requested")
		frappe.set_user(officer)
		with frozen("2026-03-10 09:00"):
			self.assertEqual(
				pause_clock(dossier.name, "Supplement Requested")["status"], "Supplement Requested"
			)


class TestSteps(DeadlineTestCase):
	def steps(self, *rows):
		return [
			{
				"step_order": order,
				"step_name": f"Step {order}",
				"agency": self.agency.name,
				"time_budget": budget,
				"time_unit": unit,
				"mode": mode,
			}
			for order, budget, unit, mode in rows
		]

	def test_steps_are_planned_at_reception(self):
		steps = self.steps((1, 3, WD, "Sequential"), (2, 5, WD, "Parallel"), (3, 7, WD, "Sequential"))
		dossier = self.receive("2026-03-09 09:00", duration=10, steps=steps)
		self.assertMoment(dossier.due_at, "2026-03-23 09:00")
		self.assertEqual(
			[
				(s.step_order, s.mode, get_datetime(s.planned_start), get_datetime(s.due_at))
				for s in dossier.steps
			],
			[
				(1, "Sequential", at("2026-03-09 09:00"), at("2026-03-12 09:00")),
				(2, "Parallel", at("2026-03-09 09:00"), at("2026-03-16 09:00")),  # alongside, from reception
				(3, "Sequential", at("2026-03-12 09:00"), at("2026-03-23 09:00")),
			],
		)
		self.assertEqual({s.timeliness for s in dossier.steps}, {"Within Deadline"})
		self.assertMoment(dossier.step_plan_end, "2026-03-23 09:00")
		self.assertFalse(dossier.step_plan_exceeds_due)

		# classification of each step by its own due date
		self.assertEqual(finish_step(dossier.name, 1, at("2026-03-12 16:00")).timeliness, "On Time")
		self.assertEqual(finish_step(dossier.name, "Step 2", at("2026-03-13 10:00")).timeliness, "Early")
		self.assertEqual(finish_step(dossier.name, 3, at("2026-03-24 08:30")).timeliness, "Late")
		dossier.reload()
		self.assertEqual([s.timeliness for s in dossier.steps], ["On Time", "Early", "Late"])
		self.assertMoment(dossier.steps[0].finished_at, "2026-03-12 16:00")

	def test_a_plan_longer_than_the_legal_deadline_is_noted(self):
		steps = self.steps((1, 3, WD, "Sequential"), (2, 24, WH, "Sequential"))
		dossier = self.receive("2026-03-09 09:00", duration=5, steps=steps)
		self.assertMoment(dossier.due_at, "2026-03-16 09:00")  # the legal deadline prevails
		self.assertMoment(dossier.steps[1].due_at, "2026-03-17 09:00")
		self.assertTrue(dossier.step_plan_exceeds_due)

	def test_open_steps_move_with_a_clock_stop(self):
		steps = self.steps((1, 3, WD, "Sequential"), (2, 2, WD, "Sequential"))
		dossier = self.receive("2026-03-09 09:00", status="In Progress", duration=5, steps=steps)
		finish_step(dossier.name, 1, at("2026-03-11 15:00"))
		with frozen("2026-03-13 16:00"):
			pause_clock(dossier.name, "Supplement Requested")
		with frozen("2026-03-16 09:00"):
			resume_clock(dossier.name)
		dossier.reload()
		self.assertMoment(dossier.steps[0].due_at, "2026-03-12 09:00")  # finished: unchanged
		self.assertEqual(dossier.steps[0].timeliness, "Early")
		self.assertMoment(dossier.steps[1].due_at, "2026-03-16 11:00")
		self.assertMoment(dossier.due_at, "2026-03-16 11:00")


class TestClassification(DeadlineTestCase):
	# due Monday 16/03/2026 09:00; the rule compares dates, not moments (legal-spec §3.7)
	FINISHES = (
		("early", "Result Ready", "2026-03-13 15:00", "Early"),
		("on the due day, before the due moment", "Result Ready", "2026-03-16 08:00", "On Time"),
		("on the due day, after the due moment", "Returned", "2026-03-16 16:30", "On Time"),
		("the next day", "Result Ready", "2026-03-17 08:05", "Late"),
	)

	def test_classification_at_finish(self):
		for case, status, finished, expected in self.FINISHES:
			with self.subTest(case):
				dossier = self.receive("2026-03-09 09:00", status="In Progress")
				self.assertEqual(dossier.timeliness, "Within Deadline")
				with frozen(finished):
					dossier.status = status
					dossier.save()
				self.assertMoment(dossier.finished_at, finished)
				self.assertEqual(dossier.timeliness, expected)

	def test_finishing_while_paused_closes_the_stop(self):
		dossier = self.receive("2026-03-09 09:00", status="In Progress")
		with frozen("2026-03-13 16:00"):
			pause_clock(dossier.name, "Waiting for Financial Obligation")
		dossier.reload()
		with frozen("2026-03-16 10:30"):
			dossier.status = "Result Ready"
			dossier.save()
		self.assertFalse(dossier.clock_paused)
		self.assertMoment(dossier.clock_stops[0].resumed_at, "2026-03-16 10:30")
		self.assertMoment(dossier.due_at, "2026-03-16 13:30")  # + 3 h 30 paused (Fri 16–17, Mon 08–10:30)
		self.assertEqual(dossier.timeliness, "On Time")

	def test_daily_overdue_job(self):
		past_due = self.receive("2026-03-09 09:00", status="In Progress")  # due 16/03
		due_today = self.receive("2026-03-10 09:00", status="In Progress")  # due 17/03
		finished = self.receive("2026-03-09 09:00", status="In Progress")
		with frozen("2026-03-13 10:00"):
			finished.status = "Result Ready"
			finished.save()
		paused = self.receive("2026-03-09 09:00", status="In Progress")
		with frozen("2026-03-16 08:30"):
			pause_clock(paused.name, "Supplement Requested")

		with self.assertQueryCount(2):  # one UPDATE for dossiers, one for their steps
			self.assertGreaterEqual(flag_overdue_dossiers(today="2026-03-17"), 1)
		timeliness = dict(
			frappe.get_all(
				"Dossier",
				filters={"name": ("in", [past_due.name, due_today.name, finished.name, paused.name])},
				fields=["name", "timeliness"],
				as_list=True,
			)
		)
		self.assertEqual(
			[timeliness[d.name] for d in (past_due, due_today, finished, paused)],
			["Overdue", "Within Deadline", "Early", "Within Deadline"],
		)
		# idempotent: nothing left to flip
		self.assertEqual(flag_overdue_dossiers(today="2026-03-17"), 0)

	def test_daily_job_flips_overdue_steps(self):
		steps = [{"step_order": 1, "step_name": "Step 1", "agency": self.agency.name, "time_budget": 2}]
		dossier = self.receive("2026-03-09 09:00", status="In Progress", steps=steps)  # step due 11/03
		flag_overdue_dossiers(today="2026-03-12")
		dossier.reload()
		self.assertEqual(dossier.steps[0].timeliness, "Overdue")
		self.assertEqual(dossier.timeliness, "Within Deadline")

	def test_the_job_is_scheduled_daily(self):
		from onestop_center import hooks

		jobs = [job for cron_jobs in hooks.scheduler_events.get("cron", {}).values() for job in cron_jobs]
		self.assertIn("onestop_center.dossiers.deadline.flag_overdue_dossiers", jobs)


class TestRecomputation(DeadlineTestCase):
	def test_a_holiday_edited_after_reception_does_not_move_the_promise(self):
		calendar = make_calendar()
		with frozen("2026-03-09 09:00"):
			dossier = make_dossier(
				self.procedure(),
				received_at=at("2026-03-09 09:00"),
				working_calendar=calendar.name,
				status="Received",
			)
		promised_version = dossier.calendar_version
		self.assertMoment(dossier.due_at, "2026-03-16 09:00")

		calendar.append(
			"days", {"date": "2026-03-12", "kind": "Province Day Off", "description": "Ngày của tỉnh"}
		)
		calendar.save()
		self.assertNotEqual(get_calendar_version(calendar.name), promised_version)
		dossier.reload()
		self.assertMoment(dossier.due_at, "2026-03-16 09:00")
		self.assertEqual(getdate(dossier.due_date), at("2026-03-16 09:00").date())
		self.assertEqual(dossier.calendar_version, promised_version)
		with frozen("2026-03-10 09:00"):
			dossier.remarks = "Saving the dossier again does not move its deadline either"
			dossier.save()
		self.assertMoment(dossier.due_at, "2026-03-16 09:00")

		# the explicit, audited action does
		self.assertRaises(frappe.ValidationError, recompute_deadline, dossier.name, "  ")
		with frozen("2026-03-10 09:00"):
			result = recompute_deadline(dossier.name, "Tỉnh công bố ngày nghỉ 12/03")
		dossier.reload()
		self.assertMoment(dossier.due_at, "2026-03-17 09:00")
		self.assertEqual(result["due_at"], at("2026-03-17 09:00"))
		self.assertEqual(dossier.calendar_version, get_calendar_version(calendar.name))
		comment = frappe.get_last_doc(
			"Comment", filters={"reference_doctype": "Dossier", "reference_name": dossier.name}
		)
		self.assertIn("Tỉnh công bố ngày nghỉ 12/03", comment.content)
		self.assertIn("09:00 16/03/2026", comment.content)
		self.assertIn("09:00 17/03/2026", comment.content)
		self.assertIn(promised_version, comment.content)
		self.assertIn(dossier.calendar_version, comment.content)

	def test_recomputation_keeps_the_clock_stops(self):
		calendar = make_calendar()
		with frozen("2026-03-09 09:00"):
			dossier = make_dossier(
				self.procedure(),
				received_at=at("2026-03-09 09:00"),
				working_calendar=calendar.name,
				status="Received",
			)
		with frozen("2026-03-13 16:00"):
			pause_clock(dossier.name, "Other Legal Stop")
		with frozen("2026-03-16 09:00"):
			resume_clock(dossier.name)  # + 2 h → Mon 16/03 11:00
		calendar.append("days", {"date": "2026-03-12", "kind": "Province Day Off"})
		calendar.save()
		with frozen("2026-03-16 10:00"):
			recompute_deadline(dossier.name, "Ngày nghỉ của tỉnh")
		dossier.reload()
		# 5 working days without 12/03 → Tue 17/03 09:00; the 2 h stop (Fri 16–17, Mon 08–09) → 11:00
		self.assertMoment(dossier.due_at, "2026-03-17 11:00")

	def test_only_administrators_and_leaders_recompute(self):
		dossier = self.receive("2026-03-09 09:00")
		users = {role: make_user(role) for role in (RECEPTION_OFFICER, CENTRE_LEADER, ONESTOP_ADMINISTRATOR)}
		frappe.set_user(users[RECEPTION_OFFICER])
		self.assertRaises(frappe.PermissionError, recompute_deadline, dossier.name, "Lý do")
		for role in (CENTRE_LEADER, ONESTOP_ADMINISTRATOR):
			with self.subTest(role):
				frappe.set_user(users[role])
				with frozen("2026-03-10 09:00"):
					self.assertEqual(
						recompute_deadline(dossier.name, "Lý do")["due_at"], at("2026-03-16 09:00")
					)
