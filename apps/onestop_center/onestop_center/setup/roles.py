"""The app's roles, created and kept current idempotently (Role is not synced from module folders)."""

import frappe

# Desk roles of the centre and of the departments (see docs: product spec §2).
RECEPTION_OFFICER = "Reception Officer"
GENERAL_AFFAIRS_OFFICER = "General Affairs Officer"
DEPARTMENT_SPECIALIST = "Department Specialist"
DEPARTMENT_HEAD = "Department Head"
CENTRE_LEADER = "Centre Leader"
ONESTOP_ADMINISTRATOR = "OneStop Administrator"
# Website (portal) role of citizens and companies: no desk.
CITIZEN = "Citizen"
# The account of a department's own system calling the exchange API (integration/exchange.py)
# with an API key; it also holds the department roles of the steps it reports.
DEPARTMENT_SYSTEM = "Department System"

DESK_ROLES = (
	RECEPTION_OFFICER,
	GENERAL_AFFAIRS_OFFICER,
	DEPARTMENT_SPECIALIST,
	DEPARTMENT_HEAD,
	CENTRE_LEADER,
	ONESTOP_ADMINISTRATOR,
)
WEBSITE_ROLES = (CITIZEN,)
SYSTEM_ROLES = (DEPARTMENT_SYSTEM,)


def sync_roles():
	"""Create the app's roles if missing and enforce their desk access. Safe to run repeatedly."""
	for role_name in DESK_ROLES:
		_ensure_role(role_name, desk_access=1)
	for role_name in WEBSITE_ROLES:
		_ensure_role(role_name, desk_access=0)
	for role_name in SYSTEM_ROLES:
		_ensure_role(role_name, desk_access=0)


def _ensure_role(role_name: str, desk_access: int):
	if not frappe.db.exists("Role", role_name):
		frappe.get_doc(
			{"doctype": "Role", "role_name": role_name, "desk_access": desk_access, "disabled": 0}
		).insert(ignore_permissions=True)
	elif frappe.db.get_value("Role", role_name, ["desk_access", "disabled"]) != (desk_access, 0):
		frappe.db.set_value("Role", role_name, {"desk_access": desk_access, "disabled": 0})
