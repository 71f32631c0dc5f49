# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Applicant registry (người nộp hồ sơ): one record per citizen ID number or tax code.

The document name is a random hash (DocType ``autoname: hash``), never the ID number or tax code,
so that the personal number does not travel in links; ``id_number`` and ``tax_code`` are unique
indexed fields and the reception looks applicants up by them
(:func:`onestop_center.dossiers.applicant_key.find_applicant_name`). Only centre roles that need
the registry have permissions on Applicant; department roles see the name and contact fields
copied onto the dossiers they may read.
"""

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
	def before_insert(self):
		self.normalise_keys()
		fieldname = "tax_code" if self.applicant_type == ORGANISATION else "id_number"
		if frappe.db.exists("Applicant", {fieldname: self.get(fieldname)}):
			frappe.throw(
				_("An applicant with ID number or tax code {0} is already registered").format(
					frappe.bold(self.get(fieldname))
				),
				frappe.DuplicateEntryError,
				title=_("Applicant already registered"),
			)

	def validate(self):
		self.normalise_keys()
		if not self.is_new():
			stored = frappe.db.get_value(
				"Applicant", self.name, ["applicant_type", "id_number", "tax_code"], as_dict=True
			)
			if stored and applicant_key(self.applicant_type, self.id_number, self.tax_code) != applicant_key(
				stored.applicant_type, stored.id_number, stored.tax_code
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
