"""The Workflow "Dossier Lifecycle" becomes the site's (issue 12).

Until now it was a forced fixture, re-imported at every migrate over the administrator's edits
(and over shared Workflow States such as "Draft"). This patch, run once on existing sites, only
completes what the site lacks: missing states and actions, the workflow if absent, the shipped
kinds mapping (``Lifecycle Kinds``), the OneStop Administrator's rights on the workflow records and
the Dossier's status options. The workflow as the site has it is kept as it is.
"""

import frappe


def execute():
	frappe.reload_doc("dossiers", "doctype", "lifecycle_state_kind")
	frappe.reload_doc("dossiers", "doctype", "lifecycle_action_kind")
	frappe.reload_doc("dossiers", "doctype", "lifecycle_kinds")
	from onestop_center.dossiers import lifecycle_workflow

	lifecycle_workflow.install()
