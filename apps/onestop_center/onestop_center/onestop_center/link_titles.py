# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Names, not identifiers, in the desk's reports.

Forms and lists show a link to an Agency, Counter, Procedure or officer by its title
(``show_title_field_in_link``), but Frappe's query reports send only the stored values, so an
agency appears as ``000.00.03.H02`` and an officer as an e-mail address. The report endpoint is
wrapped: after Frappe's own run (permissions and all), the titles of the values in Link columns
travel with the answer (``_link_titles``, which the desk's formatter already reads).
"""

import json

import frappe
from frappe import _
from frappe.desk import query_report
from frappe.desk.form.load import send_link_titles

from onestop_center import arguments

# Enough for the largest page a report shows; titles of further rows fall back to the value.
MAX_TITLES = 5000


@frappe.whitelist()
@frappe.read_only()
def run(
	report_name: str,
	filters: str | dict | None = None,
	user: str | None = None,
	ignore_prepared_report: bool | int | str = False,
	custom_columns: str | list | None = None,
	is_tree: bool | int | str = False,
	parent_field: str | None = None,
	are_default_filters: bool | int | str = True,
):
	"""Frappe's ``query_report.run`` for the session user, plus the titles of its links."""
	report_name = arguments.existing("Report", report_name, "Report")
	# Frappe's own run keeps the filters of a report that has default ones (are_default_filters)
	filters = arguments.report_filters(filters) if filters not in (None, "") else None
	custom_columns = _columns(custom_columns)
	result = query_report.run(
		report_name,
		filters=filters,
		user=frappe.session.user,
		ignore_prepared_report=ignore_prepared_report,
		custom_columns=custom_columns,
		is_tree=is_tree,
		parent_field=parent_field,
		are_default_filters=are_default_filters,
	)
	if isinstance(result, dict):
		send_link_titles(link_titles(result.get("columns") or [], result.get("result") or []))
	return result


def _columns(value) -> list | None:
	"""Columns added in the report view: a JSON list of column definitions (objects)."""
	if value in (None, "", []):
		return None
	if isinstance(value, str):
		try:
			value = json.loads(value)
		except ValueError:
			value = None
	if not isinstance(value, list) or not all(isinstance(column, dict) for column in value):
		frappe.throw(_("Added columns must be a list of column definitions"), arguments.InvalidArgumentError)
	return value


def link_titles(columns: list, rows: list) -> dict[str, str]:
	"""``{"Agency::000.00.03.H02": "Sở Tư pháp", …}`` for the Link columns whose DocType shows titles."""
	titled = {}  # column position or fieldname -> (doctype, title field)
	for position, column in enumerate(columns):
		if not isinstance(column, dict) or column.get("fieldtype") != "Link" or not column.get("options"):
			continue
		meta = frappe.get_meta(column["options"])
		if meta.show_title_field_in_link and meta.title_field and meta.title_field != "name":
			titled[(position, column.get("fieldname"))] = (meta.name, meta.title_field)
	wanted: dict[tuple[str, str], set] = {}
	for row in rows:
		for (position, fieldname), key in titled.items():
			value = row.get(fieldname) if isinstance(row, dict) else _at(row, position)
			if value and isinstance(value, str):
				wanted.setdefault(key, set()).add(value)
	titles = {}
	for (doctype, title_field), names in wanted.items():
		# officers' full names are shown everywhere in the desk; other titles as far as readable
		if doctype != "User" and not frappe.has_permission(doctype, "read"):
			continue
		names = sorted(names)[:MAX_TITLES]
		for name, title in frappe.get_all(
			doctype, filters={"name": ("in", names)}, fields=["name", title_field], as_list=True
		):
			if title:
				titles[f"{doctype}::{name}"] = title
	return titles


def _at(row, position):
	return row[position] if isinstance(row, list | tuple) and position < len(row) else None


def titled_search_results(doctype: str, results: list) -> list:
	"""Link-field search rows whose search fields link to titled records (a procedure's agency)
	carry the titles, so the dropdown describes a procedure by its agency's name, not its code."""
	meta = frappe.get_meta(doctype)
	linked = {}
	for fieldname in (meta.search_fields or "").split(","):
		field = meta.get_field(fieldname.strip())
		if not field or field.fieldtype != "Link":
			continue
		target = frappe.get_meta(field.options)
		if target.show_title_field_in_link and target.title_field and frappe.has_permission(target.name, "read"):
			linked[target.name] = target.title_field
	if not linked or not results:
		return results
	values = {str(cell) for row in results for cell in list(row)[2:] if cell}
	titles = {}
	for target, title_field in linked.items():
		for name, title in frappe.get_all(
			target, filters={"name": ("in", sorted(values))}, fields=["name", title_field], as_list=True
		):
			if title:
				titles[name] = title
	return [
		[*list(row)[:2], *(titles.get(str(cell), cell) if cell else cell for cell in list(row)[2:])]
		for row in results
	]
