"""The form's "Connections" (``frappe.desk.form.linked_with.get``) only for a record one may read.

Frappe's original calls ``frappe.has_permission(doctype, doc=docname)`` and ignores the answer, so
anyone could ask which records link to, say, an applicant of the registry they have no permission
on (found by the permission matrix, ``tests/e2e/test_permission_matrix.py``).
"""

import frappe
from frappe.desk.form import linked_with

from onestop_center import arguments


@frappe.whitelist()
def get_linked(doctype: str, docname: str) -> dict:
	"""Frappe's connections of ``docname``, after the read check its original skips."""
	doctype = arguments.doctype(doctype)
	docname = arguments.name(docname, "Document")
	frappe.has_permission(doctype, "read", doc=docname, throw=True)
	return linked_with.get(doctype, docname)
