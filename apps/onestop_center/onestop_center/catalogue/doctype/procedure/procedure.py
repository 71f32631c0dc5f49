# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

from frappe.model.document import Document
from frappe.utils import cint, today

from onestop_center.catalogue.procedure_rules import validate_procedure
from onestop_center.dossiers.procedure_snapshot import content_changed


class Procedure(Document):
	def __init__(self, *args, **kwargs):
		super().__init__(*args, **kwargs)
		# Frappe v15 fills every empty Time field of a new document with the current time; an empty
		# cut-off means "no cut-off" (deadlines count from the reception), so it must stay empty.
		self.dont_update_if_missing.append("cutoff_time")

	def validate(self):
		validate_procedure(self)
		self.steps.sort(key=lambda step: cint(step.step_order))
		for idx, step in enumerate(self.steps, start=1):
			step.idx = idx
		self.set_version()

	def set_version(self):
		"""Raise the version when what dossiers depend on changes (dossiers keep their own copy)."""
		before = self.get_doc_before_save()
		self.version = max(cint(self.version), 1)
		if content_changed(before, self):
			self.version = cint(before.version) + 1
			if str(self.effective_date or "") == str(before.effective_date or ""):
				self.effective_date = today()
