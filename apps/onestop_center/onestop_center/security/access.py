"""One answer for a record that does not exist and one the user may not read.

The app's own whitelisted methods (lifecycle actions, clock, directives…) check read permission
*first* through :func:`get_readable`, so that a department user asking about another agency's
dossier learns nothing — not that it exists, nor its state — from the error.
"""

import frappe
from frappe import _


class NotFoundOrNotPermitted(frappe.DoesNotExistError, frappe.PermissionError):
	"""Missing, or not readable by the user: the caller cannot tell which (HTTP 404)."""


def get_readable(doctype: str, name, *, for_update: bool = False):
	"""The document if the user may read it; else the same error as for a missing record."""
	if isinstance(name, str) and name and frappe.db.exists(doctype, name):
		# loaded once and judged as loaded (a name would make has_permission load it again)
		doc = frappe.get_doc(doctype, name, for_update=for_update)
		if frappe.has_permission(doctype, "read", doc=doc):
			return doc
		frappe.clear_last_message()
	raise_not_found(doctype, name)


def raise_not_found(doctype: str, name) -> None:
	"""Frappe's own "<DocType> <name> not found" message, as :meth:`Document.load_from_db` words it."""
	frappe.throw(_("{0} {1} not found").format(_(doctype), name), NotFoundOrNotPermitted)
