"""Keys of the applicant registry: citizen ID numbers (CCCD) and tax codes (mã số thuế).

The registry key identifies an applicant (one record per ID number or tax code, unique indexed
fields) but is **not** the Applicant's document name: that is a random hash, so the personal
number never travels in links (``Dossier.applicant``, URLs, comments, versions, notifications).
Look an applicant up by key with :func:`find_applicant_name`.
"""

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
	"""The registry key of an applicant: ID number or tax code by type (normalised)."""
	if applicant_type == ORGANISATION:
		return normalise_tax_code(tax_code)
	return normalise_id_number(id_number)


def registry_key(typed: str | None) -> tuple[str, str] | None:
	"""What an officer typed, read as a registry key: ``("id_number", "0770…")`` for 12 digits,
	``("tax_code", "0101234567[-001]")`` for a tax code, or None when it is neither."""
	if not isinstance(typed, str):
		return None
	compact = _compact(typed)
	if ID_NUMBER_PATTERN.match(compact):
		return "id_number", compact
	match = TAX_CODE_PATTERN.match(compact)
	if match:
		head, branch = match.groups()
		return "tax_code", f"{head}-{branch}" if branch else head
	return None


def find_applicant_name(typed: str | None) -> str | None:
	"""The document name of the applicant registered under an ID number or tax code, or None.

	No permission check: callers decide who may look the registry up.
	"""
	key = registry_key(typed)
	if not key:
		return None
	fieldname, value = key
	return frappe.db.get_value("Applicant", {fieldname: value}, "name")


def applicant_registry_key(applicant: str | None) -> str:
	"""The ID number or tax code of an applicant for printed forms (Jinja), or "" when the user
	printing may not read the registry (department roles): dossiers carry no copy of it."""
	if not applicant or not frappe.has_permission("Applicant", "read", doc=applicant):
		return ""
	values = frappe.db.get_value("Applicant", applicant, ["id_number", "tax_code"], as_dict=True)
	return (values.id_number or values.tax_code or "") if values else ""
