# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

from frappe.model.document import Document
from frappe.utils import cint

from onestop_center.catalogue.procedure_rules import validate_procedure
from onestop_center.catalogue.versions import set_version


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
		"""Number the version; keep the version it replaces (see catalogue/versions.py)."""
		set_version(self)
