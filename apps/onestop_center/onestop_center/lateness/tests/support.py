# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Shared set-up for the Lateness tests: an agency with its users and an open dossier."""

import email
from email import policy

import frappe

from onestop_center.permissions import set_user_agency
from onestop_center.setup.roles import DEPARTMENT_HEAD
from onestop_center.testing import make_agency, make_dossier, make_procedure, make_user


def make_department(*roles: str):
	"""An agency, a procedure it handles and one department user per role (default: a head)."""
	agency = make_agency()
	procedure = make_procedure(agency.name)
	users = []
	for role in roles or (DEPARTMENT_HEAD,):
		user = make_user(role)
		set_user_agency(user, agency.name)
		users.append(user)
	return agency, procedure, users


def make_open_dossier(procedure: str, due_at, status: str = "In Progress", **fields):
	"""A received dossier with a given due moment, status and contact fields (set directly)."""
	dossier = make_dossier(
		procedure, **{"received_at": fields.pop("received_at", None), **_insert_fields(fields)}
	)
	values = {"due_at": due_at, "due_date": frappe.utils.getdate(due_at), "status": status, **fields}
	meta = frappe.get_meta("Dossier")
	frappe.db.set_value("Dossier", dossier.name, {k: v for k, v in values.items() if meta.has_field(k)})
	return frappe.get_doc("Dossier", dossier.name)


def _insert_fields(fields: dict) -> dict:
	return {k: fields[k] for k in ("notify_by", "email", "phone") if k in fields}


def queued_emails(reference_name: str) -> list[dict]:
	"""Email Queue entries about a document, with their decoded text and recipients."""
	rows = frappe.get_all(
		"Email Queue",
		filters={"reference_name": reference_name},
		fields=["name", "message", "reference_doctype"],
		order_by="creation asc",
	)
	for row in rows:
		row["recipients"] = frappe.get_all(
			"Email Queue Recipient", filters={"parent": row.name}, pluck="recipient"
		)
		row["text"] = decoded_text(row.message)
	return rows


def decoded_text(raw: str) -> str:
	"""Subject and every text part of a queued MIME message, decoded."""
	message = email.message_from_string(raw or "", policy=policy.default)
	parts = [str(message.get("Subject", ""))]
	for part in message.walk():
		if part.get_content_maintype() == "text":
			parts.append(part.get_content())
	return "\n".join(parts)


def ensure_outgoing_email_account() -> str:
	"""A default outgoing Email Account (never contacted in tests), so that e-mails are queued."""
	name = "_Test OneStop Outgoing"
	if not frappe.db.exists("Email Account", name):
		frappe.get_doc(
			{
				"doctype": "Email Account",
				"email_account_name": name,
				"email_id": "onestop-test@example.com",
				"enable_outgoing": 1,
				"default_outgoing": 1,
				"smtp_server": "smtp.example.invalid",
				"password": "not-used",
			}
		).insert(ignore_permissions=True)
	return name
