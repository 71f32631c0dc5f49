# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from onestop_center.dossiers.applicant_key import (
	ORGANISATION,
	applicant_key,
	normalise_id_number,
	normalise_tax_code,
)


class Applicant(Document):
	def autoname(self):
		self.name = applicant_key(self.applicant_type, self.id_number, self.tax_code)

	def before_insert(self):
		if frappe.db.exists("Applicant", self.name):
			frappe.throw(
				_("An applicant with ID number or tax code {0} is already registered").format(
					frappe.bold(self.name)
				),
				frappe.DuplicateEntryError,
				title=_("Applicant already registered"),
			)

	def validate(self):
		self.normalise_keys()
		if (
			not self.is_new()
			and applicant_key(self.applicant_type, self.id_number, self.tax_code) != self.name
		):
			frappe.throw(
				_("The ID number or tax code of a registered applicant cannot be changed"),
				title=_("Registry key changed"),
			)
		if self.date_of_birth and getdate(self.date_of_birth) > getdate(today()):
			frappe.throw(_("Date of birth cannot be in the future"))

	def normalise_keys(self):
		if self.id_number or self.applicant_type != ORGANISATION:
			self.id_number = normalise_id_number(self.id_number)
		if self.tax_code or self.applicant_type == ORGANISATION:
			self.tax_code = normalise_tax_code(self.tax_code)
