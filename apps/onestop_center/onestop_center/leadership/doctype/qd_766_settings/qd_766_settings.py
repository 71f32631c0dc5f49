# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Targets, points and formulas of the internal QĐ 766 indicators (defaults: leadership/indicators.py)."""

from frappe.model.document import Document


class QD766Settings(Document):
	def onload(self):
		from onestop_center.leadership.indicators import fill_defaults

		fill_defaults(self)

	def validate(self):
		from onestop_center.leadership.indicators import fill_defaults

		fill_defaults(self)
