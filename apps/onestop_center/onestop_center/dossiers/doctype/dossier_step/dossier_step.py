# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

from frappe.model.document import Document

from onestop_center.dossiers.field_policy import LifecycleRow
from onestop_center.security.children import ParentScopedRow


class DossierStep(LifecycleRow, ParentScopedRow, Document):
	"""A row is readable only with its parent record, and written only with it (by the lifecycle)."""


def on_doctype_update():
	from onestop_center.dossiers.deadline import add_index

	add_index("Dossier Step")
