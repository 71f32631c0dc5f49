# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from onestop_center.testing import make_dossier


def make_receipt(dossier, **fields):
	return frappe.get_doc({"doctype": "Fee Receipt", "dossier": dossier, **fields}).insert()


class TestFeeReceipt(FrappeTestCase):
	def setUp(self):
		self.dossier = make_dossier()

	def test_prefilled_from_the_dossier_fees(self):
		receipt = make_receipt(self.dossier.name)
		self.assertEqual(
			[(i.fee_name, i.fee_kind, i.amount) for i in receipt.items],
			[("Processing charge", "Charge", 50000)],
		)
		self.assertEqual(receipt.amount, 50000)
		self.assertEqual(receipt.payer, self.dossier.applicant_name)
		self.assertEqual(receipt.collected_by, frappe.session.user)

	def test_amount_must_equal_the_items(self):
		with self.assertRaises(frappe.ValidationError):
			make_receipt(self.dossier.name, amount=40000)

	def test_amount_must_be_positive(self):
		with self.assertRaises(frappe.ValidationError):
			make_receipt(
				self.dossier.name, items=[{"fee_name": "Waived charge", "fee_kind": "Charge", "amount": 0}]
			)

	def test_submitted_receipt_is_cancelled_not_deleted(self):
		receipt = make_receipt(self.dossier.name)
		receipt.submit()
		with self.assertRaises(frappe.ValidationError):
			frappe.delete_doc("Fee Receipt", receipt.name)
		receipt.cancel()
		self.assertEqual(frappe.db.get_value("Fee Receipt", receipt.name, "docstatus"), 2)

		amended = frappe.copy_doc(receipt)
		amended.docstatus = 0
		amended.amended_from = receipt.name
		amended.payment_method = "Bank Transfer"
		amended.insert()
		self.assertEqual(amended.name, receipt.name + "-1")
		self.assertEqual(amended.amount, 50000)
