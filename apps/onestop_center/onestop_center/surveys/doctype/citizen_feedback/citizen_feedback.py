# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

from frappe.model.document import Document

from onestop_center.surveys import feedback


class CitizenFeedback(Document):
	def validate(self):
		feedback.on_validate(self)
