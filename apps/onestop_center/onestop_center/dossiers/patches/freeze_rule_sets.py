"""Dossiers received before the rule set was frozen on them get it now, and their form actors.

* ``rule_set``: the rule set in force on the reception day (OneStop Settings effective dates,
  :func:`onestop_center.dossiers.rule_set.rule_set_on`), so that changing the settings later no
  longer re-labels their forms.
* ``refused_by`` and ``supplement_requested_at``/``_by``: from the dossier's change history
  (the Version that moved ``status`` to Refused, Needs Completion or Supplement Requested, its
  author and time), so that the refusal and the completion request print with the officer who
  took the action rather than whoever reprints them.

Idempotent: only empty fields are filled.
"""

import json

import frappe

from onestop_center.dossiers.rule_set import rule_set_on

NOT_RECEIVED = ("Draft", "Needs Completion", "Pending Reception")
REQUEST_STATES = ("Needs Completion", "Supplement Requested")


def execute():
	frappe.reload_doc("dossiers", "doctype", "dossier")
	frappe.reload_doc("onestop_center", "doctype", "onestop_settings")
	freeze_rule_sets()
	fill_actors()


def freeze_rule_sets() -> int:
	"""``rule_set`` of every received dossier without one; returns how many were filled."""
	rows = frappe.get_all(
		"Dossier",
		filters={
			"rule_set": ["in", ("", None)],
			"status": ["not in", NOT_RECEIVED],
			"received_at": ["is", "set"],
		},
		fields=["name", "received_at"],
	)
	for row in rows:
		frappe.db.set_value(
			"Dossier", row.name, "rule_set", rule_set_on(row.received_at), update_modified=False
		)
	return len(rows)


def status_changes(dossier: str) -> list[tuple[str, str, object]]:
	"""(new status, author, time) of each status change in a dossier's Versions, oldest first."""
	changes = []
	for version in frappe.get_all(
		"Version",
		filters={"ref_doctype": "Dossier", "docname": dossier, "data": ["like", '%"status"%']},
		fields=["owner", "creation", "data"],
		order_by="creation asc",
	):
		try:
			data = json.loads(version.data or "{}")
		except ValueError:
			continue
		for fieldname, _old, new in data.get("changed") or []:
			if fieldname == "status":
				changes.append((new, version.owner, version.creation))
	return changes


def fill_actors() -> int:
	"""Refusal and completion-request actors of dossiers that lack them; returns how many were filled."""
	filled = 0
	for row in frappe.get_all(
		"Dossier",
		filters={"status": ["in", ("Refused", *REQUEST_STATES, "Received", "Transferred", "In Progress")]},
		or_filters={"refused_by": ["is", "not set"], "supplement_requested_by": ["is", "not set"]},
		fields=["name", "status", "refused_by", "supplement_requested_by"],
	):
		values = {}
		for new, author, moment in status_changes(row.name):
			if new == "Refused" and not row.refused_by:
				values["refused_by"] = author
			elif new in REQUEST_STATES and not row.supplement_requested_by:
				values.update(supplement_requested_by=author, supplement_requested_at=moment)
		if values:
			frappe.db.set_value("Dossier", row.name, values, update_modified=False)
			filled += 1
	return filled
