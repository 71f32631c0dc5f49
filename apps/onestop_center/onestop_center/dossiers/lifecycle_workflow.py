"""The Workflow "Dossier Lifecycle": shipped once, then the administrator's.

The app ships the workflow, its states and its actions (``dossiers/workflow_source/*.json``) and
creates them **once**: at install (:func:`install`, from ``after_install``) and on a site that had
them as forced fixtures by the patch ``dossiers.patches.workflow_owned_by_site``. From then on they
are the site's: the OneStop Administrator opens and edits them in the desk (:func:`grant_administrator`:
read, write and create on Workflow, Workflow State and Workflow Action Master), and ``migrate``
never rewrites them (they are no longer fixtures, which Frappe deletes and re-imports at every
migrate). Workflow States owned by Frappe or other apps ("Draft", "Approved"…) are never
overwritten: only missing states and actions are created.

A later change of the shipped workflow is a new patch that changes only what it means to (add one
transition, one state…), never a re-import of the whole. What the lifecycle does in a state or on
an action follows the state's and action's *kind* (``dossiers/state_kinds.py``), so an
administrator's renamed or added states keep their behaviour.

The Dossier's ``status`` field is a Select: a state the administrator adds to the workflow is
added to its options (a Property Setter, the desk's own customisation) when the workflow is saved
(:func:`on_workflow_update`).
"""

import json
from pathlib import Path

import frappe
from frappe import _

from onestop_center.dossiers import state_kinds
from onestop_center.setup.roles import ONESTOP_ADMINISTRATOR

WORKFLOW = "Dossier Lifecycle"
SOURCE = Path(__file__).parent / "workflow_source"
# what the administrator may do with the workflow records in the desk
ADMIN_DOCTYPES = ("Workflow", "Workflow State", "Workflow Action Master")
ADMIN_RIGHTS = ("read", "write", "create", "report", "print")


def source(name: str) -> list[dict]:
	"""The shipped records of ``workflow``, ``workflow_state`` or ``workflow_action_master``."""
	return json.loads((SOURCE / f"{name}.json").read_text(encoding="utf-8"))


def install() -> None:
	"""Create what is missing of the shipped workflow; never change what exists. Idempotent."""
	create_missing_states()
	create_missing_actions()
	if not frappe.db.exists("Workflow", WORKFLOW):
		doc = frappe.get_doc(_clean(source("workflow")[0]))
		doc.flags.ignore_permissions = True
		doc.insert()
	state_kinds.ensure_default_mapping()
	grant_administrator()
	sync_status_options()


def _clean(record: dict) -> dict:
	record = {k: v for k, v in record.items() if k not in ("modified", "creation", "owner", "modified_by")}
	for table in ("states", "transitions"):
		record[table] = [
			{
				k: v
				for k, v in row.items()
				if k not in ("name", "parent", "parenttype", "parentfield", "modified", "creation")
			}
			for row in record.get(table) or []
		]
	return record


def create_missing_states() -> None:
	"""The shipped Workflow States that the site lacks (a state of Frappe's, such as Draft, is left as it is)."""
	for row in source("workflow_state"):
		if not frappe.db.exists("Workflow State", row["name"]):
			frappe.get_doc(
				{
					"doctype": "Workflow State",
					"workflow_state_name": row["name"],
					"style": row.get("style") or "",
				}
			).insert(ignore_permissions=True)


def create_missing_actions() -> None:
	"""The shipped Workflow Action Masters that the site lacks."""
	for row in source("workflow_action_master"):
		if not frappe.db.exists("Workflow Action Master", row["name"]):
			frappe.get_doc({"doctype": "Workflow Action Master", "workflow_action_name": row["name"]}).insert(
				ignore_permissions=True
			)


def grant_administrator() -> None:
	"""The OneStop Administrator reads and edits the workflow records in the desk (Custom DocPerm,
	added once: Frappe's own rules for the other roles are kept)."""
	from frappe.permissions import add_permission, update_permission_property

	for doctype in ADMIN_DOCTYPES:
		if frappe.db.exists("Custom DocPerm", {"parent": doctype, "role": ONESTOP_ADMINISTRATOR}):
			continue
		add_permission(doctype, ONESTOP_ADMINISTRATOR, 0)
		for ptype in ADMIN_RIGHTS:
			update_permission_property(doctype, ONESTOP_ADMINISTRATOR, 0, ptype, 1)


