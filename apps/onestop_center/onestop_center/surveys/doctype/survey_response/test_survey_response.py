# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from onestop_center.testing import make_dossier


def make_response(dossier, **fields):
	return frappe.get_doc(
		{
			"doctype": "Survey Response",
			"dossier": dossier,
			"overall_satisfaction": 0.8,
			"channel": "Kiosk",
			**fields,
		}
	).insert()


class TestSurveyResponse(FrappeTestCase):
	def test_one_response_per_dossier(self):
		dossier = make_dossier()
		response = make_response(dossier.name, attitude=1)
		self.assertEqual(response.stars(), 4)
		self.assertEqual(response.stars("attitude"), 5)
		self.assertEqual(response.officer, dossier.received_by)
		with self.assertRaises(frappe.DuplicateEntryError):
			make_response(dossier.name)
		response.comment = "Updated comment"
		response.save()

	def test_overall_rating_required(self):
		with self.assertRaises(frappe.ValidationError):
			make_response(make_dossier().name, overall_satisfaction=0)

	def test_reception_officer_reads_only_the_responses_they_entered(self):
		from onestop_center.setup.roles import RECEPTION_OFFICER
		from onestop_center.testing import make_user

		others = make_response(make_dossier().name)
		officer = make_user(RECEPTION_OFFICER)
		dossier = make_dossier()
		try:
			frappe.set_user(officer)
			own = make_response(dossier.name)
			self.assertTrue(frappe.has_permission("Survey Response", "read", own.name))
			self.assertFalse(frappe.has_permission("Survey Response", "read", others.name))
			self.assertEqual(frappe.get_list("Survey Response", pluck="name"), [own.name])
		finally:
			frappe.set_user("Administrator")
