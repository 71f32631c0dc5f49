# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""The ledger's notes column names a refusal and a stop (the state is "Stopped" since issue 11;
the column used to look for a "Withdrawn" state that no longer exists and said nothing)."""

import frappe
from frappe.tests.utils import FrappeTestCase

from onestop_center.onestop_printing.report.dossier_tracking_ledger.dossier_tracking_ledger import notes


class TestLedgerNotes(FrappeTestCase):
	def setUp(self):
		frappe.local.lang = "vi"

	def tearDown(self):
		frappe.local.lang = "en"

	def test_notes_name_the_withdrawal_the_stop_and_the_refusal(self):
		row = frappe._dict
		self.assertEqual(notes(row(status="Stopped", stop_kind="Withdrawal", remarks="")), "Người nộp rút hồ sơ")
		self.assertEqual(
			notes(row(status="Stopped", stop_kind="Stop Processing", remarks="Hồ sơ giả mạo")),
			"Đã dừng giải quyết; Hồ sơ giả mạo",
		)
		self.assertEqual(notes(row(status="Refused", remarks=None)), "Từ chối")
		self.assertEqual(notes(row(status="In Progress", remarks="")), "")
