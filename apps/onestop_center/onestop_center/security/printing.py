"""Print views render only stored records of the app, read-checked.

``frappe.www.printview.get_html_and_style`` (the desk's print preview) and
``get_rendered_raw_commands`` accept a whole document as JSON from the client and render it once
the client's document passes the permission check. The app's print formats look data up by link
(e.g. the apology letter prints the dossier's applicant, procedure and dates), so a department user
could compose an Apology Letter naming another agency's dossier and read that dossier in the
rendered form. For the app's DocTypes these methods print the stored record named by the JSON
(the desk prints saved documents only); ``print_by_server`` checks print permission first.
"""

import frappe
from frappe.utils.print_format import print_by_server as frappe_print_by_server
from frappe.www import printview

from onestop_center import arguments
from onestop_center.security.access import raise_not_found
from onestop_center.security.scope import is_app_doctype, is_protected


def stored_document_reference(doc, name):
	"""(doctype, name) to print: the stored record a client-sent JSON document names, for app DocTypes."""
	if isinstance(name, str):
		return doc, name
	values = frappe.parse_json(doc) if isinstance(doc, str) else doc
	if not isinstance(values, dict):
		return doc, name
	doctype = values.get("doctype")
	if not isinstance(doctype, str) or not (is_protected(doctype) or is_app_doctype(doctype)):
		return doc, name
	stored = values.get("name")
	if not isinstance(stored, str) or not frappe.db.exists(doctype, stored):
		raise_not_found(doctype, stored)
	return doctype, stored


@frappe.whitelist()
def get_html_and_style(
	doc: str,
	name: str | None = None,
	print_format: str | None = None,
	no_letterhead: bool | None = None,
	letterhead: str | None = None,
	trigger_print: bool = False,
	style: str | None = None,
	settings: str | None = None,
):
	if isinstance(name, str):
		doc, name = arguments.doctype(doc), arguments.name(name, "Name")
	else:
		arguments.document(doc)
	doc, name = stored_document_reference(doc, name)
	return printview.get_html_and_style(
		doc,
		name,
		print_format=print_format,
		no_letterhead=no_letterhead,
		letterhead=letterhead,
		trigger_print=trigger_print,
		style=style,
		settings=settings,
	)


@frappe.whitelist()
def get_rendered_raw_commands(doc: str, name: str | None = None, print_format: str | None = None):
	if isinstance(name, str):
		doc, name = arguments.doctype(doc), arguments.name(name, "Name")
	else:
		arguments.document(doc)
	doc, name = stored_document_reference(doc, name)
	return printview.get_rendered_raw_commands(doc, name, print_format=print_format)


@frappe.whitelist()
def print_by_server(
	doctype: str,
	name: str,
	printer_setting: str,
	print_format: str | None = None,
	doc: str | dict | None = None,
	no_letterhead: bool | int | str = 0,
	file_path: str | None = None,
):
	"""Frappe's original prints any record (or a client-composed one) with no permission check."""
	doctype, name = arguments.doctype(doctype), arguments.name(name, "Name")
	frappe.has_permission(doctype, "print", doc=name, throw=True)
	return frappe_print_by_server(
		doctype, name, printer_setting, print_format=print_format, no_letterhead=no_letterhead
	)
