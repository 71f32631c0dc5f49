# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

import frappe
from frappe.utils.nestedset import NestedSet

from onestop_center.catalogue.identifier import normalise_identifier_code


class Agency(NestedSet):
	def before_naming(self):
		self.identifier_code = normalise_identifier_code(self.identifier_code)

	def validate(self):
		self.identifier_code = normalise_identifier_code(self.identifier_code)

	def on_update(self):
		super().on_update()
		# A unit with sub-units is a group in the tree view.
		if self.parent_agency and not frappe.db.get_value("Agency", self.parent_agency, "is_group"):
			frappe.db.set_value("Agency", self.parent_agency, "is_group", 1)
