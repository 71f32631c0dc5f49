"""Applicants named by their ID number or tax code get a neutral (random hash) name.

Before this patch an Applicant's document name was the citizen's ID number or the organisation's
tax code, so the number travelled in every link. Each such applicant is renamed to a random hash
like new applicants (links from dossiers follow, through Frappe's rename), and the old number is
replaced in the dossiers' change history. Idempotent: applicants whose name is not their key are
left alone.
"""

import json

import frappe
from frappe.model.rename_doc import rename_doc


def execute():
	frappe.reload_doc("dossiers", "doctype", "applicant")
	ensure_unique_keys()
	for row in frappe.get_all("Applicant", fields=["name", "id_number", "tax_code"], order_by="creation"):
		if row.name in {row.id_number, row.tax_code}:
			rename_applicant(row.name)


def ensure_unique_keys() -> None:
	"""A unique index on ``id_number`` and ``tax_code``. Frappe's schema sync turns a field's
	``search_index`` into ``unique`` by adding "unique index if not exists <field>" (skipped: the old
	index has that name) and then dropping the old index, leaving none; fresh sites get it at
	table creation."""
	for fieldname in ("id_number", "tax_code"):
		if frappe.db.get_column_index("tabApplicant", fieldname, unique=True):
			continue
		old = frappe.db.get_column_index("tabApplicant", fieldname, unique=False)
		if old:
			frappe.db.sql_ddl(f"alter table `tabApplicant` drop index `{old.Key_name}`")
		frappe.db.sql_ddl(f"alter table `tabApplicant` add unique index `{fieldname}` (`{fieldname}`)")


def rename_applicant(old: str) -> str:
	"""Rename one applicant to a fresh hash; returns the new name."""
	new = frappe.generate_hash(length=10)
	while frappe.db.exists("Applicant", new):
		new = frappe.generate_hash(length=10)
	rename_doc(
		"Applicant", old, new, force=True, ignore_permissions=True, show_alert=False, rebuild_search=False
	)
	scrub_dossier_versions(old, new)
	return new


def scrub_dossier_versions(old: str, new: str) -> None:
	"""Dossier versions recorded the applicant link's old value (the number) in their diff."""
	for name, data in frappe.get_all(
		"Version",
		filters={"ref_doctype": "Dossier", "data": ("like", f'%"{old}"%')},
		fields=["name", "data"],
		as_list=True,
	):
		diff = json.loads(data or "{}")
		changed = False
		for row in diff.get("changed") or []:
			if row and row[0] == "applicant":
				for position in (1, 2):
					if row[position] == old:
						row[position] = new
						changed = True
		if changed:
			frappe.db.set_value(
				"Version", name, "data", frappe.as_json(diff), update_modified=False
			)
