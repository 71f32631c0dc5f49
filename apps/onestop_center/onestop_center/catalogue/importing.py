# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""The procedure catalogue from a spreadsheet, with Frappe's own Data Import.

The OneStop Administrator runs Data Import (Insert New Records / Update Existing Records) for the
catalogue DocTypes only — Procedure (with its documents, fees and steps), Procedure Field and
Agency — from the shipped template (``catalogue/templates/``, built by
:mod:`onestop_center.catalogue.import_template`). Every imported row goes through the Procedure's
own validation (step plans the lifecycle cannot run are refused with the row and the reason), as
the administrator, with the administrator's permissions.

Frappe v15 gives Data Import to System Managers only, and its module methods (start, preview,
logs, status) load an import by name without any permission check; here:

* :func:`grant_data_import` (install/migrate): the OneStop Administrator may create, read and
  write Data Import records;
* :func:`check_data_import` (``validate``), :func:`data_import_has_permission` and
  :func:`data_import_query_conditions`: a user who is not a System Manager imports, sees and
  starts only imports of the catalogue DocTypes he may import;
* the module methods are replaced (``override_whitelisted_methods``) by ones that first check the
  user's permission on the import.
"""

import frappe
from frappe import _
from frappe.core.doctype.data_import import data_import as frappe_data_import
from frappe.permissions import add_permission, update_permission_property

from onestop_center import arguments
from onestop_center.setup.roles import ONESTOP_ADMINISTRATOR

DATA_IMPORT = "Data Import"
# What the OneStop Administrator may import (children come with their parent's rows).
CATALOGUE_IMPORTS = ("Procedure", "Procedure Field", "Agency")


def grant_data_import() -> None:
	"""The OneStop Administrator creates, reads and writes Data Import records (idempotent)."""
	if frappe.db.exists("Custom DocPerm", {"parent": DATA_IMPORT, "role": ONESTOP_ADMINISTRATOR}):
		return
	add_permission(DATA_IMPORT, ONESTOP_ADMINISTRATOR, 0)
	for ptype in ("read", "write", "create", "delete"):
		update_permission_property(DATA_IMPORT, ONESTOP_ADMINISTRATOR, 0, ptype, 1)


def _is_manager(user: str | None = None) -> bool:
	user = user or frappe.session.user
	return user == "Administrator" or "System Manager" in frappe.get_roles(user)


def check_data_import(doc, method=None) -> None:
	"""``validate`` of Data Import: other users than System Managers import the catalogue only."""
	if _is_manager():
		return
	if doc.reference_doctype not in CATALOGUE_IMPORTS:
		frappe.throw(
			_("You can import only the procedure catalogue: {0}").format(
				", ".join(_(doctype) for doctype in CATALOGUE_IMPORTS)
			),
			frappe.PermissionError,
			title=_("Not permitted"),
		)
	if not frappe.has_permission(doc.reference_doctype, "import"):
		frappe.throw(
			_("You are not allowed to import {0}").format(_(doc.reference_doctype)),
			frappe.PermissionError,
			title=_("Not permitted"),
		)


def data_import_has_permission(doc, ptype=None, user=None, debug=False):
	"""Only imports of the catalogue for users who are not System Managers (None: no opinion)."""
	if _is_manager(user):
		return None
	if isinstance(doc, str):
		reference = frappe.db.get_value(DATA_IMPORT, doc, "reference_doctype")
	else:
		reference = doc.get("reference_doctype")
	if reference and reference not in CATALOGUE_IMPORTS:
		return False
	return None


def data_import_query_conditions(user=None, doctype=None) -> str:
	if _is_manager(user):
		return ""
	allowed = ", ".join(frappe.db.escape(doctype) for doctype in CATALOGUE_IMPORTS)
	return f"`tabData Import`.`reference_doctype` in ({allowed})"


def _readable_import(data_import, ptype: str = "read"):
	name = arguments.name(data_import, DATA_IMPORT)
	if not frappe.db.exists(DATA_IMPORT, name) or not frappe.has_permission(DATA_IMPORT, ptype, doc=name):
		frappe.throw(_("{0} {1} not found").format(_(DATA_IMPORT), name), frappe.DoesNotExistError)
	return name


# -- Frappe's module methods, with the permission check they lack ---------------------------------------


@frappe.whitelist(methods=["POST"])
def form_start_import(data_import: str | None = None):
	"""Start an import the user may write (Frappe's ``form_start_import`` checks nothing)."""
	return frappe_data_import.form_start_import(_readable_import(data_import, "write"))


@frappe.whitelist()
def get_preview_from_template(
	data_import: str | None = None, import_file: str | None = None, google_sheets_url: str | None = None
):
	"""The import's preview, for a user who may read it."""
	return frappe_data_import.get_preview_from_template(
		_readable_import(data_import), import_file, google_sheets_url
	)


@frappe.whitelist()
def get_import_status(data_import_name: str | None = None):
	return frappe_data_import.get_import_status(_readable_import(data_import_name))


@frappe.whitelist()
def download_import_log(data_import_name: str | None = None):
	return frappe_data_import.download_import_log(_readable_import(data_import_name))


@frappe.whitelist()
def download_errored_template(data_import_name: str | None = None):
	return frappe_data_import.download_errored_template(_readable_import(data_import_name))


@frappe.whitelist(methods=["GET"])
def download_template() -> None:
	"""The catalogue's import template (XLSX), for users who may import procedures."""
	from onestop_center.catalogue.import_template import TEMPLATE_XLSX

	if not frappe.has_permission("Procedure", "import"):
		frappe.throw(_("You are not allowed to import {0}").format(_("Procedure")), frappe.PermissionError)
	frappe.response.filename = TEMPLATE_XLSX.name
	frappe.response.filecontent = TEMPLATE_XLSX.read_bytes()
	frappe.response.type = "binary"
