# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

from frappe.desk.form.load import set_link_titles
from frappe.model.document import Document

from onestop_center.dossiers import deadline, field_policy, lifecycle, routing
from onestop_center.dossiers.intake import dossier_code_for, prepare_new_dossier, validate_dossier
from onestop_center.dossiers.procedure_snapshot import check_frozen_copy_unchanged
from onestop_center.staffing.counters import fill_dossier_counter


class Dossier(Document):
	def before_insert(self):
		# before the server fills anything in: what the client sent
		field_policy.check_insert(self)
		prepare_new_dossier(self)
		fill_dossier_counter(self)

	def autoname(self):
		self.name = dossier_code_for(self)

	def validate(self):
		# first, on what the client sent: lifecycle-owned fields change only through the lifecycle
		field_policy.check_update(self)
		validate_dossier(self)
		if not self.is_new():
			check_frozen_copy_unchanged(self)
		lifecycle.validate(self)
		deadline.on_validate(self)
		lifecycle.update_routing(self)

	def onload(self):
		# names of the agency, counter and officers after a save too (Frappe sends them on opening)
		set_link_titles(self)

	def validate_workflow(self):
		# System transitions (transfer windows) are checked by the lifecycle, without user roles.
		if not lifecycle.validate_workflow_bypass(self):
			super().validate_workflow()

	def on_update(self):
		self.flags.deadline_change = False
		routing.sync(self)
		lifecycle.on_update(self)

	def on_trash(self):
		routing.forget(self.name)


def on_doctype_update():
	deadline.add_index("Dossier")
