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


def rule_name(agency: str) -> str:
	return f"{RULE_PREFIX}{agency}"


def ensure_assignment_rule(agency: str, users: list[str], rule: str = "Round Robin") -> str:
	"""Create or update the agency's Assignment Rule for dossiers; returns its name. Idempotent."""
	if not users:
		frappe.throw(_("Choose at least one specialist to assign dossiers to"), frappe.MandatoryError)
	name = rule_name(agency)
	from onestop_center.dossiers import state_kinds

	quoted = frappe.as_json(agency)
	# the states of the kinds, as the workflow names them when the rule is written
	in_progress = state_kinds.states_of(state_kinds.IN_PROGRESS)
	closed = state_kinds.states_of(*state_kinds.FINISHED_KINDS, *state_kinds.FINAL_KINDS)
	values = {
		"document_type": "Dossier",
		"priority": 1,
		"disabled": 0,
		"description": _("Dossier {0} to process").format("{{ name }}"),
		"assign_condition": f"status in {in_progress!r} and agency == {quoted}",
		"unassign_condition": f"agency != {quoted}",
		"close_condition": f"status in {tuple(closed)!r}",
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


# -- who may be assigned a dossier, and by whom (issue 11 item 10) ---------------------------------


class AssignmentNotPermitted(frappe.PermissionError):
	"""A dossier assigned to someone outside its agency, or by someone who may not assign it."""


def agency_officers(agency: str | None) -> list[dict]:
	"""Enabled department officers (specialists and heads) who act for ``agency``, by name."""
	from onestop_center.permissions import DEPARTMENT_ROLES, get_user_agencies

	if not agency:
		return []
	users = frappe.get_all(
		"Has Role",
		filters={"parenttype": "User", "role": ["in", sorted(DEPARTMENT_ROLES)]},
		pluck="parent",
		distinct=True,
	)
	enabled = frappe.get_all(
		"User", filters={"name": ["in", users or [""]], "enabled": 1}, fields=["name", "full_name"]
	)
	return sorted(
		({"user": row.name, "full_name": row.full_name or row.name} for row in enabled
			if agency in get_user_agencies(row.name)),
		key=lambda row: row["full_name"],
	)


def check_dossier_assignment(todo, method=None) -> None:
	"""``ToDo.validate``: a dossier is assigned only to an officer of the agency holding it, and by
	that agency's head (or the centre, an Assignment Rule, Administrator).

	Frappe's "Assign To" would otherwise share the dossier with any user it is assigned to — a
	way around the agency rule (frappe.desk.form.assign_to.add shares when the assignee may not
	read the document).
	"""
	from onestop_center.permissions import get_user_agencies, is_department_user
	from onestop_center.setup.roles import DEPARTMENT_HEAD

	if todo.reference_type != "Dossier" or not todo.reference_name or todo.status != "Open":
		return
	if not todo.is_new() and not todo.has_value_changed("allocated_to"):
		return
	agency = frappe.db.get_value("Dossier", todo.reference_name, "agency")
	label = frappe.db.get_value("Agency", agency, "agency_name") if agency else ""
	if not _centre_wide(todo.allocated_to) and todo.allocated_to not in {row["user"] for row in agency_officers(agency)}:
		frappe.throw(
			_("A dossier is assigned only to an officer of {0}, the agency holding it").format(
				label or _("the agency holding it")
			),
			AssignmentNotPermitted,
			title=_("Not permitted"),
		)
	assigner = frappe.session.user
	if todo.assignment_rule or assigner == "Administrator" or not is_department_user(assigner):
		return
	if DEPARTMENT_HEAD not in frappe.get_roles(assigner) or agency not in get_user_agencies(assigner):
		# the head's deputy while a Delegation is in force, recorded on behalf of the head
		from onestop_center.delegation.authority import covering, record_action

		delegation = covering(agency, DEPARTMENT_HEAD) if agency in get_user_agencies(assigner) else None
		if delegation:
			record_action(delegation, "Dossier", todo.reference_name, "Assign To")
			return
		frappe.throw(
			_("Only the head of {0} assigns its dossiers to its officers").format(label),
			AssignmentNotPermitted,
			title=_("Not permitted"),
		)


def _centre_wide(user: str | None) -> bool:
	"""The centre's own desk users read every dossier already: a task for them shares nothing.

	(Reception's call-the-citizen tasks, general affairs' follow-ups.) A department user, a website
	user or anyone without a centre role is held to the agency rule.
	"""
	from onestop_center.permissions import CENTRE_WIDE_ROLES

	if not user or user == "Guest":
		return False
	if user == "Administrator":
		return True
	is_desk = frappe.db.get_value("User", user, "user_type") == "System User"
	return is_desk and bool(set(frappe.get_roles(user)) & set(CENTRE_WIDE_ROLES))


@frappe.whitelist()
def officers_of_dossier(dossier: str | None = None) -> list[dict]:
	"""The officers a dossier may be assigned to (its agency's), for the head's assignment dialog."""
	from onestop_center import arguments
	from onestop_center.security.access import get_readable

	doc = get_readable("Dossier", arguments.name(dossier, "Dossier"))
	return agency_officers(doc.agency)


@frappe.whitelist(methods=["POST"])
def assign_specialist(dossier: str | None = None, user: str | None = None) -> list:
	"""The head assigns the dossier to an officer of the agency (a Frappe assignment, ToDo)."""
	from frappe.desk.form import assign_to

	from onestop_center import arguments
	from onestop_center.security.access import get_readable

	doc = get_readable("Dossier", arguments.name(dossier, "Dossier"))
	user = arguments.name(user, "User")
	from onestop_center.dossiers.state_kinds import department_states

	if doc.status not in department_states():
		frappe.throw(
			_("Only a dossier at a department can be assigned"), AssignmentNotPermitted, title=_("Not permitted")
		)
	# the ToDo's validation checks the assignee's agency and the assigner's role
	return assign_to.add({"assign_to": [user], "doctype": "Dossier", "name": doc.name}, ignore_permissions=True)
