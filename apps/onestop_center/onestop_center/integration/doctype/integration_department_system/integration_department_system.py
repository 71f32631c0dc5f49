# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

from frappe.model.document import Document


class IntegrationDepartmentSystem(Document):
	pass
