# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, today

from onestop_center.testing import make_applicant, unique_digits


def make_organisation(tax_code, **fields):
	return make_applicant(
		applicant_type="Organisation",
		full_name="Công ty Thử nghiệm",
		id_number=None,
		tax_code=tax_code,
		**fields,
	)


class TestApplicant(FrappeTestCase):
	def test_citizen_is_keyed_by_id_number(self):
		id_number = "0" + unique_digits(11)
		applicant = make_applicant(id_number=f" {id_number[:6]} {id_number[6:]} ")
		self.assertEqual(applicant.name, id_number)
		self.assertEqual(applicant.id_number, id_number)
		self.assertEqual(frappe.db.get_value("Applicant", id_number, "full_name"), applicant.full_name)

	def test_id_number_has_12_digits(self):
		for bad in ("", "12345678901", "1234567890123", "12345678901A", "abcdefghijkl"):
			with self.subTest(id_number=bad), self.assertRaises(frappe.ValidationError):
				make_applicant(id_number=bad)

	def test_organisation_is_keyed_by_tax_code(self):
		head = "0" + unique_digits(9)
		self.assertEqual(make_organisation(head).name, head)
		self.assertEqual(make_organisation(head + "001").name, f"{head}-001")
		self.assertEqual(make_organisation(head + "-002").tax_code, f"{head}-002")

	def test_tax_code_format(self):
		for bad in ("", "123456789", "12345678901", "0101234567-01", "0101234567/001", "01012345AB"):
			with self.subTest(tax_code=bad), self.assertRaises(frappe.ValidationError):
				make_organisation(bad)

	def test_second_registration_is_refused(self):
		applicant = make_applicant()
		with self.assertRaises(frappe.DuplicateEntryError):
			make_applicant(id_number=applicant.id_number, full_name="Someone else")

	def test_key_cannot_change(self):
		applicant = make_applicant()
		applicant.id_number = "0" + unique_digits(11)
		with self.assertRaises(frappe.ValidationError):
			applicant.save()

	def test_date_of_birth_not_in_future(self):
		with self.assertRaises(frappe.ValidationError):
			make_applicant(date_of_birth=add_days(today(), 1))
