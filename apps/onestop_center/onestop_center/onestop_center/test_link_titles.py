# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Names, not identifiers: reports and link searches carry the titles of agencies and officers."""

import frappe
from frappe.tests.utils import FrappeTestCase

from onestop_center.onestop_center import link_titles
from onestop_center.testing import make_agency, make_procedure


class TestLinkTitles(FrappeTestCase):
	def setUp(self):
		frappe.set_user("Administrator")
		self.agency = make_agency()

	def test_titles_of_the_link_columns_of_a_report(self):
		columns = [
			{"fieldname": "agency", "fieldtype": "Link", "options": "Agency"},
			{"fieldname": "officer", "fieldtype": "Link", "options": "User"},
			{"fieldname": "name", "fieldtype": "Link", "options": "Dossier"},  # no titles in links
		]
		titles = link_titles.link_titles(columns, [{"agency": self.agency.name, "officer": "Administrator", "name": "X"}])
		self.assertEqual(titles[f"Agency::{self.agency.name}"], self.agency.agency_name)
		self.assertEqual(titles["User::Administrator"], frappe.db.get_value("User", "Administrator", "full_name"))
		self.assertNotIn("Dossier::X", titles)
		# rows as lists, by position
		self.assertEqual(
			link_titles.link_titles(columns[:1], [[self.agency.name]]),
			{f"Agency::{self.agency.name}": self.agency.agency_name},
		)

	def test_report_answer_carries_the_titles(self):
		frappe.local.response = frappe._dict()
		link_titles.run("Uncollected Results", filters={"agency": self.agency.name})
		self.assertIn("_link_titles", frappe.local.response)

	def test_procedure_search_names_the_agency(self):
		procedure = make_procedure(agency=self.agency.name)
		rows = [[procedure.name, procedure.procedure_name, self.agency.name]]
		titled = link_titles.titled_search_results("Procedure", rows)
		self.assertEqual(titled[0][2], self.agency.agency_name)
		self.assertEqual(titled[0][:2], rows[0][:2])

	def test_malformed_report_arguments_are_refused(self):
		from onestop_center.arguments import InvalidArgumentError

		with self.assertRaises(frappe.ValidationError):
			link_titles.run("No Such Report")
		with self.assertRaises(InvalidArgumentError):
			link_titles.run("Uncollected Results", filters="[not json")
		with self.assertRaises(InvalidArgumentError):
			link_titles.run("Uncollected Results", custom_columns='["agency"]')
