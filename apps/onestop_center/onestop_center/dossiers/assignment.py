"""Assigning a specialist to a dossier when its department accepts it (Frappe Assignment Rules).

One Assignment Rule per agency, made by :func:`ensure_assignment_rule`: a dossier that agency
accepts (status In Progress, ``agency`` = the agency) is assigned to one of the agency's
specialists in turn (Round Robin) or to the least loaded one (Load Balancing); the assignment is
cleared when the dossier moves on to another agency and closed when the dossier leaves processing.
Department Heads can also assign by hand with Frappe's "Assign To" (sidebar of the form).
"""

import frappe
from frappe import _

RULE_PREFIX = "Dossier - "
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
CLOSED_STATES = ("Result Ready", "Result at Centre", "Returned", "Refused", "Stopped")


def rule_name(agency: str) -> str:
	return f"{RULE_PREFIX}{agency}"


def ensure_assignment_rule(agency: str, users: list[str], rule: str = "Round Robin") -> str:
	"""Create or update the agency's Assignment Rule for dossiers; returns its name. Idempotent."""
	if not users:
		frappe.throw(_("Choose at least one specialist to assign dossiers to"), frappe.MandatoryError)
	name = rule_name(agency)
	quoted = frappe.as_json(agency)
	values = {
		"document_type": "Dossier",
		"priority": 1,
		"disabled": 0,
		"description": _("Dossier {0} to process").format("{{ name }}"),
		"assign_condition": f'status == "In Progress" and agency == {quoted}',
		"unassign_condition": f"agency != {quoted}",
		"close_condition": f"status in {CLOSED_STATES!r}",
		"rule": rule,
	}
	exists = frappe.db.exists("Assignment Rule", name)
	if exists:
		doc = frappe.get_doc("Assignment Rule", name)
		doc.update(values)
	else:
		doc = frappe.get_doc({"doctype": "Assignment Rule", "name": name, **values})
		doc.set("assignment_days", [{"day": day} for day in WEEKDAYS])
	doc.set("users", [{"user": user} for user in dict.fromkeys(users)])
	doc.flags.ignore_permissions = True
	if exists:
		doc.save()
	else:
		doc.insert()
	return doc.name
