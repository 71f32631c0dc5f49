# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import add_days, add_years, getdate

from onestop_center.staffing import terms

# A secondment (biệt phái) to the centre lasts one year unless stated otherwise.
DEFAULT_TERM_YEARS = 1


class Secondment(Document):
	def validate(self):
		if not self.end_date:
			self.end_date = add_days(add_years(self.start_date, DEFAULT_TERM_YEARS), -1)
		if getdate(self.end_date) <= getdate(self.start_date):
			frappe.throw(_("The end date must be after the start date"), title=_("Invalid dates"))
		if self.replacement_officer and self.replacement_officer == self.officer:
			frappe.throw(_("The replacement officer must be someone other than the officer"))
		terms.on_validate(self)
