"""Keys of the applicant registry: citizen ID numbers (CCCD) and tax codes (mã số thuế)."""

import re

import frappe
from frappe import _

CITIZEN = "Citizen"
ORGANISATION = "Organisation"

ID_NUMBER_PATTERN = re.compile(r"^\d{12}$")
# 10 digits, or 13 for a dependent unit; the 13-digit form is written N1..N10-N11N12N13.
TAX_CODE_PATTERN = re.compile(r"^(\d{10})(?:-?(\d{3}))?$")


def _compact(value: str | None) -> str:
	return re.sub(r"\s+", "", value or "")


def normalise_id_number(value: str | None) -> str:
	"""A citizen identity card number: exactly 12 digits (spaces ignored)."""
	compact = _compact(value)
	if not ID_NUMBER_PATTERN.match(compact):
		frappe.throw(
			_("ID number {0} is invalid: a citizen identity card number has exactly 12 digits").format(
				frappe.bold(value or "")
			),
			title=_("Invalid ID number"),
		)
	return compact


def normalise_tax_code(value: str | None) -> str:
	"""A tax code: 10 digits, or 13 digits written ``0101234567-001``."""
	match = TAX_CODE_PATTERN.match(_compact(value))
	if not match:
		frappe.throw(
			_("Tax code {0} is invalid: it has 10 digits, or 13 digits for a branch (0101234567-001)").format(
				frappe.bold(value or "")
			),
			title=_("Invalid tax code"),
		)
	head, branch = match.groups()
	return f"{head}-{branch}" if branch else head


def applicant_key(applicant_type: str, id_number: str | None, tax_code: str | None) -> str:
	"""The registry key (and document name) of an applicant: ID number or tax code by type."""
	if applicant_type == ORGANISATION:
		return normalise_tax_code(tax_code)
	return normalise_id_number(id_number)
