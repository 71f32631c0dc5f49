# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""The form's connections answer only for a record the user may read."""

import frappe
from frappe.tests.utils import FrappeTestCase

from onestop_center.security.test_cross_agency import rpc
from onestop_center.setup.roles import DEPARTMENT_SPECIALIST
from onestop_center.testing import make_applicant, make_dossier, make_user


class TestConnections(FrappeTestCase):
	def test_registry_connections_need_the_registry(self):
		applicant = make_applicant()
		dossier = make_dossier(applicant=applicant.name)
		try:
			frappe.set_user(make_user(DEPARTMENT_SPECIALIST))
			with self.assertRaises(frappe.PermissionError):
				rpc("frappe.desk.form.linked_with.get", doctype="Applicant", docname=applicant.name)
		finally:
			frappe.set_user("Administrator")
		linked = rpc("frappe.desk.form.linked_with.get", doctype="Applicant", docname=applicant.name)
		self.assertIn(dossier.name, {row.name for row in linked.get("Dossier", [])})
