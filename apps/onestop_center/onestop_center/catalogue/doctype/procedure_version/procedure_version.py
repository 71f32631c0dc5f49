# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

from frappe.model.document import Document


class ProcedureVersion(Document):
	"""An earlier version of a procedure, kept whole (``content``) for the days it was in force."""
