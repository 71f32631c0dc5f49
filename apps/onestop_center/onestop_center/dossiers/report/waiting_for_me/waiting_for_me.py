# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Chờ tôi xử lý — a department officer's worklist (issue 11 item 10).

The dossiers held by the officer's agency (Transferred: to accept; In Progress: to process) whose
current step is for a role the officer may act in (a head also for a specialist's step), assigned
to the officer or not yet to anyone, the soonest due first (the step's due moment, else the
dossier's). Read through ``frappe.get_list``, so the agency rules apply as everywhere.
"""

import frappe
from frappe import _
from frappe.utils import cint, get_datetime

from onestop_center.dossiers import lifecycle

def worklist_states() -> list[str]:
	"""Waiting for a department's work: states of kind Transferred or In Progress (a review the
	administrator added to the workflow too)."""
	from onestop_center.dossiers import state_kinds

	return state_kinds.states_of(state_kinds.TRANSFERRED, state_kinds.IN_PROGRESS)

FAR_FUTURE = get_datetime("9999-12-31 00:00:00")


def execute(filters=None):
	return columns(), rows(frappe.session.user)


def columns():
	return [
		{"fieldname": "name", "label": _("Dossier"), "fieldtype": "Link", "options": "Dossier", "width": 200},
		{"fieldname": "procedure_name", "label": _("Procedure Name"), "fieldtype": "Data", "width": 240},
		{"fieldname": "applicant_name", "label": _("Applicant Name"), "fieldtype": "Data", "width": 170},
		{"fieldname": "status", "label": _("Status"), "fieldtype": "Data", "width": 110},
		{"fieldname": "step_name", "label": _("Step"), "fieldtype": "Data", "width": 150},
		{"fieldname": "step_due_at", "label": _("Step Due At"), "fieldtype": "Datetime", "width": 150},
		{"fieldname": "due_at", "label": _("Due At"), "fieldtype": "Datetime", "width": 150},
		{"fieldname": "timeliness", "label": _("Timeliness"), "fieldtype": "Data", "width": 110},
		{"fieldname": "assigned_to", "label": _("Assigned To"), "fieldtype": "Data", "width": 160},
	]


def rows(user: str) -> list[dict]:
	"""The user's worklist, soonest due first."""
	from onestop_center.permissions import get_user_agencies

	agencies = get_user_agencies(user)
	if not agencies:
		return []
	dossiers = frappe.get_list(
		"Dossier",
		filters={"status": ["in", worklist_states()], "agency": ["in", agencies]},
		fields=["name", "procedure_name", "applicant_name", "status", "current_step", "due_at", "timeliness"],
		limit_page_length=1000,
	)
	if not dossiers:
		return []
	names = [d.name for d in dossiers]
	steps = {
		(row.parent, cint(row.step_order)): row
		for row in frappe.get_all(
			"Dossier Step",
			filters={"parenttype": "Dossier", "parent": ["in", names]},
			fields=["parent", "step_order", "step_name", "role", "due_at", "mode"],
			order_by="idx asc",
		)
		if row.mode != lifecycle.PARALLEL
	}
	assignees = {}
	for todo in frappe.get_all(
		"ToDo",
		filters={"reference_type": "Dossier", "reference_name": ["in", names], "status": "Open"},
		fields=["reference_name", "allocated_to"],
	):
		assignees.setdefault(todo.reference_name, []).append(todo.allocated_to)
	roles = set(frappe.get_roles(user))
	out = []
	for dossier in dossiers:
		step = steps.get((dossier.name, cint(dossier.current_step)))
		role = step.role if step else None
		if role and not lifecycle.STEP_ROLE_HOLDERS.get(role, frozenset({role})) & roles:
			continue
		assigned = assignees.get(dossier.name, [])
		if assigned and user not in assigned:
			continue
		out.append(
			{
				**dossier,
				"status": _(dossier.status),
				"timeliness": _(dossier.timeliness) if dossier.timeliness else "",
				"step_name": step.step_name if step else "",
				"step_due_at": step.due_at if step else None,
				"assigned_to": ", ".join(frappe.utils.get_fullname(u) for u in assigned),
			}
		)
	out.sort(key=lambda row: (get_datetime(row["step_due_at"] or row["due_at"] or FAR_FUTURE), row["name"]))
	return out
