# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from onestop_center.testing import make_agency, unique_token


def make_counter(*agencies, **fields):
	return frappe.get_doc(
		{
			"doctype": "Counter",
			"counter_number": unique_token(),
			"counter_name": "Test counter",
			"agencies": [{"agency": agency} for agency in agencies],
			**fields,
		}
	).insert()


class TestCounter(FrappeTestCase):
	def test_counter_serves_several_agencies(self):
		first, second = make_agency(), make_agency()
		counter = make_counter(first.name, second.name)
		self.assertEqual([row.agency for row in counter.agencies], [first.name, second.name])

	def test_agency_listed_twice_is_refused(self):
		agency = make_agency()
		with self.assertRaises(frappe.ValidationError):
			make_counter(agency.name, agency.name)
