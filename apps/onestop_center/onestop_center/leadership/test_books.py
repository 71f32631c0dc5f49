# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""The books and the performance figures on a crafted January 2027 (hand-computed).

One dossier of agency A goes A → B on time... then B hands it on late; A consults C (answered late)
and D (no answer, overdue by the end of the month); two fee receipts are submitted (one whose items
do not add up to its amount) and one is cancelled.
"""

from datetime import date

import frappe
from frappe.tests.utils import FrappeTestCase

from onestop_center.leadership import books
from onestop_center.leadership.test_figures import dt, write_dossier
from onestop_center.testing import make_agency, make_applicant, make_procedure

JAN = (date(2027, 1, 1), date(2027, 1, 31))


def row(doctype: str, parent: str, parentfield: str, idx: int, **values) -> None:
	frappe.get_doc(
		{
			"doctype": doctype,
			"parent": parent,
			"parenttype": "Dossier",
			"parentfield": parentfield,
			"idx": idx,
			**values,
		}
	).db_insert()


def receipt(dossier: str, docstatus: int, amount: float, items, paid_at: str) -> None:
	doc = frappe.get_doc(
		{
			"doctype": "Fee Receipt",
			"dossier": dossier,
			"payer": "Nguyễn Văn Thử",
			"paid_at": dt(paid_at),
			"payment_method": "Cash",
			"amount": amount,
			"docstatus": docstatus,
			"collected_by": "Administrator",
		}
	)
	doc.name = f"BL-TEST-{frappe.generate_hash(length=8)}"
	doc.db_insert()
	for idx, (kind, value) in enumerate(items, start=1):
		frappe.get_doc(
			{
				"doctype": "Fee Receipt Item",
				"parent": doc.name,
				"parenttype": "Fee Receipt",
				"parentfield": "items",
				"idx": idx,
				"fee_name": kind,
				"fee_kind": kind,
				"amount": value,
			}
		).db_insert()


class CraftedBooks(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.a, cls.b, cls.c, cls.d = (make_agency().name for _ in range(4))
		procedure = make_procedure(cls.a).name
		cls.dossier = write_dossier(
			procedure,
			make_applicant().name,
			agency=cls.b,
			received_at=dt("2027-01-04 08:00"),
			due_at=dt("2027-01-20 17:00"),
			status="In Progress",
			timeliness="Within Deadline",
		)
		row(
			"Dossier Hand-over",
			cls.dossier,
			"handovers",
			1,
			handed_at=dt("2027-01-05 09:00"),
			from_agency=cls.a,
			to_agency=cls.b,
			step_result="On Time",
			handed_by="Administrator",
		)
		row(
			"Dossier Hand-over",
			cls.dossier,
			"handovers",
			2,
			handed_at=dt("2027-01-12 09:00"),
			from_agency=cls.b,
			to_agency=cls.a,
			step_result="Late",
			handed_by="Administrator",
		)
		row(
			"Dossier Consultation",
			cls.dossier,
			"consultations",
			1,
			agency=cls.c,
			requested_at=dt("2027-01-05 09:00"),
			due_at=dt("2027-01-07 17:00"),
			answered_at=dt("2027-01-08 10:00"),
		)
		row(
			"Dossier Consultation",
			cls.dossier,
			"consultations",
			2,
			agency=cls.d,
			requested_at=dt("2027-01-06 09:00"),
			due_at=dt("2027-01-09 17:00"),
		)
		receipt(cls.dossier, 1, 50000, [("Fee", 30000), ("Charge", 20000)], "2027-01-04 09:00")
		receipt(cls.dossier, 1, 60000, [("Fee", 30000), ("Charge", 20000)], "2027-01-05 09:00")
		receipt(cls.dossier, 2, 50000, [("Fee", 50000)], "2027-01-06 09:00")

	def test_transfer_book(self):
		rows = [r for r in books.transfer_book(*JAN) if r.dossier == self.dossier]
		self.assertEqual([(r.from_agency, r.to_agency) for r in rows], [(self.a, self.b), (self.b, self.a)])
		self.assertEqual([r.step_result for r in rows], [frappe._("On Time"), frappe._("Late")])

	def test_coordination_book(self):
		rows = [r for r in books.coordination_book(*JAN, dt("2027-01-31 17:00")) if r.dossier == self.dossier]
		self.assertEqual(
			[(r.agency, r.state) for r in rows],
			[(self.c, frappe._("Answered Late")), (self.d, frappe._("Overdue"))],
		)

	def test_fee_statistics_reconciled_with_receipts(self):
		rows = books.fee_statistics(*JAN, "Agency", {"agency": self.a})
		group = next(r for r in rows if r["group"] == frappe.db.get_value("Agency", self.a, "agency_name"))
		self.assertEqual(
			{k: group[k] for k in ("receipts", "collected", "fees", "charges", "unreconciled", "cancelled")},
			{
				"receipts": 2,
				"collected": 110000,
				"fees": 60000,
				"charges": 40000,
				"unreconciled": 10000,
				"cancelled": 1,
			},
		)
		self.assertEqual(rows[-1]["bold"], 1)

	def test_late_steps_belong_to_the_agency_that_was_late(self):
		rows = {r["name"]: r for r in books.performance(*JAN, "Agency")}
		name = frappe.db.get_value
		a, b = rows[name("Agency", self.a, "agency_name")], rows[name("Agency", self.b, "agency_name")]
		self.assertEqual((a["steps"], a["on_time"], a["late"], a["received"]), (1, 1, 0, 1))
		self.assertEqual((b["steps"], b["late"], b["on_time_rate"]), (1, 1, 0.0))
