"""Electronic identifier codes of agencies (mã định danh điện tử), e.g. ``000.00.12.H56``."""

import re

import frappe
from frappe import _

# Groups of letters and digits separated by single dots; no leading/trailing dot.
IDENTIFIER_PATTERN = re.compile(r"^[A-Z0-9]+(\.[A-Z0-9]+)*$")


def normalise_identifier_code(code: str | None) -> str:
	"""Return the code stripped and upper-cased, or throw a translated error if it is malformed."""
	value = (code or "").strip().upper()
	if not IDENTIFIER_PATTERN.match(value):
		frappe.throw(
			_(
				"Electronic identifier code {0} is invalid: use only letters, digits and dots, e.g. 000.00.12.H56"
			).format(frappe.bold(code or "")),
			title=_("Invalid identifier code"),
		)
	return value
