# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Provisional due dates (issue 7): a due date that lies in, or crosses into, a year whose official
working calendar is not loaded is counted with the statutory days off and marked provisional.

The shipped calendar has the official 2025 and 2026 calendars; 2027 follows the Labour Code
(01/01/2027, a Friday, is off). Frozen clock (``deadline.now``).
"""

from datetime import date

import frappe

from onestop_center.deadlines import store
from onestop_center.deadlines.doctype.working_calendar.test_working_calendar import make_calendar
from onestop_center.dossiers.clock_stops import pause_clock, resume_clock
from onestop_center.dossiers.deadline import recompute_deadline
from onestop_center.dossiers.doctype.dossier.test_dossier_deadline import DeadlineTestCase, at, frozen
from onestop_center.testing import make_dossier

RECEIPT = "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
CONTROL_SLIP = "Phiếu kiểm soát quá trình giải quyết hồ sơ"
NOTE = "tạm tính: lịch nghỉ lễ, tết chính thức của năm chưa được cập nhật"


class TestProvisionalDueDate(DeadlineTestCase):
	def receive_on(self, calendar: str, received_at: str, duration: int):
		with frozen(received_at):
			return make_dossier(
				self.procedure(duration=duration),
				received_at=at(received_at),
				working_calendar=calendar,
				status="Received",
			)

	def test_statutory_days_of_2027_on_the_shipped_calendar(self):
		cal = store.get_calendar()
		self.assertFalse(cal.is_working_day(date(2027, 1, 1)))
		self.assertTrue(cal.is_provisional(date(2027, 1, 1)))
		self.assertFalse(cal.is_provisional(date(2026, 12, 31)))
		for day in (
			date(2027, 2, 5),
			date(2027, 2, 9),
			date(2027, 4, 30),
			date(2027, 5, 3),
			date(2027, 9, 3),
		):
			self.assertFalse(cal.is_working_day(day), day)

	def test_a_due_date_crossing_into_2027_is_provisional_until_recomputed(self):
		calendar = make_calendar()  # official 2026 only
		# Tue 15/12/2026 + 15 working days: Friday 01/01/2027 is a statutory day off.
		dossier = self.receive_on(calendar.name, "2026-12-15 09:00", 15)
		self.assertMoment(dossier.due_at, "2027-01-06 09:00")
		self.assertEqual(dossier.due_at_provisional, 1)
		self.assertIn(dossier.name, frappe.get_all("Dossier", {"due_at_provisional": 1}, pluck="name"))
		within = self.receive_on(calendar.name, "2026-11-02 09:00", 5)
		self.assertMoment(within.due_at, "2026-11-09 09:00")
		self.assertEqual(within.due_at_provisional, 0)

		# The printed appointment says it is provisional.
		for print_format in (RECEIPT, CONTROL_SLIP):
			self.assertIn(NOTE, frappe.get_print("Dossier", dossier.name, print_format=print_format))
		self.assertNotIn(NOTE, frappe.get_print("Dossier", within.name, print_format=RECEIPT))

		# The flag is lifecycle-owned: an ordinary save cannot clear it.
		dossier.due_at_provisional = 0
		self.assertRaises((frappe.ValidationError, frappe.PermissionError), dossier.save)
		dossier.reload()

		# Loading the 2027 calendar moves nothing (promises don't drift) …
		calendar.reload()
		self.assertEqual(calendar.provisional_dossiers(), 1)  # told when the year is loaded
		calendar.load_official_days(2027)
		calendar.save()
		frappe.local.message_log = []
		with frozen("2026-12-16 09:00"):
			dossier.remarks = "Lưu lại hồ sơ không làm thay đổi ngày hẹn"
			dossier.save()
		dossier.reload()
		self.assertMoment(dossier.due_at, "2027-01-06 09:00")
		self.assertEqual(dossier.due_at_provisional, 1)

		# … the explicit recomputation counts on the official 2027 days and clears the flag.
		with frozen("2026-12-16 09:00"):
			recompute_deadline(dossier.name, "Đã cập nhật lịch nghỉ năm 2027")
		dossier.reload()
		self.assertMoment(dossier.due_at, "2027-01-06 09:00")
		self.assertEqual(dossier.due_at_provisional, 0)
		self.assertEqual(calendar.provisional_dossiers(), 0)
		self.assertEqual(dossier.calendar_version, store.get_calendar_version(calendar.name))
		self.assertNotIn(NOTE, frappe.get_print("Dossier", dossier.name, print_format=RECEIPT))

	def test_a_clock_stop_that_pushes_the_due_date_into_2027_makes_it_provisional(self):
		calendar = make_calendar()
		dossier = self.receive_on(calendar.name, "2026-12-01 09:00", 5)
		self.assertMoment(dossier.due_at, "2026-12-08 09:00")
		self.assertEqual(dossier.due_at_provisional, 0)
		frappe.db.set_value("Dossier", dossier.name, "status", "In Progress")
		with frozen("2026-12-02 09:00"):
			pause_clock(dossier.name, "Supplement Requested", note="Thiếu bản sao")
		# Paused 02/12 09:00 → 28/12 09:00: 18 working days, added after the old due moment
		# (08/12 09:00): 17 working days to 31/12, Friday 01/01/2027 off → Monday 04/01/2027.
		with frozen("2026-12-28 09:00"):
			resume_clock(dossier.name)
		dossier.reload()
		self.assertMoment(dossier.due_at, "2027-01-04 09:00")
		self.assertEqual(dossier.due_at_provisional, 1)

	def test_the_patch_flags_dossiers_received_before_the_rule(self):
		from onestop_center.deadlines.patches import flag_provisional_due_dates

		crossing = self.receive_on(store.default_calendar_name(), "2026-12-15 09:00", 15)
		within = self.receive_on(store.default_calendar_name(), "2026-11-02 09:00", 5)
		# As stored before the rule existed: no flag (and 01/01/2027 counted as a working day).
		frappe.db.set_value("Dossier", crossing.name, "due_at_provisional", 0)
		for _ in range(2):  # idempotent
			flag_provisional_due_dates.execute()
			self.assertEqual(frappe.db.get_value("Dossier", crossing.name, "due_at_provisional"), 1)
			self.assertEqual(frappe.db.get_value("Dossier", within.name, "due_at_provisional"), 0)
		self.assertMoment(frappe.db.get_value("Dossier", crossing.name, "due_at"), "2027-01-06 09:00")
