# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Issue 7: the workflow's "Finish Step" conditions read ``Dossier.has_next_step``.

Dossiers saved before the field existed have it unset: compute it from their steps and current
step with the lifecycle's routing (the one source). Idempotent; writes only the flag.
"""

import frappe

from onestop_center.dossiers import lifecycle


def execute():
	names = frappe.get_all(
		"Dossier", filters={"status": ("not in", list(lifecycle.FINAL_STATES))}, pluck="name"
	)
	for name in names:
		doc = frappe.get_doc("Dossier", name)
		value = 1 if lifecycle.next_group(doc) else 0
		if value != (doc.get("has_next_step") or 0):
			frappe.db.set_value("Dossier", name, "has_next_step", value, update_modified=False)
