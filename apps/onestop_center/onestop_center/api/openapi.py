# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""The OpenAPI 3 document of the centre's public and integrator endpoints.

Served at ``GET /api/method/onestop_center.api.openapi.document`` (also ``/openapi.json``, a redirect).
Each operation below names the whitelisted function it documents; ``test_openapi`` keeps the
document true (every documented function exists, is whitelisted for guests — the integrator
endpoints of ``INTEGRATOR_OPERATIONS``: for token-authenticated users, never guests — with the same
HTTP methods and takes the documented parameters; every guest method of the public modules is either
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

# -- integrator endpoints (token-authenticated, not guests) -------------------------------------------
# A department's own system (integration/exchange.py, docs/department-exchange.md): a user with the
# role "Department System", attached to its agency, calling with its API key and secret.
SECURITY_SCHEMES = {
	"departmentSystemToken": {
		"type": "apiKey",
		"in": "header",
		"name": "Authorization",
		"description": "Frappe token authentication of a Department System user: "
		"`token <api_key>:<api_secret>`",
	}
}
_EXCHANGE = "onestop_center.integration.exchange."
_REQUEST_ID = {
	"type": "string",
	"pattern": "^[A-Za-z0-9._:-]{1,100}$",
	"description": "chosen by the caller, one per request: a replay returns the first answer",
}
_OFFICER = {"type": "string", "description": "the caller's officer who acted (on the timeline)"}
EXCHANGE_STATE = {
	"type": "object",
	"properties": {
		"request_id": _STRING,
		"replayed": _BOOLEAN,
		"dossier": _STRING,
		"status": _STRING,
		"status_text": _STRING,
		"current_step": {"type": "integer"},
		"agency": _NULLABLE_STRING,
		"due_at": _NULLABLE_STRING,
		"timeliness": _NULLABLE_STRING,
	},
	"required": ["request_id", "replayed", "dossier", "status"],
	"additionalProperties": True,
}
EXCHANGE_LIST = {
	"type": "object",
	"properties": {
		"api_version": _STRING,
		"dossiers": {
			"type": "array",
			"items": {
				"type": "object",
				"properties": {
					"dossier": _STRING,
					"status": _STRING,
					"status_text": _STRING,
					"relation": {"type": "string", "enum": ["holder", "consulted"]},
					"consultation_open": _BOOLEAN,
					"procedure_name": _NULLABLE_STRING,
					"current_step": {"type": "integer"},
					"due_at": _NULLABLE_STRING,
					"modified": _STRING,
				},
				"required": ["dossier", "status", "relation", "modified"],
			},
		},
		"next_cursor": _NULLABLE_STRING,
		"has_more": _BOOLEAN,
	},
	"required": ["api_version", "dossiers", "next_cursor", "has_more"],
}
EXCHANGE_DOSSIER = {
	"type": "object",
	"properties": {
		"api_version": _STRING,
		"dossier": _STRING,
		"status": _STRING,
		"relation": {"type": "string", "enum": ["holder", "consulted"]},
		"steps": {"type": "array", "items": _ANY_OBJECT},
		"documents": {"type": "array", "items": _ANY_OBJECT},
		"consultations": {"type": "array", "items": _ANY_OBJECT},
		"directives": {"type": "array", "items": _ANY_OBJECT},
		"handovers": {"type": "array", "items": _ANY_OBJECT},
	},
	"required": ["api_version", "dossier", "status", "relation", "steps", "documents"],
	"additionalProperties": True,
}


def _report(summary: str, properties: dict, required: tuple) -> dict:
	return {
		"method": "post",
		"summary": summary,
		"body": form_body(
			{"dossier": _STRING, "request_id": _REQUEST_ID, **properties}, required=("dossier", "request_id", *required)
		),
		"ok": EXCHANGE_STATE,
	}


INTEGRATOR_OPERATIONS = {
	_EXCHANGE + "v1_list_dossiers": {
		"method": "get",
		"summary": "Dossiers the caller's agency holds or is consulted on, changed after the cursor",
		"parameters": [
			query("cursor", _STRING, description="next_cursor of the previous answer (none: from the start)"),
			query("limit", {"type": "integer", "minimum": 1, "maximum": 200}, description="default 50"),
		],
		"ok": EXCHANGE_LIST,
	},
	_EXCHANGE + "v1_get_dossier": {
		"method": "get",
		"summary": "One dossier as the agency's officers see it, with its documents' file URLs",
		"parameters": [query("dossier", _STRING, required=True, description="Dossier code")],
		"ok": EXCHANGE_DOSSIER,
	},
	_EXCHANGE + "v1_acknowledge": _report(
		"The transferred dossier is received by the department (→ In Progress)",
		{"officer": _OFFICER, "note": _STRING},
		(),
	),
	_EXCHANGE + "v1_report_progress": _report(
		"A step started (timeline) or finished (the dossier goes on to the next step)",
		{
			"event": {"type": "string", "enum": ["step_started", "step_finished"]},
			"step": {"type": "integer", "minimum": 1},
			"officer": _OFFICER,
			"note": _STRING,
		},
		("event", "step"),
	),
	_EXCHANGE + "v1_report_directive": _report(
		"A directive of the department's head", {"text": _STRING, "officer": _OFFICER}, ("text",)
	),
	_EXCHANGE + "v1_report_opinion": _report(
		"The opinion of the consulted agency (phối hợp)", {"opinion": _STRING, "officer": _OFFICER}, ("opinion",)
	),
	_EXCHANGE + "v1_request_supplement": _report(
		"The applicant must add to the dossier (the clock stops)",
		{"supplement_request": _STRING, "officer": _OFFICER},
		("supplement_request",),
	),
	_EXCHANGE + "v1_report_result": {
		"method": "post",
		"summary": "The last step is finished with the result document (→ Result Ready)",
		"body": {
			"required": True,
			"content": {
				"multipart/form-data": {
					"schema": {
						"type": "object",
						"properties": {
							"dossier": _STRING,
							"request_id": _REQUEST_ID,
							"result_number": _STRING,
							"result_summary": _STRING,
							"officer": _OFFICER,
							"note": _STRING,
							"file": {"type": "string", "format": "binary", "description": "PDF, JPEG or PNG, ≤ 10 MB"},
						},
						"required": ["dossier", "request_id", "result_number", "file"],
					}
				}
			},
		},
		"ok": EXCHANGE_STATE,
	},
}


def build() -> dict:
	paths = {}
	for function, op in {**OPERATIONS, **INTEGRATOR_OPERATIONS}.items():
		operation = {
			"operationId": function.rsplit(".", 1)[1],
			"summary": op["summary"],
			"responses": responses(op["ok"], op["summary"]),
		}
		if op.get("parameters") is not None:
			operation["parameters"] = op["parameters"]
		if op.get("body"):
			operation["requestBody"] = op["body"]
		if function in INTEGRATOR_OPERATIONS:
			operation["security"] = [{name: []} for name in SECURITY_SCHEMES]
			refused = operation["responses"]["403"]["content"]
			operation["responses"]["401"] = {"description": "Unknown or wrong API key", "content": refused}
			operation["responses"]["409"] = {
				"description": "The request ID was already used for another request",
				"content": refused,
			}
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
		"components": {"securitySchemes": SECURITY_SCHEMES},
	}


@frappe.whitelist(allow_guest=True, methods=["GET"])
def document() -> None:
	"""The OpenAPI document itself, as the whole answer (no ``message`` envelope)."""
	frappe.response.pop("docs", None)
	frappe.response.update(build())
