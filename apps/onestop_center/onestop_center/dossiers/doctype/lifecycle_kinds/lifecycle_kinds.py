# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from onestop_center.dossiers import state_kinds


class LifecycleKinds(Document):
	"""The mapping of the lifecycle's workflow states and actions to kinds (see dossiers/state_kinds.py)."""

	def validate(self):
		for table, field in (("states", "state"), ("actions", "action")):
			seen = set()
			for row in self.get(table):
				if row.get(field) in seen:
					frappe.throw(
						_("Row {0}: “{1}” is listed twice").format(row.idx, _(row.get(field))),
						title=_("Invalid mapping"),
					)
				seen.add(row.get(field))
		missing = [kind for kind in state_kinds.STATE_KINDS if kind not in {row.kind for row in self.states}]
		if self.states and missing:
			frappe.throw(
				_("Every kind of state needs at least one state: {0}").format(
					", ".join(_(k) for k in missing)
				),
				title=_("Invalid mapping"),
			)

	def on_update(self):
		state_kinds.clear_cache()
		frappe.clear_cache(doctype="Dossier")

	def onload(self):
		# the workflow's states that have no kind yet (shown on the form)
		mapped = {row.state for row in self.states}
		from onestop_center.dossiers.lifecycle_workflow import workflow_states

		self.set_onload("states_without_kind", [s for s in workflow_states() if s not in mapped])
