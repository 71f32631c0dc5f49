# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Checks for the arguments of the app's whitelisted methods and report filters.

Frappe converts and checks the annotated types of a whitelisted method (``FrappeTypeError``, 417)
before its body runs; these helpers check the values: required, length, JSON objects, calendar
dates, existing records. Every refusal is a ``ValidationError`` (417) or a ``DoesNotExistError``
(404) with a Vietnamese message, never a server error.
"""

import json
import re
from datetime import date
from typing import Any

import frappe
from frappe import _

# Longest name of a record (Frappe's varchar(140) primary keys).
MAX_NAME_LENGTH = 140
# Longest free text accepted by an action (a directive, an opinion, a reason).
MAX_TEXT_LENGTH = 10_000
# Longest JSON document accepted for a ``data`` argument.
MAX_JSON_LENGTH = 100_000

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SCALAR = (str, int, float, bool, type(None))


class InvalidArgumentError(frappe.ValidationError):
	"""A value of the wrong kind, out of range or malformed (HTTP 417, like Frappe's own checks)."""


def _refuse(message, exc=InvalidArgumentError):
	# An expected client error: a message, never a traceback.
	frappe.local.flags.disable_traceback = True
	frappe.throw(message, exc, title=_("Invalid value"))


def _parse_json_text(value, label: str, malformed: str):
	"""``value`` parsed when it is JSON text (bounded in length); other values as they are.
	``malformed`` is the refusal, with ``{0}`` for the label, when the text is not JSON."""
	if not isinstance(value, str):
		return value
	if len(value) > MAX_JSON_LENGTH:
		_refuse(_("{0} is too long").format(_(label)))
	try:
		return json.loads(value)
	except ValueError:
		_refuse(malformed.format(_(label)))


def shown(value) -> str:
	"""A value for a message: escaped and shortened."""
	text = value if isinstance(value, str) else json.dumps(value, default=str, ensure_ascii=False)
	return frappe.utils.escape_html(text[:40] + ("…" if len(text) > 40 else ""))


def text(value, label: str, required: bool = True, max_length: int = MAX_TEXT_LENGTH) -> str:
	"""A stripped text; an empty one refused when ``required``."""
	if value is None:
		value = ""
	if not isinstance(value, str):
		_refuse(_("{0} must be a text").format(_(label)))
	value = value.strip()
	if required and not value:
		_refuse(_("{0} is required").format(_(label)), frappe.MandatoryError)
	if len(value) > max_length:
		_refuse(_("{0} is too long: at most {1} characters").format(_(label), max_length))
	return value


def name(value, label: str, required: bool = True) -> str:
	"""A record name as typed (not checked against the database)."""
	return text(value, label, required=required, max_length=MAX_NAME_LENGTH)


def existing(doctype: str, value, label: str, required: bool = True) -> str | None:
	"""The name of an existing record of ``doctype``; an unknown one refused (404)."""
	value = name(value, label, required=required)
	if not value:
		return None
	if not frappe.db.exists(doctype, value):
		_refuse(_("{0} {1} does not exist").format(_(label), shown(value)), frappe.DoesNotExistError)
	return value


def json_object(value, label: str, allowed: frozenset | set | None = None) -> dict[str, Any]:
	"""A JSON object (a dict or its JSON text) whose values are plain values, not lists or objects.

	Keys outside ``allowed`` are refused rather than silently dropped.
	"""
	if value in (None, ""):
		return {}
	value = _parse_json_text(value, label, _("{0} must be a JSON object"))
	if not isinstance(value, dict):
		_refuse(_("{0} must be a JSON object").format(_(label)))
	for key, item in value.items():
		if allowed is not None and key not in allowed:
			_refuse(_("{0} cannot contain the field {1}").format(_(label), shown(key)))
		if not isinstance(item, _SCALAR):
			_refuse(_("The field {0} of {1} must be a plain value").format(shown(key), _(label)))
		if isinstance(item, str) and len(item) > MAX_TEXT_LENGTH:
			_refuse(_("The field {0} of {1} is too long").format(shown(key), _(label)))
	return value


def calendar_date(value, label: str, required: bool = False) -> date | None:
	"""A calendar date given as YYYY-MM-DD (or a date); 2026-02-30 is refused, not rolled over."""
	if value in (None, ""):
		if required:
			_refuse(_("{0} is required").format(_(label)), frappe.MandatoryError)
		return None
	if isinstance(value, date):
		return value
	if not isinstance(value, str) or not _DATE.fullmatch(value.strip()):
		_refuse(_("{0} is not a valid date: use the format YYYY-MM-DD").format(_(label)))
	try:
		day = date.fromisoformat(value.strip())
	except ValueError:
		_refuse(_("{0} {1} is not a date of the calendar").format(_(label), shown(value)))
	if not 1900 <= day.year <= 2200:
		_refuse(_("{0} must be between the years 1900 and 2200").format(_(label)))
	return day


def integer(value, label: str, minimum: int | None = None, maximum: int | None = None) -> int | None:
	"""A whole number (or its text) within bounds; empty gives None."""
	if value in (None, ""):
		return None
	if isinstance(value, bool) or not isinstance(value, int | str):
		_refuse(_("{0} must be a whole number").format(_(label)))
	if isinstance(value, str):
		if not re.fullmatch(r"\s*-?\d{1,9}\s*", value):
			_refuse(_("{0} must be a whole number").format(_(label)))
		value = int(value)
	if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
		_refuse(_("{0} must be between {1} and {2}").format(_(label), minimum, maximum))
	return value


def choice(value, label: str, options) -> str | None:
	"""One of ``options`` (empty gives None)."""
	if value in (None, ""):
		return None
	if not isinstance(value, str) or value not in options:
		_refuse(_("{0} {1} is not one of the allowed values").format(_(label), shown(value)))
	return value


def doctype(value, label: str = "Document Type", required: bool = True) -> str | None:
	"""The name of an existing DocType."""
	return existing("DocType", value, label, required=required)


def fieldname(doctype: str, value, label: str = "Field") -> str:
	"""A field of ``doctype`` (or one of the fields every document has)."""
	from frappe.model import child_table_fields, default_fields, optional_fields

	value = name(value, label)
	standard = (*default_fields, *optional_fields, *child_table_fields)
	if value not in standard and not frappe.get_meta(doctype).has_field(value):
		_refuse(_("{0} has no field {1}").format(_(doctype), shown(value)))
	return value


def filters(value, label: str = "Filters", doctype: str | None = None) -> dict | list:
	"""List filters as Frappe takes them: a JSON object (field: value or [operator, value]) or a list
	of [field, operator, value] / [doctype, field, operator, value] conditions. With ``doctype``
	the fields must exist (in the DocType a condition names, else in ``doctype``)."""
	if value in (None, ""):
		return {}
	value = _parse_json_text(value, label, _("{0} must be a JSON object or list"))
	if value is None:
		return {}
	if isinstance(value, dict):
		if not all(isinstance(k, str) and k for k in value):
			_refuse(_("{0} must be a JSON object or list").format(_(label)))
		for key in value if doctype else ():
			fieldname(doctype, key)
		return value
	if not isinstance(value, list):
		_refuse(_("{0} must be a JSON object or list").format(_(label)))
	for condition in value:
		if isinstance(condition, dict):
			if not all(isinstance(k, str) for k in condition):
				_refuse(_("{0} must be a JSON object or list").format(_(label)))
		elif not (
			isinstance(condition, list | tuple)
			and 3 <= len(condition) <= 5
			and all(isinstance(part, str) and part for part in condition[: 2 if len(condition) == 3 else 3])
		):
			# Frappe's forms: [field, operator, value] or [doctype, field, operator, value(, hidden)]
			_refuse(_("{0}: each condition must be [field, operator, value]").format(_(label)))
		if doctype and isinstance(condition, dict):
			for key in condition:
				fieldname(doctype, key)
		elif doctype:
			on = existing("DocType", condition[0], "Document Type") if len(condition) > 3 else doctype
			fieldname(on, condition[1] if len(condition) > 3 else condition[0])
	return value


def document(value, label: str = "Document") -> dict:
	"""A whole document sent as JSON (an object whose ``doctype`` exists), as the desk prints it."""
	value = _parse_json_text(value, label, _("{0} must be a JSON object"))
	if not isinstance(value, dict):
		_refuse(_("{0} must be a JSON object").format(_(label)))
	doctype(value.get("doctype"))
	return value


def names(value, label: str) -> list[str]:
	"""A list of record names (a JSON list of texts)."""
	if isinstance(value, str):
		try:
			value = json.loads(value) if value.strip().startswith("[") else [value]
		except ValueError:
			_refuse(_("{0} must be a list of names").format(_(label)))
	if not isinstance(value, list) or not all(
		isinstance(v, str) and 0 < len(v) <= MAX_NAME_LENGTH for v in value
	):
		_refuse(_("{0} must be a list of names").format(_(label)))
	return value


def report_filters(filters) -> frappe._dict:
	"""A report's filters as a dict (Frappe passes what the client sent, parsed from JSON)."""
	if filters in (None, "", []):
		return frappe._dict()
	if isinstance(filters, str):
		return frappe._dict(json_object(filters, "Filters"))
	if not isinstance(filters, dict):
		_refuse(_("{0} must be a JSON object").format(_("Filters")))
	return frappe._dict(filters)
