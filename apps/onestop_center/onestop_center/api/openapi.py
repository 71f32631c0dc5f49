# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""The OpenAPI 3 document of the centre's public and integrator endpoints.

Served at ``GET /api/method/onestop_center.api.openapi.document`` (also ``/openapi.json``, a redirect).
Each operation below names the whitelisted function it documents; ``test_openapi`` keeps the
document true (every documented function exists, is whitelisted for guests with the same HTTP
methods and takes the documented parameters; every guest method of the public modules is either
documented or listed in ``UNDOCUMENTED`` with its reason), and ``tests/e2e/test_openapi_schemathesis.py``
runs schemathesis against the served document.

Frappe wraps a method's answer as ``{"message": …}``; a refused request answers a JSON body with
``exc_type`` and ``_server_messages`` (translated messages) and an HTTP status: 400/417 bad input,
403 not permitted, 404 unknown record, 429 over the rate limit (with ``Retry-After``).
"""

import frappe

TITLE = "OneStop Center API"
VERSION = "1.0.0"

_STRING = {"type": "string"}
_NULLABLE_STRING = {"type": "string", "nullable": True}
_NUMBER = {"type": "number"}
_BOOLEAN = {"type": "boolean"}
_ANY_OBJECT = {"type": "object", "additionalProperties": True}

ERROR = {
	"type": "object",
	"properties": {"exc_type": _STRING, "_server_messages": _STRING, "message": {}},
	"additionalProperties": True,
}


def wrapped(schema: dict) -> dict:
	return {"type": "object", "properties": {"message": schema}, "required": ["message"]}


def query(name: str, schema: dict, required: bool = False, description: str = "") -> dict:
	return {"name": name, "in": "query", "required": required, "schema": schema, "description": description}


def form_body(properties: dict, required: tuple = ()) -> dict:
	schema = {"type": "object", "properties": properties}
	if required:
		schema["required"] = list(required)
	return {"required": bool(required), "content": {"application/x-www-form-urlencoded": {"schema": schema}}}


def responses(ok: dict, description: str) -> dict:
	refused = {"application/json": {"schema": ERROR}}
	return {
		"200": {"description": description, "content": {"application/json": {"schema": wrapped(ok)}}},
		"400": {"description": "Malformed parameter (translated message)", "content": refused},
		"403": {"description": "Not permitted", "content": refused},
		"404": {"description": "Unknown record", "content": refused},
		"417": {"description": "Refused input (translated message)", "content": refused},
		"429": {"description": "Over the rate limit; retry after the Retry-After header", "content": refused},
	}


DUE = {
	"type": "object",
	"properties": {"due_at": _STRING, "due_date": _STRING, "provisional": _BOOLEAN},
	"required": ["due_at", "due_date", "provisional"],
}
STEP = {
	"type": "object",
	"properties": {
		"order": {"type": "integer"},
		"agency": _NULLABLE_STRING,
		"due_at": _NULLABLE_STRING,
		"finished_at": _NULLABLE_STRING,
		"result": _NULLABLE_STRING,
		"result_text": _NULLABLE_STRING,
	},
	"additionalProperties": True,
}
DOSSIER_STATUS = {
	"type": "object",
	"properties": {
		"found": _BOOLEAN,
		"code": _STRING,
		"message": _NULLABLE_STRING,
		"procedure": _NULLABLE_STRING,
		"agency": _NULLABLE_STRING,
		"applicant": _NULLABLE_STRING,
		"received_at": _NULLABLE_STRING,
		"due_at": _NULLABLE_STRING,
		"status": _NULLABLE_STRING,
		"status_text": _NULLABLE_STRING,
		"steps": {"type": "array", "items": STEP},
		"result_ready": _BOOLEAN,
		"fee_due": _NUMBER,
	},
	"required": ["found", "code"],
	"additionalProperties": True,
}

# path → (function, HTTP method, summary, parameters or request body, 200 schema, 200 description)
OPERATIONS = {
	"onestop_center.api.calendar.is_working_day": {
		"method": "get",
		"summary": "Whether a date is a working day of the centre's calendar",
		"parameters": [
			query("date", {"type": "string", "format": "date"}, description="YYYY-MM-DD"),
			query("calendar", _STRING, description="Working Calendar name (default: the site's)"),
		],
		"ok": _BOOLEAN,
	},
	"onestop_center.api.calendar.due_date": {
		"method": "get",
		"summary": "Due moment of an amount of working days/hours or calendar days from a reception",
		"parameters": [
			query("start", _STRING, description="YYYY-MM-DD HH:MM:SS, local time"),
			query("amount", _NUMBER),
			query("unit", {"type": "string", "enum": ["working_day", "working_hour", "calendar_day"]}),
			query("calendar", _STRING),
		],
		"ok": DUE,
	},
	"onestop_center.portal.lookup.dossier_status": {
		"method": "get",
		"summary": "Public status of a dossier by the code on its receipt (no personal data)",
		"parameters": [query("code", _STRING, description="Dossier code, e.g. 000.00.01.H15-261130-0001")],
		"ok": DOSSIER_STATUS,
	},
	"onestop_center.counter_queue.tickets.get_display_state": {
		"method": "get",
		"summary": "The lobby display: numbers being served at each counter and the last calls",
		"parameters": [],
		"ok": _ANY_OBJECT,
	},
	"onestop_center.counter_queue.tickets.take_ticket": {
		"method": "post",
		"summary": "Take a queue number for a service (the lobby kiosk)",
		"body": form_body(
			{"service": _STRING, "priority_group": _STRING, "phone": _STRING}, required=("service",)
		),
		"ok": _ANY_OBJECT,
	},
	"onestop_center.surveys.api.get_survey": {
		"method": "post",
		"summary": "The satisfaction survey of a dossier, named by its code and check digits",
		"body": form_body({"code": _STRING, "check": _STRING}),
		"ok": _ANY_OBJECT,
	},
	"onestop_center.surveys.api.submit_survey": {
		"method": "post",
		"summary": "Rate a dossier (a second rating replaces the first)",
		"body": form_body(
			{
				"code": _STRING,
				"check": _STRING,
				"satisfaction": _STRING,
				"answers": {"type": "string", "description": "JSON object: question → answer"},
				"comment": _STRING,
				"channel": _STRING,
			}
		),
		"ok": _ANY_OBJECT,
	},
	"onestop_center.messaging.inbound.receive_sms": {
		"method": "post",
		"summary": "The SMS gateway's webhook for incoming messages (\"TC <dossier code>\" lookups)",
		"body": form_body({"token": _STRING, "sender": _STRING, "text": _STRING}),
		"ok": {
			"type": "object",
			"properties": {"reply": _STRING, "sent": _BOOLEAN},
			"required": ["reply", "sent"],
		},
	},
}

# Guest methods of the public modules that are not integrator endpoints, and why.
UNDOCUMENTED = {
	"onestop_center.security.realtime.can_subscribe_doctype": "Frappe's socket.io room check",
	"onestop_center.portal.identity.callback": "an identity provider's browser redirect, not an API",
	"onestop_center.portal.accounts.sign_up": "the sign-up page's form (browser, rate-limited per hour)",
	"onestop_center.surveys.api.submit_feedback": "the feedback page's form (browser)",
	"onestop_center.api.openapi.document": "this document",
}


def build() -> dict:
	paths = {}
	for function, op in OPERATIONS.items():
		operation = {
			"operationId": function.rsplit(".", 1)[1],
			"summary": op["summary"],
			"responses": responses(op["ok"], op["summary"]),
		}
		if op.get("parameters") is not None:
			operation["parameters"] = op["parameters"]
		if op.get("body"):
			operation["requestBody"] = op["body"]
		paths[f"/api/method/{function}"] = {op["method"]: operation}
	return {
		"openapi": "3.0.3",
		"info": {
			"title": TITLE,
			"version": VERSION,
			"description": "Public and integrator endpoints of the one-stop centre. Answers are JSON; "
			"messages are in Vietnamese; datetimes are local time (Asia/Ho_Chi_Minh).",
		},
		"servers": [{"url": "/"}],
		"paths": paths,
	}


@frappe.whitelist(allow_guest=True, methods=["GET"])
def document() -> None:
	"""The OpenAPI document itself, as the whole answer (no ``message`` envelope)."""
	frappe.response.pop("docs", None)
	frappe.response.update(build())
