"""Survey responses rated in stars (before the three-level survey) get their overall level."""

import frappe


def execute():
	if not frappe.db.has_column("Survey Response", "overall_satisfaction"):
		return
	frappe.db.sql(
		"""update `tabSurvey Response` set satisfaction = case
			when overall_satisfaction >= 0.99 then 'Very Satisfied'
			when overall_satisfaction >= 0.59 then 'Satisfied'
			else 'Dissatisfied' end
		where ifnull(satisfaction, '') = '' and overall_satisfaction > 0"""
	)
