# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""The counter an officer works at, filled in on the dossiers they open (issue 11 item 11)."""

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate

from onestop_center.dossiers import deadline
from onestop_center.setup.roles import RECEPTION_OFFICER
from onestop_center.staffing.counters import officer_counter
from onestop_center.testing import make_agency, make_applicant, make_procedure, make_user, unique_digits


def make_counter(officer=None, is_active=1):
	number = unique_digits(6)
	return frappe.get_doc(
		{
			"doctype": "Counter",
			"counter_number": number,
			"counter_name": f"Quầy {number}",
			"officer": officer,
			"is_active": is_active,
		}
	).insert().name


def make_secondment(officer, counter, start, kind="Secondment", replacement_officer=None):
	return frappe.get_doc(
		{
			"doctype": "Secondment",
			"officer": officer,
			"home_agency": make_agency().name,
			"counter": counter,
			"kind": kind,
			"start_date": start,
			"end_date": add_days(start, 60),
			"replacement_officer": replacement_officer,
		}
	).insert()


class TestOfficerCounter(FrappeTestCase):
	def setUp(self):
		frappe.set_user("Administrator")
		self.today = getdate(deadline.now())
		self.officer = make_user(RECEPTION_OFFICER)

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_the_counter_whose_officer_the_user_is(self):
		counter = make_counter(self.officer)
		self.assertEqual(officer_counter(self.officer), counter)

	def test_an_inactive_counter_is_not_filled_in(self):
		make_counter(self.officer, is_active=0)
		self.assertIsNone(officer_counter(self.officer))

	def test_a_seconded_officer_works_at_the_counter_of_the_current_term(self):
		counter = make_counter()
		make_secondment(self.officer, counter, add_days(self.today, -10))
		self.assertEqual(officer_counter(self.officer), counter)
		# a term not begun yet does not count
		self.assertIsNone(officer_counter(self.officer, day=add_days(self.today, -11)))

	def test_a_replacement_covers_the_counter_of_the_officer_on_leave(self):
		away = make_user(RECEPTION_OFFICER)
		covered = make_counter(away)
		own = make_counter(self.officer)
		make_secondment(away, covered, add_days(self.today, -1), "Replacement for Leave", self.officer)
		# while the cover lasts the replacement sits at the covered counter, then at their own again
		self.assertEqual(officer_counter(self.officer), covered)
		self.assertEqual(officer_counter(self.officer, day=add_days(self.today, 70)), own)

	def test_a_dossier_opened_at_the_counter_gets_the_officer_counter(self):
		counter = make_counter(self.officer)
		procedure = make_procedure().name
		applicant = make_applicant().name
		frappe.set_user(self.officer)
		dossier = frappe.get_doc(
			{"doctype": "Dossier", "procedure": procedure, "applicant": applicant, "channel": "Counter"}
		).insert()
		self.assertEqual(dossier.counter, counter)
		# by post: no counter
		by_post = frappe.get_doc(
			{"doctype": "Dossier", "procedure": procedure, "applicant": applicant, "channel": "Post"}
		).insert()
		self.assertFalse(by_post.counter)
