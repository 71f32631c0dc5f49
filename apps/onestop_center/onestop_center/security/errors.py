# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Server errors land in Frappe's Error Log with the request that caused them (issue 12 §10).

Frappe v15 logs every 5xx answer (``frappe.app.handle_exception`` → ``log_error_snapshot``): an Error
Log titled with the exception, the traceback with each frame's variables (names such as password,
token, key or secret already masked), the user as its owner — and nothing of the request. An
administrator could not tell which page or call failed, nor with what.

:class:`RequestErrorLog` (``override_doctype_class``) puts the request at the top of the log, as
the document is stored (Frappe defers request errors through Redis, so the request is read when it
is queued, not when the scheduler inserts it): method and path (query values of secret-looking
names masked), user, client address, and the form arguments with secrets masked and long values
cut. The OneStop Administrator reads the Error Log (``security/audit.py``) from the workspace.
"""

import json
import re

import frappe
from frappe.core.doctype.error_log.error_log import ErrorLog

# argument names whose values never reach the log (Frappe's traceback sanitiser's list, and more)
SECRET_NAME = re.compile(
	r"pass|pwd|secret|token|key|otp|signature|authori[sz]ation|api_|sid|csrf|xac-nhan|cookie", re.IGNORECASE
)
MASK = "********"
MAX_VALUE = 300
MAX_ARGUMENTS = 4000
HEADING = "Request"


class RequestErrorLog(ErrorLog):
	def before_insert(self):
		add_request(self)

	def deferred_insert(self) -> None:
		add_request(self)
		super().deferred_insert()


def add_request(log) -> None:
	"""Prefix the log's text with the current request, once; nothing outside a request."""
	if log.flags.request_added:
		return
	log.flags.request_added = True
	described = describe_request()
	if described:
		text = f"{described}\n\n{log.error or ''}"
		# Frappe masks variables named like secrets, not a secret inside a dict, a list or JSON text
		for value in sorted(request_secrets(), key=len, reverse=True):
			text = text.replace(value, MASK)
		log.error = text


def describe_request() -> str | None:
	request = getattr(frappe.local, "request", None)
	if request is None:
		return None
	try:
		query = "&".join(f"{name}={shown(name, value)}" for name, value in request.args.items(multi=True))
		lines = [
			f"{HEADING}: {request.method} {request.path}{'?' + query if query else ''}",
			f"User: {getattr(getattr(frappe, 'session', None), 'user', None) or 'Guest'}",
			f"Client: {getattr(frappe.local, 'request_ip', None) or request.remote_addr or ''}",
		]
		arguments = {
			name: shown(name, value)
			for name, value in (frappe.local.form_dict or {}).items()
			if name not in request.args and name != "cmd"
		}
		if arguments:
			text = json.dumps(arguments, ensure_ascii=False, default=str)
			lines.append(f"Arguments: {text[:MAX_ARGUMENTS]}{' …' if len(text) > MAX_ARGUMENTS else ''}")
		if request.files:
			lines.append(f"Files: {', '.join(f.filename or '?' for f in request.files.values())}")
		return "\n".join(lines)
	except Exception:
		# describing the request must never hide the error being logged
		return f"{HEADING}: (not readable)"


def request_secrets() -> set[str]:
	"""The values the request gave under secret-looking names (at any depth of its arguments)."""
	found = set()

	def visit(name, value):
		if isinstance(value, dict):
			for key, item in value.items():
				visit(key, item)
		elif isinstance(value, list | tuple):
			for item in value:
				visit(name, item)
		elif name is not None and SECRET_NAME.search(str(name)) and value is not None and len(str(value)) >= 4:
			found.add(str(value))

	request = getattr(frappe.local, "request", None)
	if request is not None:
		for name, value in request.args.items(multi=True):
			visit(name, value)
	for name, value in (frappe.local.form_dict or {}).items():
		if isinstance(value, str) and value[:1] in "[{":
			try:
				value = json.loads(value)
			except ValueError:
				pass
		visit(name, value)
	return found


def shown(name, value) -> str:
	"""The value as the log shows it: masked for a secret-looking name, cut when long."""
	if SECRET_NAME.search(str(name)):
		return MASK
	text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
	return text if len(text) <= MAX_VALUE else f"{text[:MAX_VALUE]}… ({len(text)} characters)"

# the OneStop Administrator's count of recent errors (Centre Leadership workspace; only users who
# read the Error Log see it)
ERROR_CARD = "Lỗi hệ thống 24 giờ qua"
