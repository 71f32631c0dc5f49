# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class Counter(Document):
	def validate(self):
		agencies = [row.agency for row in self.agencies]
		duplicates = {agency for agency in agencies if agencies.count(agency) > 1}
		if duplicates:
			frappe.throw(_("Agency {0} is listed more than once").format(", ".join(sorted(duplicates))))
