# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Who printed or exported what (NĐ 13/2023 on personal data): Frappe's Access Log, completed.

Frappe v15 records an Access Log with the document and the user whenever a document is printed or
downloaded as PDF (``frappe.get_print`` renders the print view, which logs), and when a list is
exported, but not when a script report (the books, the statistics) is exported to Excel/CSV:
:func:`export_query` does Frappe's export and then records it with the report and its filters, so
that a leader can answer "who printed or exported this citizen's file". The OneStop Administrator
reads the Access Log and the Error Log (:func:`grant_audit_logs`).
"""

import frappe
from frappe.core.doctype.access_log.access_log import make_access_log
from frappe.desk import query_report
from frappe.permissions import add_permission, update_permission_property

from onestop_center.setup.roles import ONESTOP_ADMINISTRATOR

AUDIT_LOGS = ("Access Log", "Error Log")


@frappe.whitelist()
def export_query():
	"""Frappe's export of a script/query report, logged with the report and its filters."""
	form = frappe._dict(frappe.local.form_dict)
	query_report.export_query()
	make_access_log(
		report_name=form.get("report_name"),
		file_type=form.get("file_format_type"),
		method="Export",
		filters=form.get("filters"),
	)


def grant_audit_logs() -> None:
	"""The OneStop Administrator reads (and exports) the Access Log and the Error Log."""
	for doctype in AUDIT_LOGS:
		if not frappe.db.exists("Custom DocPerm", {"parent": doctype, "role": ONESTOP_ADMINISTRATOR}):
			add_permission(doctype, ONESTOP_ADMINISTRATOR, 0)
			for ptype in ("read", "report", "export"):
				update_permission_property(doctype, ONESTOP_ADMINISTRATOR, 0, ptype, 1)
