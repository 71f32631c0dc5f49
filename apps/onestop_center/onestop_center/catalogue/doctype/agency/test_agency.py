# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from onestop_center.catalogue.identifier import normalise_identifier_code
from onestop_center.testing import make_agency, unique_token


class TestAgency(FrappeTestCase):
	def test_identifier_code_is_the_name_and_is_normalised(self):
		token = unique_token()
		agency = make_agency(identifier_code=f"  t{token}.00.12.h56 ")
		self.assertEqual(agency.identifier_code, f"T{token}.00.12.H56")
		self.assertEqual(agency.name, agency.identifier_code)

	def test_identifier_code_format(self):
		for good in ("000.00.12.H56", "H56", "G22.45"):
			self.assertEqual(normalise_identifier_code(good), good)
		for bad in ("", "000 00 12 H56", "000-00-12-H56", "000..12", ".000.12", "000.12.", "Sở TP", "000/12"):
			with self.subTest(code=bad), self.assertRaises(frappe.ValidationError):
				make_agency(identifier_code=bad)

	def test_identifier_code_is_unique(self):
		agency = make_agency()
		with self.assertRaises(frappe.DuplicateEntryError):
			make_agency(identifier_code=agency.identifier_code.lower())

	def test_sub_unit_sits_under_its_department(self):
		department = make_agency()
		sub_unit = make_agency(parent_agency=department.name, kind="Sub-unit")
		department.reload()
		sub_unit.reload()
		self.assertEqual(department.is_group, 1)
		self.assertTrue(department.lft < sub_unit.lft < sub_unit.rgt < department.rgt)
		self.assertIn(sub_unit.name, frappe.db.get_descendants("Agency", department.name))
