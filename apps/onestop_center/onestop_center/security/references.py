"""Frappe records that point at a protected record follow that record's rule.

Workflow Actions are listed to every desk user whose role may act (Frappe's own condition), with
the dossier's name and state; Document Follow would mail a dossier's changes. Comments, Versions,
Activity Logs and Communications are readable only by System Managers or their owners in this app,
and the form's timeline (``getdoc``/``get_docinfo``) is read-checked on the dossier itself.
"""

import frappe

from onestop_center.security.scope import can_access, is_protected, protected_doctypes, readable_names_sql


def reference_condition(doctype: str, user: str | None, dt_field: str, name_field: str) -> str:
	"""SQL keeping rows whose (``dt_field``, ``name_field``) names a readable record or no protected one."""
	table = f"`tab{doctype}`"
	clauses = []
	for parent in protected_doctypes():
		names = readable_names_sql(parent, user)
		if names:
			clauses.append(
				f"(ifnull({table}.`{dt_field}`, '') != {frappe.db.escape(parent)}"
				f" or {table}.`{name_field}` in ({names}))"
			)
	return " and ".join(clauses)


def workflow_action_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	return reference_condition("Workflow Action", user, "reference_doctype", "reference_name")


def workflow_action_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	return reference_has_permission(doc.get("reference_doctype"), doc.get("reference_name"), user)


def document_follow_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	return reference_condition("Document Follow", user, "ref_doctype", "ref_docname")


def document_follow_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	return reference_has_permission(doc.get("ref_doctype"), doc.get("ref_docname"), user)


def reference_has_permission(doctype: str | None, name: str | None, user: str | None) -> bool | None:
	if is_protected(doctype) and name and not can_access(doctype, name, "read", user):
		return False
	return None
