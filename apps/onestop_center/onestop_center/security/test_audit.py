# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Prints and exports of citizens' files leave an Access Log naming the user and the record."""

import frappe

from onestop_center.dossiers.test_lifecycle import LifecycleTestCase, as_user
from onestop_center.onestop_printing.test_printing import RECEIPT, reachable_site
from frappe.utils.print_format import download_pdf

from onestop_center.security import audit
from onestop_center.setup.roles import ONESTOP_ADMINISTRATOR


def access_logs(**filters) -> list:
	return frappe.get_all(
		"Access Log", filters=filters, fields=["user", "export_from", "reference_document", "method", "report_name"]
	)


class TestAudit(LifecycleTestCase):
	def test_a_dossier_pdf_names_its_printer_and_the_dossier(self):
		# Frappe's own record (the print view logs): kept true here because the audit relies on it
		dossier = self.receive()
		with as_user(self.officer), reachable_site():
			download_pdf("Dossier", dossier.name, format=RECEIPT)
			self.assertEqual(frappe.local.response.type, "pdf")
		logs = access_logs(reference_document=dossier.name, export_from="Dossier")
		self.assertEqual([(log.user, log.method) for log in logs], [(self.officer, "Print")])

	def test_a_refused_print_leaves_no_log_and_prints_nothing(self):
		dossier = self.receive()
		frappe.local.response.pop("filecontent", None)
		with as_user("Guest"), self.assertRaises(frappe.PermissionError):
			download_pdf("Dossier", dossier.name)
		self.assertFalse(access_logs(reference_document=dossier.name, user="Guest"))
		self.assertIsNone(frappe.local.response.get("filecontent"))

	def test_a_report_export_names_the_report_and_its_filters(self):
		self.receive()
		frappe.local.form_dict = frappe._dict(
			report_name="Uncollected Results", file_format_type="CSV", filters='{"min_days": 0}', visible_idx="[]"
		)
		audit.export_query()
		logs = access_logs(report_name="Uncollected Results", user="Administrator", method="Export")
		self.assertTrue(logs)

	def test_the_administrator_reads_the_audit_logs(self):
		audit.grant_audit_logs()
		audit.grant_audit_logs()  # idempotent
		for doctype in audit.AUDIT_LOGS:
			rows = frappe.get_all("Custom DocPerm", {"parent": doctype, "role": ONESTOP_ADMINISTRATOR}, ["read", "export"])
			self.assertEqual([(r.read, r.export) for r in rows], [(1, 1)])
