# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from onestop_center.surveys.questions import points_for


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
		self.set_dossier_context()
		self.set_score()
		if self.is_new() or self.flags.from_survey:
			from onestop_center.dossiers.deadline import now

			self.submitted_at = now()
			self.submitted_by = frappe.session.user

	def set_dossier_context(self):
		"""Procedure, handling agency, reception officer and counter, always from the dossier."""
		procedure, officer, counter = frappe.db.get_value(
			"Dossier", self.dossier, ["procedure", "received_by", "counter"]
		) or (None, None, None)
		self.procedure = procedure
		self.officer = officer
		self.counter = counter
		self.agency = frappe.db.get_value("Procedure", procedure, "responsible_agency") if procedure else None

	def set_score(self):
		"""Points of each answer from its question's maximum; the total and the maximum total."""
		for row in self.answers:
			max_points = frappe.db.get_value("Survey Question", row.question, "max_points") or 0
			if not row.question_text:
				row.question_text = frappe.db.get_value("Survey Question", row.question, "question")
			row.max_points = max_points
			row.points = points_for(row.level, max_points)
		self.score = sum(row.points for row in self.answers)
		self.max_score = sum(row.max_points for row in self.answers)
