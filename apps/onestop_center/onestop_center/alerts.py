# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Alerts to desk users: a System Notification each and one e-mail (when outgoing mail is set up).

Used by the scheduler jobs that warn people (late dossiers, ending secondments): one place decides
how a warning reaches an officer.
"""

import frappe


def alert_users(users: list[str], subject: str, message: str, doctype: str, name: str) -> None:
	"""Notify ``users`` about the record ``doctype``/``name``; e-mail failures are logged, not raised."""
	for user in users:
		frappe.get_doc(
			{
				"doctype": "Notification Log",
				"for_user": user,
				"type": "Alert",
				"document_type": doctype,
				"document_name": name,
				"subject": subject,
				"email_content": message,
			}
		).insert(ignore_permissions=True)
	emails = [e for e in frappe.get_all("User", {"name": ["in", users or [""]]}, pluck="email") if e]
	if not emails:
		return
	try:
		frappe.sendmail(
			recipients=emails,
			subject=frappe.utils.strip_html(subject),
			message=message,
			reference_doctype=doctype,
			reference_name=name,
			delayed=True,
		)
	except frappe.OutgoingEmailError:
		# no outgoing e-mail account: the system notifications above still went out
		frappe.log_error(title=f"Alert e-mail not queued for {doctype} {name}")
