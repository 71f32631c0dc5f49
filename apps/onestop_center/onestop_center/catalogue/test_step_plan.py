# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Step plans the lifecycle cannot run are refused, with the row and the reason (issue 12 §2)."""

import frappe
from frappe.tests.utils import FrappeTestCase

from onestop_center.catalogue.procedure_rules import InvalidStepPlan
from onestop_center.testing import make_agency, make_procedure

SPECIALIST = "Department Specialist"
HEAD = "Department Head"


def step(order, agency, budget=1, mode="Sequential", role=None, name=None, unit="Working Day"):
	return {
		"step_order": order,
		"step_name": name or f"Bước {order}",
		"agency": agency,
		"role": role,
		"time_budget": budget,
		"time_unit": unit,
		"mode": mode,
	}


class TestStepPlan(FrappeTestCase):
	def setUp(self):
		frappe.set_user("Administrator")
		frappe.local.lang = "vi"  # the messages are asserted as officers read them
		self.a = make_agency().name
		self.b = make_agency().name

	def tearDown(self):
		frappe.local.lang = "en"  # Frappe's test default

	def refused(self, pattern, **fields):
		"""The procedure is refused with an InvalidStepPlan whose message matches ``pattern``."""
		with self.assertRaisesRegex(InvalidStepPlan, pattern):
			make_procedure(self.a, **fields)

	def test_plans_the_lifecycle_runs_are_accepted(self):
		for plan in (
			[],  # the responsible agency handles the dossier as one step
			[step(1, self.a, 3, role=SPECIALIST), step(2, self.a, 2, role=HEAD)],  # same agency twice
			[step(1, self.a, 3), step(2, self.b, 2, "Parallel"), step(3, self.b, 2)],
			[step(1, self.a, 2, "Parallel"), step(2, self.b, 2, "Parallel")],
		):
			with self.subTest(plan=plan):
				make_procedure(self.a, duration_in_person=5, steps=plan)

	def test_duplicate_step_orders_name_both_rows(self):
		self.refused(
			r"Dòng 2: thứ tự bước 1 đã dùng ở dòng 1", steps=[step(1, self.a), step(1, self.b)]
		)

	def test_step_order_must_be_positive(self):
		self.refused(r"Dòng 1: thứ tự bước phải là số dương", steps=[step(0, self.a)])

	def test_a_step_needs_an_agency(self):
		self.refused(r"Dòng 2: chọn cơ quan thực hiện .*Thẩm định", steps=[
			step(1, self.a), step(2, None, name="Thẩm định"),
		])

	def test_a_consultation_step_needs_an_agency(self):
		self.refused(r"Dòng 2: chọn cơ quan thực hiện", steps=[step(1, self.a), step(2, None, mode="Parallel")])

	def test_an_inactive_agency_cannot_take_a_step(self):
		closed = make_agency(is_active=0).name
		self.refused(r"Dòng 1: cơ quan .* không còn hoạt động", steps=[step(1, closed)])

	def test_the_centre_itself_cannot_take_a_step(self):
		centre = frappe.db.get_single_value("OneStop Settings", "centre_agency")
		if not centre:
			centre = make_agency(kind="Public Administration Service Centre").name
			frappe.db.set_single_value("OneStop Settings", "centre_agency", centre)
		self.refused(r"Dòng 2: .* chính là Bộ phận một cửa", steps=[step(1, self.a), step(2, centre)])

	def test_zero_day_steps_only_when_resolved_immediately(self):
		self.refused(r"Dòng 2: .*Phê duyệt.* chưa có thời gian xử lý", steps=[
			step(1, self.a, 3), step(2, self.a, 0, name="Phê duyệt"),
		])
		self.refused(r"Dòng 1: .* chưa có thời gian xử lý", steps=[step(1, self.a, 0, "Parallel")])
		make_procedure(self.a, duration_in_person=0, resolved_immediately=1, steps=[step(1, self.a, 0)])

	def test_negative_budget(self):
		self.refused(r"Dòng 1: thời gian xử lý không được là số âm", steps=[step(1, self.a, -1)])

	def test_sequential_steps_cannot_exceed_the_duration(self):
		self.refused(
			r"Các bước liên thông cần 6.0 .*vượt thời hạn giải quyết của thủ tục là 5.0",
			duration_in_person=5,
			steps=[step(1, self.a, 4), step(2, self.b, 2)],
		)

	def test_sequential_steps_cannot_exceed_the_online_duration(self):
		self.refused(
			r"vượt thời hạn giải quyết trực tuyến là 3.0",
			duration_in_person=5,
			duration_online=3,
			steps=[step(1, self.a, 4)],
		)

	def test_a_parallel_step_alone_fits_the_duration(self):
		self.refused(
			r"Dòng 2: bước phối hợp cần 6.0",
			duration_in_person=5,
			steps=[step(1, self.a, 2), step(2, self.b, 6, "Parallel")],
		)

	def test_a_resolved_immediately_procedure_has_zero_day_steps(self):
		self.refused(
			r"vượt thời hạn giải quyết của thủ tục là 0",
			duration_in_person=0,
			resolved_immediately=1,
			steps=[step(1, self.a, 1)],
		)

	def test_a_plan_shorter_than_the_duration_is_noted_not_refused(self):
		frappe.clear_messages()
		make_procedure(self.a, duration_in_person=5, steps=[step(1, self.a, 2), step(2, self.b, 1)])
		notes = " ".join(str(m) for m in frappe.get_message_log())
		self.assertIn("kết thúc trước thời hạn giải quyết", notes)

	def test_a_lead_role_must_be_able_to_accept_and_finish(self):
		self.refused(
			r"Dòng 1: vai trò .* không được thực hiện thao tác “Nhận xử lý”",
			steps=[step(1, self.a, 2, role="Reception Officer")],
		)
		# a head's step after a specialist's at the same agency is reached without a transfer
		make_procedure(self.a, steps=[step(1, self.a, 2, role=SPECIALIST), step(2, self.a, 2, role=HEAD)])
		# the role of a consulted (parallel) step is not the one acting on the dossier
		make_procedure(
			self.a, steps=[step(1, self.a, 2), step(2, self.b, 2, "Parallel", role="Reception Officer")]
		)

	def test_the_row_of_an_unsorted_plan_is_the_row_typed(self):
		# rows are sorted by order after validation; the message names the row as entered
		self.refused(r"Dòng 3: thứ tự bước 2", steps=[step(2, self.a), step(1, self.a), step(2, self.b)])
