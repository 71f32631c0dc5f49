# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

from frappe.model.document import Document

from onestop_center.security.children import ParentScopedRow


class SurveyAnswer(ParentScopedRow, Document):
	pass
