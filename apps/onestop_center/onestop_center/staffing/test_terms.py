# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Secondment terms: notice 30 days before the end, replacement within 3 working days, escalation.

Frozen clock (``deadline.now`` patched). The week of 01/03/2027 has no holiday: a notice on Monday
01/03 gives the department until Thursday 04/03; the escalation goes out from Friday 05/03.
"""

from datetime import date, datetime
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import getdate

from onestop_center.permissions import set_user_agency
from onestop_center.setup.roles import CENTRE_LEADER, DEPARTMENT_HEAD, RECEPTION_OFFICER
from onestop_center.staffing import terms
from onestop_center.staffing.report.counter_staffing_history import counter_staffing_history as history
from onestop_center.testing import make_agency, make_user

CLOCK = "onestop_center.dossiers.deadline.now"


def on(day: str):
	return patch(CLOCK, return_value=datetime.fromisoformat(f"{day}T07:00:00"))


def alerts(user: str, term: str) -> int:
	return frappe.db.count("Notification Log", {"for_user": user, "document_type": "Secondment", "document_name": term})


class TestSecondmentTerms(FrappeTestCase):
	def setUp(self):
		self.agency = make_agency().name
		self.head = make_user(DEPARTMENT_HEAD)
		set_user_agency(self.head, self.agency)
		self.leader = make_user(CENTRE_LEADER)
		self.officer = make_user(RECEPTION_OFFICER)
		with on("2026-04-01"):
			self.term = frappe.get_doc(
				{
					"doctype": "Secondment",
					"officer": self.officer,
					"home_agency": self.agency,
					"start_date": "2026-04-01",
					"end_date": "2027-03-31",
				}
			).insert()

	def run_job(self, day: str) -> dict:
		with on(day):
			return terms.remind_ending_terms()

	def stored(self, field: str):
		return frappe.db.get_value("Secondment", self.term.name, field)

	def test_notice_thirty_days_before_the_end_then_escalation_once(self):
		self.assertNotIn(self.term.name, self.run_job("2027-02-28")["notified"])
		self.assertIsNone(self.stored("term_notice_sent_on"))

		self.assertIn(self.term.name, self.run_job("2027-03-01")["notified"])
		self.assertEqual(getdate(self.stored("term_notice_sent_on")), date(2027, 3, 1))
		self.assertEqual(getdate(self.stored("replacement_due_on")), date(2027, 3, 4))
		self.assertEqual((alerts(self.head, self.term.name), alerts(self.leader, self.term.name)), (1, 1))

		# reruns the same day and until the replacement is due send nothing more
		for day in ("2027-03-01", "2027-03-04"):
			self.assertNotIn(self.term.name, sum(self.run_job(day).values(), []))
		self.assertEqual(alerts(self.head, self.term.name), 1)

		self.assertIn(self.term.name, self.run_job("2027-03-05")["escalated"])
		self.assertEqual(getdate(self.stored("escalated_on")), date(2027, 3, 5))
		self.assertEqual((alerts(self.head, self.term.name), alerts(self.leader, self.term.name)), (2, 2))
		self.assertNotIn(self.term.name, sum(self.run_job("2027-03-06").values(), []))

	def test_a_replacement_named_in_time_stops_the_escalation(self):
		self.run_job("2027-03-01")
		with on("2027-03-03"):
			term = frappe.get_doc("Secondment", self.term.name)
			term.replacement_officer = make_user(RECEPTION_OFFICER)
			term.save()
		self.assertEqual(getdate(self.stored("replacement_named_on")), date(2027, 3, 3))
		self.assertNotIn(self.term.name, self.run_job("2027-03-08")["escalated"])
		self.assertIsNone(self.stored("escalated_on"))

	def test_a_save_never_writes_the_jobs_stamps(self):
		self.run_job("2027-03-01")
		with on("2027-03-02"):
			term = frappe.get_doc("Secondment", self.term.name)
			term.update(
				{
					"term_notice_sent_on": "2020-01-01",
					"replacement_due_on": "2099-01-01",
					"escalated_on": "2027-03-02",
					"replacement_named_on": "2020-01-01",
					"late_notice": 1,
				}
			)
			term.save()
		self.assertEqual(getdate(self.stored("term_notice_sent_on")), date(2027, 3, 1))
		self.assertEqual(getdate(self.stored("replacement_due_on")), date(2027, 3, 4))
		self.assertIsNone(self.stored("escalated_on"))
		self.assertIsNone(self.stored("replacement_named_on"))
		self.assertEqual(self.stored("late_notice"), 0)
		self.assertIn(self.term.name, self.run_job("2027-03-05")["escalated"])

	def test_a_term_with_its_replacement_named_gets_no_notice(self):
		with on("2027-02-01"):
			term = frappe.get_doc("Secondment", self.term.name)
			term.replacement_officer = make_user(RECEPTION_OFFICER)
			term.save()
		self.assertNotIn(self.term.name, self.run_job("2027-03-01")["notified"])
		self.assertIsNone(self.stored("term_notice_sent_on"))

	def test_a_leave_cover_announced_too_late_is_flagged(self):
		# (announced on, leave starts on, late?): at least 3 days' notice (settings)
		cases = [("2027-05-07", "2027-05-10", 0), ("2027-05-08", "2027-05-10", 1), ("2027-05-10", "2027-05-10", 1)]
		for announced, start, late in cases:
			with self.subTest(announced=announced), on(announced):
				cover = frappe.get_doc(
					{
						"doctype": "Secondment",
						"officer": self.officer,
						"home_agency": self.agency,
						"kind": "Replacement for Leave",
						"start_date": start,
						"end_date": "2027-05-20",
						"replacement_officer": make_user(RECEPTION_OFFICER),
					}
				).insert()
				self.assertEqual(cover.late_notice, late)

	def test_counter_history_is_scoped_to_the_heads_agencies(self):
		other_head = make_user(DEPARTMENT_HEAD)
		set_user_agency(other_head, make_agency().name)
		filters = {"from_date": "2027-01-01", "to_date": "2027-01-31"}
		frappe.set_user(self.head)
		try:
			mine = [row.name for row in history.execute(filters)[1]]
			frappe.set_user(other_head)
			theirs = [row.name for row in history.execute(filters)[1]]
		finally:
			frappe.set_user("Administrator")
		self.assertIn(self.term.name, mine)
		self.assertNotIn(self.term.name, theirs)
		outside = history.execute({"from_date": "2027-04-01", "to_date": "2027-04-30"})[1]
		self.assertNotIn(self.term.name, [row.name for row in outside])
		with self.assertRaises(frappe.ValidationError):
			history.execute({"from_date": "2027-02-01", "to_date": "2027-01-01"})
