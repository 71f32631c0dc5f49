"""Live list updates of protected DocTypes only for users who may see every record.

Frappe sends ``list_update`` (the record's name and who changed it) for every saved record to the
DocType's socket.io room, which any user with role read on the DocType may join
(``frappe.realtime.can_subscribe_doctype``): a department user would learn, live, the code of every
dossier of every agency being worked on. Users whose rows are restricted are not let in; their
lists refresh when they load (the room of a single document stays permission-checked by Frappe).
"""

import frappe
from frappe.realtime import can_subscribe_doctype as frappe_can_subscribe_doctype

from onestop_center.security.scope import is_protected, row_condition


@frappe.whitelist(allow_guest=True)
def can_subscribe_doctype(doctype: str) -> bool:
	if isinstance(doctype, str) and is_protected(doctype) and row_condition(doctype):
		raise frappe.PermissionError
	return frappe_can_subscribe_doctype(doctype)
