# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

import frappe
from frappe.model.document import Document


class FeedbackSettings(Document):
	pass


def ensure_defaults() -> None:
	"""Store the JSON's defaults of the fields never saved (install and migrate); values an
	administrator saved, zero included, are kept."""
	stored = set(frappe.db.sql_list("select field from `tabSingles` where doctype = 'Feedback Settings'"))
	meta = frappe.get_meta("Feedback Settings")
	for df in meta.fields:
		if df.default not in (None, "") and df.fieldname not in stored:
			frappe.db.set_single_value("Feedback Settings", df.fieldname, df.default)
	frappe.clear_document_cache("Feedback Settings", "Feedback Settings")
