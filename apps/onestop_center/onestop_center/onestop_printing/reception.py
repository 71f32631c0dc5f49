"""Reception counter helpers for the Dossier form (desk)."""

import frappe

from onestop_center.dossiers.applicant_key import find_applicant_name

APPLICANT_FIELDS = (
	"name",
	"applicant_type",
	"full_name",
	"id_number",
	"tax_code",
	"phone",
	"email",
	"address",
)


@frappe.whitelist(methods=["GET", "POST"])
def find_applicant(key: str | None = None) -> dict | None:
	"""The registry entry for an ID number or tax code (repeat visit), or None (offer to register).

	The applicant is found by its unique ``id_number``/``tax_code`` field (its document name is a
	neutral hash). Applicant permissions apply: a user who may not read applicants gets a
	permission error, whatever the key.
	"""
	frappe.has_permission("Applicant", "read", throw=True)
	name = find_applicant_name(key)
	if not name or not frappe.has_permission("Applicant", "read", doc=name):
		return None
	return frappe.db.get_value("Applicant", name, APPLICANT_FIELDS, as_dict=True)
