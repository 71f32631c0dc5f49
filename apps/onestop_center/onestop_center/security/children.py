"""Child-table rows of protected records are readable only with their parent.

Frappe checks a child DocType against the parent's *role* permissions only: the parent's query
conditions and ``has_permission`` hook never run for ``frappe.client.get_list``/``get``/``get_value``,
``/api/resource/<Child>`` or the report view (hardening notes §2). Two pieces close that:

* :func:`child_query_conditions`, the ``"*"`` query hook: rows of a protected parent are listed only
  if the parent passes the parent's own SQL condition (any child table, also ones added later);
* :class:`ParentScopedRow`, mixed into each child controller: a row loaded alone (``parent_doc``
  unset, so Frappe checks ``doc=None``) asks the parent record's permission.
"""

import frappe
from frappe.model.base_document import BaseDocument

from onestop_center.security.scope import can_access, protected_parents_of, readable_names_sql


def child_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""SQL keeping a child DocType's rows to parents the user may read ("" for other DocTypes)."""
	parents = protected_parents_of(doctype)
	if not parents:
		return ""
	table = f"`tab{doctype}`"
	clauses, restricted = [], False
	for parent in parents:
		names = readable_names_sql(parent, user)
		restricted = restricted or bool(names)
		clause = f"{table}.`parenttype` = {frappe.db.escape(parent)}"
		clauses.append(f"({clause} and {table}.`parent` in ({names}))" if names else f"({clause})")
	if not restricted:
		return ""
	return "(" + " or ".join(clauses) + ")"


class ParentScopedRow:
	"""Mixin for child controllers: a row's permission is its parent record's permission.

	Two paths reach a row loaded alone: its own ``has_permission`` (``client.get``, ``getdoc``,
	REST) and ``frappe.has_permission(row)`` (print view, PDF), which asks the parent through
	``row.parent_doc``. Both end at the parent's rule.
	"""

	@property
	def parent_doc(self):
		parent = BaseDocument.parent_doc.fget(self)
		if parent is None and self.parenttype and self.parent and not self.get("__islocal"):
			# a row loaded alone: its parent as stored (Frappe would check the parent DocType only)
			if frappe.db.exists(self.parenttype, self.parent):
				parent = frappe.get_doc(self.parenttype, self.parent)
				BaseDocument.parent_doc.fset(self, parent)
		return parent

	@parent_doc.setter
	def parent_doc(self, value):
		BaseDocument.parent_doc.fset(self, value)

	@parent_doc.deleter
	def parent_doc(self):
		BaseDocument.parent_doc.fdel(self)

	def has_permission(self, permtype="read", *, debug=False, user=None) -> bool:
		if self.flags.ignore_permissions:
			return True
		if BaseDocument.parent_doc.fget(self) is None and self.parenttype and self.parent:
			# a row loaded alone: ask the stored parent first, quietly (Frappe's denial message
			# would name the parent record)
			if not can_access(self.parenttype, self.parent, permtype, user):
				return False
		return super().has_permission(permtype, debug=debug, user=user)
