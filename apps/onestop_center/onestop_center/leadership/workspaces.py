# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Which workspaces the centre's officers see (issue 11 item 12).

Each role opens on its own workspace (``dossiers/workspace/``: the centre leader's,
the department's, reception's and general affairs'), restricted to its roles and placed first.
Frappe's own workspaces for builders and administrators (Build, Website, Tools, Integrations,
Users) mean nothing to an officer: they are kept to System Managers by giving them that role,
on every migrate (Frappe re-imports its workspaces when they change upstream).
"""

import frappe

ADMIN_ONLY_WORKSPACES = ("Build", "Website", "Tools", "Integrations", "Users")
ADMIN_ROLE = "System Manager"


def restrict_frappe_workspaces() -> None:
	"""Give Frappe's builder workspaces the System Manager role only (idempotent)."""
	for name in ADMIN_ONLY_WORKSPACES:
		if not frappe.db.exists("Workspace", name):
			continue
		roles = frappe.get_all(
			"Has Role", {"parenttype": "Workspace", "parent": name}, pluck="role", ignore_permissions=True
		)
		if roles == [ADMIN_ROLE]:
			continue
		frappe.db.delete("Has Role", {"parenttype": "Workspace", "parent": name})
		frappe.get_doc(
			{
				"doctype": "Has Role",
				"parenttype": "Workspace",
				"parentfield": "roles",
				"parent": name,
				"idx": 1,
				"role": ADMIN_ROLE,
			}
		).db_insert()
		frappe.clear_document_cache("Workspace", name)
	frappe.cache.delete_key("bootinfo")
