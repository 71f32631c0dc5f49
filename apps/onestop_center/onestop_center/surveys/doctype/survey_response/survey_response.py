# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt


class SurveyResponse(Document):
	def validate(self):
		duplicate = frappe.db.exists("Survey Response", {"dossier": self.dossier, "name": ("!=", self.name)})
		if duplicate:
			frappe.throw(
				_(
					"Dossier {0} has already been rated ({1}); only one survey response per dossier is accepted"
				).format(frappe.bold(self.dossier), duplicate),
				frappe.DuplicateEntryError,
				title=_("Already rated"),
			)
		if not flt(self.overall_satisfaction):
			frappe.throw(_("Please give an overall satisfaction rating"))
		if not self.officer:
			self.officer = frappe.db.get_value("Dossier", self.dossier, "received_by")

	def stars(self, fieldname: str = "overall_satisfaction") -> int:
		"""A rating as a number of stars (1–5); Frappe stores ratings as a fraction of 1."""
		return round(flt(self.get(fieldname)) * 5)
