# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from onestop_center.testing import make_agency, make_procedure


def step(order, budget, mode="Sequential", unit="Working Day", agency=None):
	return {
		"step_order": order,
		"agency": agency,
		"time_budget": budget,
		"time_unit": unit,
		"mode": mode,
	}


class TestProcedure(FrappeTestCase):
	def setUp(self):
		self.agency = make_agency().name

	def test_durations_cannot_be_negative(self):
		for fieldname in ("duration_in_person", "duration_online"):
			with self.subTest(field=fieldname), self.assertRaises(frappe.ValidationError):
				make_procedure(self.agency, **{fieldname: -1})

	def test_in_person_duration_required_unless_resolved_immediately(self):
		with self.assertRaises(frappe.ValidationError):
			make_procedure(self.agency, duration_in_person=0)
		procedure = make_procedure(self.agency, duration_in_person=0, resolved_immediately=1)
		self.assertEqual(procedure.duration_in_person, 0)

	def test_negative_fee_is_refused(self):
		with self.assertRaises(frappe.ValidationError):
			make_procedure(self.agency, fees=[{"fee_name": "Charge", "fee_kind": "Charge", "amount": -1}])

	def test_step_orders_are_unique(self):
		with self.assertRaises(frappe.ValidationError):
			make_procedure(
				self.agency, steps=[step(1, 1, agency=self.agency), step(1, 1, agency=self.agency)]
			)

	def test_sequential_steps_fit_the_duration(self):
		ok = make_procedure(
			self.agency,
			duration_in_person=5,
			steps=[step(2, 3, agency=self.agency), step(1, 2, agency=self.agency)],
		)
		self.assertEqual([s.step_order for s in ok.steps], [1, 2])
		with self.assertRaises(frappe.ValidationError):
			make_procedure(
				self.agency,
				duration_in_person=5,
				steps=[step(1, 3, agency=self.agency), step(2, 2.5, agency=self.agency)],
			)

	def test_parallel_steps_run_alongside(self):
		make_procedure(
			self.agency,
			duration_in_person=5,
			steps=[step(1, 5, agency=self.agency), step(2, 4, "Parallel", agency=self.agency)],
		)
		with self.assertRaises(frappe.ValidationError):
			make_procedure(
				self.agency,
				duration_in_person=5,
				steps=[step(1, 2, agency=self.agency), step(2, 6, "Parallel", agency=self.agency)],
			)

	def test_budgets_in_another_unit_are_not_compared(self):
		procedure = make_procedure(
			self.agency, duration_in_person=2, steps=[step(1, 12, unit="Working Hour", agency=self.agency)]
		)
		self.assertEqual(len(procedure.steps), 1)

	def test_version_rises_only_when_content_changes(self):
		procedure = make_procedure(self.agency)
		self.assertEqual(procedure.version, 1)

		procedure.procedure_name = "Renamed procedure"
		procedure.save()
		self.assertEqual(procedure.version, 1)

		procedure.duration_in_person = 7
		procedure.save()
		self.assertEqual(procedure.version, 2)
		self.assertTrue(procedure.effective_date)

		procedure.append("documents", {"document_name": "Power of attorney", "originals": 1})
		procedure.save()
		self.assertEqual(procedure.version, 3)
