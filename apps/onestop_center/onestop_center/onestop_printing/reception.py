"""Reception counter helpers for the Dossier form (desk)."""

import re

import frappe

from onestop_center.dossiers.applicant_key import ID_NUMBER_PATTERN, TAX_CODE_PATTERN

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


def registry_key(key: str | None) -> str | None:
	"""The registry key for what the officer typed: a 12-digit ID number or a tax code; else None."""
	compact = re.sub(r"\s+", "", key or "")
	if ID_NUMBER_PATTERN.match(compact):
		return compact
	match = TAX_CODE_PATTERN.match(compact)
	if match:
		head, branch = match.groups()
		return f"{head}-{branch}" if branch else head
	return None


@frappe.whitelist()
def find_applicant(key: str | None = None) -> dict | None:
	"""The registry entry for an ID number or tax code (repeat visit), or None (offer to register).

	Applicant permissions apply: a user who may not read applicants gets a permission error.
	"""
	frappe.has_permission("Applicant", "read", throw=True)
	name = registry_key(key)
	if not name:
		return None
	values = frappe.db.get_value("Applicant", name, APPLICANT_FIELDS, as_dict=True)
	if not values or not frappe.has_permission("Applicant", "read", doc=name):
		return None
	return values
