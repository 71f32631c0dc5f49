"""Agency-scoped records besides dossiers: transfer batches, secondments (and the shared helper).

Department users (see :func:`onestop_center.permissions.restricted_agencies`) see the Transfer
Batches handed to their agencies and the Secondments of their agencies' officers. Frappe's user
permissions on Agency happen to filter both today; these hooks state the rule explicitly so that it
holds whatever the user permissions apply to.
"""

import frappe

from onestop_center.permissions import agency_query_conditions, restricted_agencies


def stored_value(doc, fieldname: str):
	"""The stored value of ``fieldname`` for a saved record; the in-memory one for a new record.

	Permission hooks may receive a document built from the client's JSON (``client.save``,
	``savedocs``), so a saved record is judged on what the database holds.
	"""
	if doc.name and not doc.get("__islocal") and frappe.db.exists(doc.doctype, doc.name):
		return frappe.db.get_value(doc.doctype, doc.name, fieldname)
	return doc.get(fieldname)


def agency_has_permission(doc, user: str | None = None, field: str = "agency") -> bool | None:
	"""None (defer to roles) if the record's stored agency is one of a department user's; else False."""
	agencies = restricted_agencies(user)
	if agencies is None:
		return None
	return None if stored_value(doc, field) in agencies else False


def transfer_batch_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	return agency_query_conditions("Transfer Batch", user)


def transfer_batch_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	return agency_has_permission(doc, user)


def secondment_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	return agency_query_conditions("Secondment", user, field="home_agency")


def secondment_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	if agency_has_permission(doc, user, field="home_agency") is False:
		return False
	# a new or changed secondment must also name one of the user's agencies
	agencies = restricted_agencies(user)
	if agencies is not None and doc.get("home_agency") and doc.get("home_agency") not in agencies:
		return False
	return None
