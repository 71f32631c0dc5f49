# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""A closed reporting period: the centre-wide figures of the periodic report as they were sent.

Submitting stores the table (:mod:`onestop_center.leadership.closing`); the periodic report then
shows these figures for that period and the changes made since as a difference. Cancelling and
amending is the way to re-close a period (both audited by Frappe).
"""

from frappe.model.document import Document

from onestop_center.leadership import closing


class StatisticsPeriodClosing(Document):
	def validate(self):
		closing.validate(self)

	def before_submit(self):
		closing.store_figures(self)
