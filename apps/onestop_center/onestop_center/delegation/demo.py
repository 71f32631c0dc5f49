"""Demo data: one delegation, the head of Sở Tư pháp's approvals to a specialist for a week next month.

Scheduled (it starts in 30 days), so that the demo's logins behave as described in the README until
then; enough for the Delegation list, its permissions and the print settings to show something.
Idempotent: nothing is done once the demo has a delegation.
"""

import frappe
from frappe.utils import add_days

from onestop_center.delegation import authority
from onestop_center.setup.roles import DEPARTMENT_HEAD

HEAD = "truongphong01@onestop.localhost"
DEPUTY = "chuyenvien01@onestop.localhost"


def load_delegation() -> str | None:
	"""Write and put in force the demo delegation (as its head); returns its name."""
	if frappe.db.count("Delegation") or not (frappe.db.exists("User", HEAD) and frappe.db.exists("User", DEPUTY)):
		return None
	from onestop_center.permissions import get_user_agencies

	agencies = set(get_user_agencies(HEAD)) & set(get_user_agencies(DEPUTY))
	if not agencies:
		return None
	start = add_days(authority.now(), 30).replace(hour=7, minute=30, second=0)
	current = frappe.session.user
	try:
		frappe.set_user(HEAD)
		doc = frappe.get_doc(
			{
				"doctype": "Delegation",
				"delegator": HEAD,
				"deputy": DEPUTY,
				"agency": sorted(agencies)[0],
				"role": DEPARTMENT_HEAD,
				"kind": authority.KT,
				"delegator_title": "Giám đốc",
				"deputy_title": "Phó Giám đốc",
				"valid_from": start,
				"valid_to": add_days(start, 7).replace(hour=17, minute=0),
				"reason": "Giám đốc đi công tác, học tập kinh nghiệm tại tỉnh bạn",
			}
		).insert()
		doc.submit()
	finally:
		frappe.set_user(current)
	return doc.name
