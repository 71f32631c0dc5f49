"""Online filing (route /nop-ho-so?procedure=<national code>): the citizen's form (portal/filing.py)."""

import frappe
from frappe import _
from frappe.utils import cint

from onestop_center.portal.access import page_context, require_login_page
from onestop_center.portal.filing import ALLOWED_FILES, MAX_UPLOAD_MB, prefill

no_cache = 1
sitemap = 0


def get_context(context):
	require_login_page()
	context.title = _("File a dossier online")
	page_context(context)
	code = frappe.form_dict.get("procedure")
	code = code if isinstance(code, str) else ""
	procedure = None
	if code:
		values = frappe.db.get_value(
			"Procedure",
			{"name": code[:140], "is_active": 1, "online_level": ["is", "set"]},
			["name", "procedure_name", "online_level", "responsible_agency"],
			as_dict=True,
		)
		if values:
			procedure = values
			procedure.documents = frappe.get_all(
				"Procedure Document",
				filters={"parent": values.name, "parenttype": "Procedure"},
				fields=["document_name", "mandatory", "originals", "copies"],
				order_by="idx",
			)
			for row in procedure.documents:
				row.mandatory = cint(row.mandatory)
	context.code = code
	context.procedure = procedure
	context.procedures = (
		[]
		if procedure
		else frappe.get_all(
			"Procedure",
			filters={"is_active": 1, "online_level": ["is", "set"]},
			fields=["name", "procedure_name"],
			order_by="procedure_name",
			limit=500,
		)
	)
	context.applicant = prefill()
	context.accept = ",".join(f".{extension}" for extension in ALLOWED_FILES)
	context.max_mb = MAX_UPLOAD_MB
	return context
