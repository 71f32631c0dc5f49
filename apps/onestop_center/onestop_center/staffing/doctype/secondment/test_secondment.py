# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import getdate

from onestop_center.setup.roles import RECEPTION_OFFICER
from onestop_center.testing import make_agency, make_user


def make_secondment(officer, **fields):
	return frappe.get_doc(
		{
			"doctype": "Secondment",
			"officer": officer,
			"home_agency": make_agency().name,
			"start_date": "2026-01-05",
			**fields,
		}
	).insert()


class TestSecondment(FrappeTestCase):
	def setUp(self):
		self.officer = make_user(RECEPTION_OFFICER)

	def test_default_term_is_one_year(self):
		secondment = make_secondment(self.officer)
		self.assertEqual(getdate(secondment.end_date), getdate("2027-01-04"))
		self.assertEqual(secondment.kind, "Secondment")

	def test_end_after_start(self):
		for end in ("2026-01-05", "2025-12-31"):
			with self.subTest(end=end), self.assertRaises(frappe.ValidationError):
				make_secondment(self.officer, end_date=end)
		self.assertEqual(str(make_secondment(self.officer, end_date="2026-01-06").end_date), "2026-01-06")

	def test_replacement_is_another_officer(self):
		with self.assertRaises(frappe.ValidationError):
			make_secondment(self.officer, kind="Sick-leave Cover", replacement_officer=self.officer)
		cover = make_secondment(
			self.officer, kind="Sick-leave Cover", replacement_officer=make_user(RECEPTION_OFFICER)
		)
		self.assertTrue(cover.name)