def workflow_states(workflow: str = WORKFLOW) -> list[str]:
	"""The states of the workflow, in its order, each once."""
	doc = frappe.get_cached_doc("Workflow", workflow) if frappe.db.exists("Workflow", workflow) else None
	return list(dict.fromkeys(row.state for row in doc.states)) if doc else []


def sync_status_options(workflow=None) -> None:
	"""Dossier.status offers the shipped states and every state of the workflow (Property Setter)."""
	from frappe.custom.doctype.property_setter.property_setter import (
		delete_property_setter,
		make_property_setter,
	)

	states = list(dict.fromkeys(row.state for row in workflow.states)) if workflow else workflow_states()
	shipped = _standard_status_options()
	extra = [state for state in states if state not in shipped]
	existing = frappe.db.get_value(
		"Property Setter", {"doc_type": "Dossier", "field_name": "status", "property": "options"}, "value"
	)
	if not extra:
		if existing is not None:
			delete_property_setter("Dossier", "options", "status")
			frappe.clear_cache(doctype="Dossier")
		return
	value = "\n".join(shipped + extra)
	if existing != value:
		make_property_setter("Dossier", "status", "options", value, "Text", validate_fields_for_doctype=False)
		frappe.clear_cache(doctype="Dossier")


def _standard_status_options() -> list[str]:
	path = Path(__file__).parent / "doctype" / "dossier" / "dossier.json"
	fields = json.loads(path.read_text(encoding="utf-8"))["fields"]
	field = next(f for f in fields if f["fieldname"] == "status")
	return [option for option in field["options"].split("\n") if option]


# -- for patches: one change at a time, never a re-import ---------------------------------------------


def ensure_transition(
	state: str,
	action: str,
	next_state: str,
	allowed: str,
	condition: str | None = None,
	kind: str | None = None,
) -> bool:
	"""Add one transition to the site's workflow unless it already has it (same state, action, next
	state and role); the action is created if missing and given ``kind`` if it has none. Nothing
	else of the workflow changes. Returns whether the transition was added. For versioned patches
	that change the shipped workflow."""
	if not frappe.db.exists("Workflow Action Master", action):
		frappe.get_doc({"doctype": "Workflow Action Master", "workflow_action_name": action}).insert(
			ignore_permissions=True
		)
	if kind:
		ensure_kind("actions", action, kind)
	workflow = frappe.get_doc("Workflow", WORKFLOW)
	for row in workflow.transitions:
		if (row.state, row.action, row.next_state, row.allowed) == (state, action, next_state, allowed):
			return False
	workflow.append(
		"transitions",
		{
			"state": state,
			"action": action,
			"next_state": next_state,
			"allowed": allowed,
			"allow_self_approval": 1,
			"condition": condition,
		},
	)
	workflow.save(ignore_permissions=True)
	return True


def ensure_kind(table: str, name: str, kind: str) -> bool:
	"""Give a state (``table="states"``) or an action (``"actions"``) a kind in Lifecycle Kinds unless
	it has one already (an administrator's choice is kept). Returns whether a row was added."""
	doc = frappe.get_single(state_kinds.SETTINGS)
	field = "state" if table == "states" else "action"
	if any(row.get(field) == name for row in doc.get(table)):
		return False
	doc.append(table, {field: name, "kind": kind})
	doc.flags.ignore_permissions = True
	doc.save()
	return True


def on_workflow_update(doc, method=None) -> None:
	"""``doc_events["Workflow"]["on_update"]``: a state added to the dossier's workflow becomes a
	status the Dossier accepts."""
	if doc.document_type == "Dossier":
		sync_status_options(doc)
		without_kind = [
			s for s in dict.fromkeys(row.state for row in doc.states) if not state_kinds.kind_of(s)
		]
		if without_kind:
			frappe.msgprint(
				_(
					"Give these states a kind in Lifecycle Kinds, or the lifecycle treats them as plain open states: {0}"
				).format(", ".join(without_kind)),
				alert=True,
			)
