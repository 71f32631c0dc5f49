"""Portal home page of the centre (route /mot-cua, also the site's home page for guests)."""

import frappe
from frappe import _

no_cache = 1


def get_context(context):
	context.title = _("Public Administration Service Centre")
	context.no_breadcrumbs = True
	context.agencies = procedure_catalogue_by_agency()
	context.total_procedures = sum(a.procedures for a in context.agencies)
	return context


def procedure_catalogue_by_agency():
	"""Active agencies with how many active procedures each one resolves, most first."""
	procedure = frappe.qb.DocType("Procedure")
	agency = frappe.qb.DocType("Agency")
	count = frappe.query_builder.functions.Count(procedure.name)
	return (
		frappe.qb.from_(agency)
		.join(procedure)
		.on(procedure.responsible_agency == agency.name)
		.select(agency.name, agency.agency_name, count.as_("procedures"))
		.where((agency.is_active == 1) & (procedure.is_active == 1))
		.groupby(agency.name, agency.agency_name)
		.orderby(count, order=frappe.qb.desc)
		.orderby(agency.agency_name)
		.run(as_dict=True)
	)
