# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

import frappe
from frappe.model.document import Document

from onestop_center.fees.receipt import fill_items_from_dossier, validate_amount


class FeeReceipt(Document):
	def before_validate(self):
		if self.is_new() and not self.amended_from:
			fill_items_from_dossier(self)

	def validate(self):
		validate_amount(self)
		self.collected_by = self.collected_by or frappe.session.user
