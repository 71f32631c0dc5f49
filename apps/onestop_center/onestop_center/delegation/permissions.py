"""Row-level permissions on Delegation and Delegated Action: scoped by agency like the others.

Department users (:func:`onestop_center.permissions.restricted_agencies`) see the delegations and
delegated actions of their own agencies only; centre roles are not restricted. A delegation is
written (created, changed, submitted, cancelled) only by its head or an administrator: another
head, or the deputy, reads it at most. A saved record is judged on what the database holds.
"""

import frappe

from onestop_center.permissions import agency_query_conditions, restricted_agencies
from onestop_center.security.records import agency_has_permission, stored_value

READ_PTYPES = frozenset({"read", "select", "print", "email", "report", "export"})


def delegation_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	return agency_query_conditions("Delegation", user)


def delegation_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	from onestop_center.delegation.doctype.delegation.delegation import is_administrator

	user = user or frappe.session.user
	if agency_has_permission(doc, user) is False:
		return False
	ptype = ptype or "read"
	if ptype in READ_PTYPES or is_administrator(user):
		return None
	# a head writes their own delegation only, naming one of their agencies
	if stored_value(doc, "delegator") != user or (doc.get("delegator") and doc.get("delegator") != user):
		return False
	agencies = restricted_agencies(user)
	if agencies is not None and doc.get("agency") and doc.get("agency") not in agencies:
		return False
	return None


def delegated_action_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	return agency_query_conditions("Delegated Action", user)


def delegated_action_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	return agency_has_permission(doc, user)
