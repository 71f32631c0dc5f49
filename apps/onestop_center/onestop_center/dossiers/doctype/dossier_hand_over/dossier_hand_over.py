# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

from frappe.model.document import Document

from onestop_center.dossiers.field_policy import LifecycleRow
from onestop_center.security.children import ParentScopedRow


class DossierHandover(LifecycleRow, ParentScopedRow, Document):
	"""A row is readable only with its parent record, and written only with it (by the lifecycle)."""
