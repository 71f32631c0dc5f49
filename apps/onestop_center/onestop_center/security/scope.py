"""Protected DocTypes and their row rules, as SQL and per record.

A DocType is *protected* when the app restricts its rows (a ``permission_query_conditions`` hook
of this app): Dossier, Apology Letter, Transfer Batch, Secondment… — or when it holds the citizens'
personal data (the Applicant registry, closed by role). Its child tables, the files attached to it
and Frappe records referring to it must follow the same rule; the modules of this package use the
helpers below for that.
"""

from contextlib import contextmanager

import frappe

APP = "onestop_center"
# Registries of personal data, protected whatever their row rules (ID card scans are attached there)
PERSONAL_DATA_DOCTYPES = ("Applicant",)


def protected_doctypes() -> list[str]:
	"""Parent DocTypes whose rows this app restricts (a query-conditions hook of the app) and the
	registries of personal data.

	Computed once per request (or test process): it is read by every list query (the ``"*"`` hook).
	"""
	cached = getattr(frappe.local, "onestop_protected_doctypes", None)
	if cached is None:
		hooks = frappe.get_hooks("permission_query_conditions", app_name=APP) or {}
		candidates = {doctype for doctype in hooks if doctype != "*"} | set(PERSONAL_DATA_DOCTYPES)
		cached = sorted(
			doctype
			for doctype in candidates
			if is_app_doctype(doctype) and not frappe.get_meta(doctype).istable
		)
		frappe.local.onestop_protected_doctypes = cached
	return cached


def is_protected(doctype: str | None) -> bool:
	return bool(doctype) and doctype in protected_doctypes()


def protected_parents_of(child_doctype: str) -> list[str]:
	"""The protected DocTypes having a table of ``child_doctype``."""
	if not child_doctype or not frappe.is_table(child_doctype):
		return []
	return [
		parent
		for parent in protected_doctypes()
		if any(df.options == child_doctype for df in frappe.get_meta(parent).get_table_fields())
	]


def is_protected_child(doctype: str | None) -> bool:
	return bool(doctype) and bool(protected_parents_of(doctype))


def row_condition(doctype: str, user: str | None = None) -> str:
	"""The app's SQL condition on ``tab<doctype>`` for ``user`` ("" when the user is unrestricted)."""
	hooks = frappe.get_hooks("permission_query_conditions", app_name=APP) or {}
	conditions = []
	for method in hooks.get(doctype, []):
		if condition := frappe.call(frappe.get_attr(method), user or frappe.session.user, doctype=doctype):
			conditions.append(f"({condition})")
	return " and ".join(conditions)


def readable_names_sql(doctype: str, user: str | None = None) -> str:
	"""A sub-select of the names of ``doctype`` the user may read ("" when unrestricted)."""
	condition = row_condition(doctype, user)
	if not condition:
		return ""
	return f"select `tab{doctype}`.`name` from `tab{doctype}` where {condition}"


def can_access(doctype: str, name: str | None, ptype: str = "read", user: str | None = None) -> bool:
	"""Whether the user may ``ptype`` the stored record ``doctype``/``name``.

	A record not saved yet (e.g. ``new-dossier-1``) is judged at DocType level, as Frappe does for
	attachments of unsaved forms.
	"""
	user = user or frappe.session.user
	with quiet_permission_log():
		if not name or not frappe.db.exists(doctype, name):
			return frappe.has_permission(doctype, ptype, user=user)
		return frappe.has_permission(doctype, ptype, doc=name, user=user)


@contextmanager
def quiet_permission_log():
	"""Nested permission checks add no reasons to the message of the check around them.

	Frappe collects the reasons of a denial in ``flags.has_permission_check_logs`` and shows them
	to the user; a nested check on the record a file or row belongs to would name that record.
	"""
	logs = frappe.flags.get("has_permission_check_logs")
	frappe.flags.has_permission_check_logs = None
	messages = getattr(frappe.local, "message_log", None)
	shown = len(messages) if messages is not None else 0
	try:
		yield
	finally:
		frappe.flags.has_permission_check_logs = logs
		if messages is not None:
			# a nested check made with raise_exception shows its reasons itself (msgprint)
			del messages[shown:]


def is_app_doctype(doctype: str) -> bool:
	"""Whether ``doctype`` belongs to this app (its module is one of the app's)."""
	module = frappe.db.get_value("DocType", doctype, "module", cache=True)
	return bool(module) and frappe.db.get_value("Module Def", module, "app_name", cache=True) == APP
