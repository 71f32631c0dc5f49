# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""A local SMTP server for tests (aiosmtpd), and an Email Account that delivers to it.

``with LocalSmtp() as smtp:`` starts a real SMTP server on a free loopback port; ``smtp.account()``
makes a default outgoing Email Account point at it (restored when the block ends; a browser suite,
whose site runs in another process, calls ``controller.start()``, ``account()`` and ``restore()``
itself); :func:`deliver`
sends Frappe's queued e-mails (``EmailQueue.send``, what ``frappe.email.queue.flush`` runs) over
SMTP; ``smtp.messages`` holds what the server received, parsed (recipient, decoded subject, text).
Real SMTP, no mock of ``smtplib``. aiosmtpd comes from ``tests/requirements.txt``.
"""

import email
import re
import socket
from dataclasses import dataclass
from email import policy
from html import unescape

import frappe
from aiosmtpd.controller import Controller

ACCOUNT = "OneStop Local SMTP"
SENDER = "mot-cua@onestop.localhost"


@dataclass
class Received:
	sender: str
	recipients: list[str]
	subject: str
	text: str
	raw: str

	@property
	def links(self) -> list[str]:
		return re.findall(r"https?://[^\s\"'<>]+", self.text)


def free_port() -> int:
	with socket.socket() as probe:
		probe.bind(("127.0.0.1", 0))
		return probe.getsockname()[1]


def parse(sender: str, recipients: list[str], raw: str) -> Received:
	message = email.message_from_string(raw, policy=policy.default)
	texts = []
	for part in message.walk():
		if part.get_content_maintype() == "text":
			content = part.get_content()
			if part.get_content_subtype() == "html":
				content = unescape(re.sub(r"<[^>]+>", " ", content))
			texts.append(content)
	return Received(sender, list(recipients), str(message.get("Subject", "")), "\n".join(texts), raw)


class _Handler:
	def __init__(self, server: "LocalSmtp"):
		self.server = server

	async def handle_DATA(self, server, session, envelope):
		raw = envelope.content.decode("utf-8", errors="replace")
		self.server.messages.append(parse(envelope.mail_from, envelope.rcpt_tos, raw))
		return "250 Message accepted for delivery"


class LocalSmtp:
	def __init__(self):
		self.messages: list[Received] = []
		self.port = free_port()
		self.controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)
		self._previous: list[tuple[str, dict]] = []

	def __enter__(self):
		self.controller.start()
		self._testing_email = frappe.flags.testing_email
		frappe.flags.testing_email = True  # Frappe's runner skips the SMTP session otherwise
		return self

	def __exit__(self, *exc):
		frappe.flags.testing_email = self._testing_email
		self.restore()
		self.controller.stop()

	def restore(self) -> None:
		"""The outgoing accounts as they were before :meth:`account`; this one switched off."""
		for name, values in self._previous:
			frappe.db.set_value("Email Account", name, values)
		self._previous = []
		if frappe.db.exists("Email Account", ACCOUNT):
			frappe.db.set_value("Email Account", ACCOUNT, {"default_outgoing": 0, "enable_outgoing": 0})
		forget_outgoing_accounts()

	def account(self) -> str:
		"""The default outgoing Email Account, delivering to this server (the others stand aside)."""
		for row in frappe.get_all(
			"Email Account", {"default_outgoing": 1, "name": ["!=", ACCOUNT]}, ["name", "default_outgoing"]
		):
			self._previous.append((row.name, {"default_outgoing": row.default_outgoing}))
			frappe.db.set_value("Email Account", row.name, "default_outgoing", 0)
		values = {
			"email_id": SENDER,
			"enable_outgoing": 1,
			"default_outgoing": 1,
			"smtp_server": "127.0.0.1",
			"smtp_port": self.port,
			"use_tls": 0,
			"use_ssl": 0,
			"no_smtp_authentication": 1,
			"always_use_account_email_id_as_sender": 1,
			"always_use_account_name_as_sender_name": 1,
		}
		if frappe.db.exists("Email Account", ACCOUNT):
			doc = frappe.get_doc("Email Account", ACCOUNT)
			doc.update(values)
			doc.save(ignore_permissions=True)
		else:
			frappe.get_doc(
				{"doctype": "Email Account", "email_account_name": ACCOUNT, **values}
			).insert(ignore_permissions=True)
		forget_outgoing_accounts()
		return ACCOUNT

	def to(self, recipient: str) -> list[Received]:
		return [m for m in self.messages if recipient in m.recipients]


def forget_outgoing_accounts() -> None:
	"""Frappe caches the default outgoing account per process (``frappe.local.outgoing_email_account``,
	never cleared: the test runner's process keeps an earlier module's account, whose server does not
	resolve), besides the document cache."""
	frappe.clear_cache(doctype="Email Account")
	for cache in ("outgoing_email_account", "incoming_email_account"):
		if hasattr(frappe.local, cache):
			delattr(frappe.local, cache)


def deliver(**filters) -> list[str]:
	"""Send the queued e-mails matching ``filters`` (Email Queue fields) over SMTP; their names."""
	from frappe.email.doctype.email_queue.email_queue import EmailQueue

	names = frappe.get_all(
		"Email Queue",
		filters={"status": ["in", ["Not Sent", "Partially Sent"]], **filters},
		pluck="name",
		order_by="creation asc",
	)
	for name in names:
		queue: EmailQueue = frappe.get_doc("Email Queue", name)
		queue.send()
	return names
