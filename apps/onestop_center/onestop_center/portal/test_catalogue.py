# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt
"""The public procedure catalogue: search, filters, one page per procedure, only what is in force."""

import frappe
from frappe.tests.utils import FrappeTestCase

from onestop_center.portal import catalogue
from onestop_center.testing import make_agency, make_procedure, unique_token


class TestCatalogue(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.token = unique_token(5)
		cls.agency = make_agency(agency_name=f"Sở Thử nghiệm {cls.token}")
		cls.field = frappe.get_doc(
			{
				"doctype": "Procedure Field",
				"field_name": f"Lĩnh vực {cls.token}",
				"field_code": f"LV{cls.token}",
				"agency": cls.agency.name,
				"is_active": 1,
			}
		).insert()
		cls.licence = make_procedure(
			cls.agency.name,
			procedure_name=f"Cấp giấy phép thử nghiệm {cls.token}",
			procedure_field=cls.field.name,
			online_level="Full Online",
		)
		cls.other = make_procedure(cls.agency.name, procedure_name=f"Đăng ký khác {cls.token}")
		cls.retired = make_procedure(cls.agency.name, procedure_name=f"Thủ tục cũ {cls.token}", is_active=0)

	def names(self, **kwargs):
		return [row.name for row in catalogue.search_procedures(**kwargs)["procedures"]]

	def test_search_by_name_without_accents_code_agency_and_field(self):
		self.assertEqual(self.names(query=f"giay phep {self.token}"), [self.licence.name])
		self.assertEqual(self.names(query=self.licence.procedure_code), [self.licence.name])
		self.assertEqual(
			sorted(self.names(query=f"Thử nghiệm {self.token}")), sorted([self.licence.name, self.other.name])
		)
		self.assertEqual(self.names(query=f"Lĩnh vực {self.token}"), [self.licence.name])

	def test_filters_and_only_active_procedures(self):
		by_agency = self.names(agency=self.agency.name)
		self.assertEqual(sorted(by_agency), sorted([self.licence.name, self.other.name]))
		self.assertEqual(self.names(field=self.field.name), [self.licence.name])
		self.assertEqual(self.names(agency=self.agency.name, online_level="Full Online"), [self.licence.name])
		self.assertEqual(self.names(agency=self.agency.name, online_level="none"), [self.other.name])
		self.assertNotIn(self.retired.name, self.names(query=self.token))

	def test_malformed_search_input_is_harmless(self):
		for query in ("%", "_", "\\", "' or 1=1 --", "x" * 500, None, ["a"], {"a": 1}):
			result = catalogue.search_procedures(query=query, agency=query, field=query, online_level=query, page=query)
			self.assertGreaterEqual(result["total"], 0)
		self.assertEqual(self.names(query=f"% {self.token}"), [])

	def test_procedure_page_and_stable_link_across_versions(self):
		page = catalogue.procedure_page(self.licence.name)
		self.assertEqual(page.code, self.licence.procedure_code)
		self.assertEqual(page.online_level, "Full Online")
		self.assertEqual([d.name for d in page.documents], ["Application form", "Copy of identity card"])
		self.assertEqual((page.documents[0].originals, page.documents[1].copies), (1, 1))
		self.assertEqual(page.total_fee, 50000)
		self.assertEqual(page.duration_in_person, "5 " + catalogue.duration_unit_texts()["Working Day"])
		self.assertEqual(page.legal_basis, ["Test decree"])

		# a new version (documents changed) keeps its code, so the same link shows the new version
		procedure = frappe.get_doc("Procedure", self.licence.name)
		procedure.append("documents", {"document_name": "Ảnh 3x4", "originals": 2, "copies": 0, "mandatory": 1})
		procedure.documents[0].template = "/private/files/secret-template.docx"
		procedure.documents[1].template = "/files/mau-don.docx"
		procedure.save()
		page = catalogue.procedure_page(self.licence.name)
		self.assertEqual(page.version, procedure.version)
		self.assertGreater(page.version, 1)
		self.assertEqual(page.documents[-1].name, "Ảnh 3x4")
		# only public templates are offered for download
		self.assertIsNone(page.documents[0].template)
		self.assertEqual(page.documents[1].template, "/files/mau-don.docx")

	def test_inactive_or_unknown_procedure_has_no_page(self):
		self.assertIsNone(catalogue.procedure_page(self.retired.name))
		self.assertIsNone(catalogue.procedure_page("no-such-code"))
		self.assertIsNone(catalogue.procedure_page(None))
		self.assertIsNone(catalogue.procedure_page(["x"]))

	def test_filter_options_list_agencies_with_active_procedures(self):
		options = catalogue.filter_options()
		self.assertIn(self.agency.name, [row.name for row in options["agencies"]])
		self.assertIn(self.field.name, [row.name for row in options["fields"]])
