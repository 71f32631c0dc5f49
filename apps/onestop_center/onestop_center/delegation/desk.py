"""The desk's workflow buttons for a deputy: the head's actions they may take now, under a delegation.

Frappe's form asks ``frappe.model.workflow.get_transitions`` for the buttons and shows those whose
role the user holds (``frappe.user_roles``). A deputy does not hold the head's role, so this
replacement (``override_whitelisted_methods`` in hooks.py) adds, for a dossier, the transitions a
Delegation in force gives them at this moment (:func:`onestop_center.delegation.authority.delegation_needed`),
shown under the deputy's own role and marked with the delegation. What the button does is decided
again, at the action, by the lifecycle (``lifecycle.apply``): this only shows it.
"""

import json

import frappe
from frappe import _
from frappe.model.workflow import get_transitions as workflow_transitions
from frappe.model.workflow import get_workflow_name

from onestop_center import arguments
from onestop_center.delegation import authority
from onestop_center.security.access import get_readable

DELEGATED_DOCTYPES = frozenset({"Dossier"})


@frappe.whitelist()
def get_transitions(doc: str | dict | None = None, raise_exception: bool = False) -> list[dict]:
	"""Frappe's transitions of a saved document for the user, with a deputy's delegated ones."""
	values = _document(doc)
	doctype = arguments.doctype(values.get("doctype"))
	name = values.get("name")
	if values.get("__islocal") or not isinstance(name, str) or not name or not get_workflow_name(doctype):
		return []
	document = get_readable(doctype, arguments.name(name, "Document"))
	transitions = workflow_transitions(document, raise_exception=bool(raise_exception))
	if doctype in DELEGATED_DOCTYPES:
		transitions += delegated_transitions(document, transitions)
	return transitions


def _document(doc) -> dict:
	"""The form's document (JSON, as large as a dossier gets): only its doctype and name are used."""
	if isinstance(doc, str):
		try:
			doc = json.loads(doc)
		except ValueError:
			doc = None
	if not isinstance(doc, dict):
		frappe.throw(
			_("{0} must be a JSON object").format(_("Document")),
			arguments.InvalidArgumentError,
			title=_("Invalid value"),
		)
	return doc


def delegated_transitions(document, shown: list[dict]) -> list[dict]:
	"""The transitions a delegation in force adds for the user (none for most users: one query)."""
	if not authority.in_force():
		return []
	own = frappe.get_roles()
	seen = {(row["action"], row["next_state"]) for row in shown}
	workflow = frappe.get_cached_doc("Workflow", get_workflow_name(document.doctype))
	state = document.get(workflow.workflow_state_field)
	actions = sorted({t.action for t in workflow.transitions if t.state == state})
	added = []
	for action in actions:
		delegation = authority.delegation_needed(document.name, action)
		if not delegation:
			continue
		with authority.acting_as(delegation):
			rows = workflow_transitions(document)
		for row in rows:
			if row["action"] != action or (row["action"], row["next_state"]) in seen:
				continue
			# shown under a role the deputy holds (the desk filters buttons by the user's roles)
			row["allowed"] = next((role for role in own if role in authority_roles()), row["allowed"])
			row["delegation"] = delegation.name
			seen.add((row["action"], row["next_state"]))
			added.append(row)
	return added


def authority_roles() -> frozenset:
	from onestop_center.permissions import DEPARTMENT_ROLES

	return DEPARTMENT_ROLES | frozenset(authority.HEAD_ROLES)
