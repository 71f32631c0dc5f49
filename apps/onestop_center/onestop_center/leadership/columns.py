# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Column definitions of the leaders' reports, in one short form."""

from frappe import _


def column(fieldname: str, label: str, fieldtype: str = "Data", width: int = 120, **extra) -> dict:
	"""A report column; ``label`` is translated."""
	return {"fieldname": fieldname, "label": _(label), "fieldtype": fieldtype, "width": width, **extra}


def columns(*specs) -> list[dict]:
	"""Columns from ``(fieldname, label, fieldtype, width[, options])`` tuples."""
	result = []
	for spec in specs:
		fieldname, label, fieldtype, width, *options = spec
		extra = {"options": options[0]} if options else {}
		result.append(column(fieldname, label, fieldtype, width, **extra))
	return result
