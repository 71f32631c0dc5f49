# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

from frappe.model.document import Document

from onestop_center.security.children import ParentScopedRow


class FeeReceiptItem(ParentScopedRow, Document):
	"""A row is readable (and writable) only with its parent record."""
