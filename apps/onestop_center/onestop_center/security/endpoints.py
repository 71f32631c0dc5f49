"""Replacements for Frappe's whitelisted methods that skip the app's row rules.

Wired in ``hooks.py`` through ``override_whitelisted_methods`` (RPC: ``/api/method/...`` and
``/api/v2/method/...``; Python callers and ``/api/resource`` are not affected). Each one applies the
permission check Frappe's original lacks, then hands over to the original where it is safe. They were
found by running Frappe's whitelisted methods as a department user against another agency's
dossier (tests in ``security/test_cross_agency.py``).
"""

import frappe
from frappe import _
from frappe.client import is_document_amended as frappe_is_document_amended
from frappe.client import validate_link as frappe_validate_link
from frappe.desk import search as frappe_search
from frappe.desk.like import toggle_like as frappe_toggle_like
from frappe.desk.listview import get_group_by_count as frappe_get_group_by_count
from frappe.desk.doctype.tag import tag as frappe_tag
from frappe.desk.form.document_follow import follow_document as frappe_follow_document
from frappe.desk.form.document_follow import unfollow_document as frappe_unfollow_document
from frappe.email import relink as frappe_relink
from frappe.model.document import unlock_document as frappe_unlock_document
from frappe.model.db_query import check_parent_permission
from frappe.utils import cint, get_safe_filters

from onestop_center import arguments
from onestop_center.onestop_center.link_titles import titled_search_results
from onestop_center.security.scope import can_access, is_protected, is_protected_child

SYSTEM_MANAGER = "System Manager"


def is_guarded(doctype: str | None) -> bool:
	"""Protected DocTypes and their child tables."""
	return isinstance(doctype, str) and (is_protected(doctype) or is_protected_child(doctype))


# -- counts ------------------------------------------------------------------------------------------


@frappe.whitelist()
def get_count(
	doctype: str,
	filters: str | dict | list | None = None,
	debug: bool | int | str = False,
	cache: bool | int | str = False,
	parent: str | None = None,
) -> int:
	"""``frappe.client.get_count`` with the permissions of a list: role, user permissions, row rules.

	Frappe's original is a bare ``COUNT(*)`` (any DocType, any filter: a yes/no oracle on every
	column). ``debug`` (which returned the SQL) and ``cache`` (a 24-hour shared cache) are ignored.
	A child DocType needs its ``parent`` DocType, as ``frappe.client.get_list`` does.
	"""
	doctype = arguments.doctype(doctype)
	filters = arguments.filters(filters, doctype=doctype)
	parent = arguments.doctype(parent, "Parent", required=False)
	if frappe.is_table(doctype):
		check_parent_permission(parent, doctype)
	rows = frappe.get_list(
		doctype,
		filters=get_safe_filters(filters),
		fields=[f"count(distinct `tab{doctype}`.`name`) as count"],
		as_list=True,
		parent_doctype=parent,
	)
	return cint(rows[0][0]) if rows else 0


@frappe.whitelist()
def get_group_by_count(doctype: str, current_filters: str, field: str) -> list[dict]:
	"""The list sidebar's group-by counts; "Assigned To" counts only records the user may list.

	Frappe builds the assigned-to count with a query builder that checks no permission at all.
	"""
	doctype = arguments.doctype(doctype)
	current_filters = arguments.filters(current_filters, doctype=doctype)
	field = field if field == "assigned_to" else arguments.fieldname(doctype, field)
	if field != "assigned_to":
		# Frappe's original is type-checked (a JSON string) even when called from Python
		return frappe_get_group_by_count(doctype, frappe.as_json(current_filters), field)
	readable = frappe.get_list(
		doctype,
		filters=frappe.parse_json(current_filters),
		fields=[f"`tab{doctype}`.`name`"],
		order_by="",
		run=False,
	)
	return frappe.db.sql(
		f"""select todo.allocated_to as name, count(*) as count
		from `tabToDo` todo join `tabUser` user on user.name = todo.allocated_to
		where todo.status != 'Cancelled' and user.user_type = 'System User'
			and todo.reference_type = {frappe.db.escape(doctype)}
			and todo.reference_name in ({readable})
		group by todo.allocated_to order by count desc limit 50""",
		as_dict=True,
	)


# -- links and search --------------------------------------------------------------------------------


@frappe.whitelist()
def validate_link(doctype: str, docname: str, fields: str | list | None = None):
	"""``frappe.client.validate_link``: a protected record the user may not read is "not found".

	Frappe's original answers from the table (role check only), telling whether any dossier exists
	and its exact name.
	"""
	doctype = arguments.doctype(doctype)
	docname = arguments.name(docname, "Name")
	if fields not in (None, ""):
		fields = [arguments.fieldname(doctype, f) for f in arguments.names(fields, "Fields")]
	else:
		fields = None  # Frappe's parse_json cannot read "" (a 500)
	if (
		isinstance(doctype, str)
		and isinstance(docname, str)
		and is_guarded(doctype)
		and (frappe.has_permission(doctype, "select") or frappe.has_permission(doctype, "read"))
		and frappe.db.exists(doctype, docname)
		and not _may_see(doctype, docname)
	):
		return frappe._dict(name=None)  # Frappe's answer for a name that does not exist
	return frappe_validate_link(doctype, docname, fields)


def _may_see(doctype: str, name: str) -> bool:
	return can_access(doctype, name, "read") or can_access(doctype, name, "select")


def _guard_search(doctype, query, ignore_user_permissions, filter_fields=None):
	"""On protected DocTypes: row rules always apply, no extra columns, only the standard query."""
	if not is_guarded(doctype):
		return query, ignore_user_permissions, filter_fields
	if query and query not in allowed_queries(doctype):
		query = None
	return query, False, None


def allowed_queries(doctype: str) -> set[str]:
	"""Search queries a client may name for a protected DocType: the standard one and the app's."""
	standard = (frappe.get_hooks("standard_queries") or {}).get(doctype) or []
	return set(standard) | set((frappe.get_hooks("onestop_search_queries") or {}).get(doctype) or [])


@frappe.whitelist()
def search_link(
	doctype: str,
	txt: str,
	query: str | None = None,
	filters: str | dict | list | None = None,
	page_length: int = 10,
	searchfield: str | None = None,
	reference_doctype: str | None = None,
	ignore_user_permissions: bool = False,
) -> list:
	"""Link-field search: ``ignore_user_permissions`` and custom queries never widen protected rows."""
	doctype = arguments.doctype(doctype)
	filters = arguments.filters(filters, doctype=doctype)
	page_length = arguments.integer(page_length, "Page Length", 0, 100_000)
	query, ignore_user_permissions, _fields = _guard_search(doctype, query, ignore_user_permissions)
	results = frappe_search.search_widget(
		doctype,
		txt.strip(),
		query,
		searchfield=searchfield,
		page_length=page_length,
		filters=filters,
		reference_doctype=reference_doctype,
		ignore_user_permissions=ignore_user_permissions,
	)
	# agencies and other titled records named in the description, not by their codes
	results = titled_search_results(doctype, results)
	return frappe_search.build_for_autosuggest(results, doctype=doctype)


@frappe.whitelist()
def search_widget(
	doctype: str,
	txt: str,
	query: str | None = None,
	searchfield: str | None = None,
	start: int = 0,
	page_length: int = 10,
	filters: str | None | dict | list = None,
	filter_fields: str | list | None = None,
	as_dict: bool = False,
	reference_doctype: str | None = None,
	ignore_user_permissions: bool = False,
):
	"""The search box's query, with the same guard as :func:`search_link`."""
	doctype = arguments.doctype(doctype)
	filters = arguments.filters(filters, doctype=doctype)
	start = arguments.integer(start, "Start", 0, 10**9)
	page_length = arguments.integer(page_length, "Page Length", 0, 100_000)
	query, ignore_user_permissions, filter_fields = _guard_search(
		doctype, query, ignore_user_permissions, filter_fields
	)
	return frappe_search.search_widget(
		doctype,
		txt,
		query,
		searchfield=searchfield,
		start=start,
		page_length=page_length,
		filters=filters,
		filter_fields=filter_fields,
		as_dict=as_dict,
		reference_doctype=reference_doctype,
		ignore_user_permissions=ignore_user_permissions,
	)


# -- marks on a record: likes, tags, follows, amendments ---------------------------------------------


def _require(doctype: str, name: str, ptype: str = "read") -> None:
	if not isinstance(doctype, str) or not isinstance(name, str):
		raise frappe.PermissionError
	frappe.has_permission(doctype, ptype, doc=name, throw=True)


def _tag_ptype(doctype: str) -> str:
	# tags show to everyone who reads a protected record: only who may change it tags it
	return "write" if is_guarded(doctype) else "read"


@frappe.whitelist()
def toggle_like(doctype: str, name: str, add: str | bool = False):
	"""Frappe's like writes ``_liked_by`` and a Like comment on any record, unchecked."""
	_require(arguments.doctype(doctype), name)
	return frappe_toggle_like(doctype, name, add)


@frappe.whitelist()
def add_tag(tag: str, dt: str, dn: str, color: str | None = None):
	dt, tag = arguments.doctype(dt), arguments.name(tag, "Tag")
	_require(dt, dn, _tag_ptype(dt))
	return frappe_tag.add_tag(tag, dt, dn, color)


@frappe.whitelist()
def add_tags(tags: str | list, dt: str, docs: str | list, color: str | None = None):
	dt, docs, tags = arguments.doctype(dt), arguments.names(docs, "Records"), arguments.names(tags, "Tags")
	for name in docs:
		_require(dt, name, _tag_ptype(dt))
	return frappe_tag.add_tags(tags, dt, docs, color)


@frappe.whitelist()
def remove_tag(tag: str, dt: str, dn: str):
	dt = arguments.doctype(dt)
	_require(dt, dn, _tag_ptype(dt))
	return frappe_tag.remove_tag(tag, dt, dn)


@frappe.whitelist()
def follow_document(doctype: str, doc_name: str, user: str):
	"""Following mails a record's changes: only for oneself (or by a System Manager), if readable."""
	doctype = arguments.doctype(doctype)
	if user != frappe.session.user and SYSTEM_MANAGER not in frappe.get_roles():
		raise frappe.PermissionError(_("You can only follow documents yourself"))
	if not frappe.has_permission(doctype, "read", doc=doc_name, user=user):
		raise frappe.PermissionError
	return frappe_follow_document(doctype, doc_name, user)


@frappe.whitelist()
def update_follow(doctype: str, doc_name: str, following: bool):
	"""The form's follow toggle: Frappe calls its own ``follow_document`` (not the override)."""
	if following:
		return follow_document(doctype, doc_name, frappe.session.user)
	return frappe_unfollow_document(doctype, doc_name, frappe.session.user)


@frappe.whitelist()
def get_link_title(doctype: str, docname: str):
	"""A link's title (Frappe reads it from the table unchecked, e.g. an applicant's full name):
	only for records the user may read; otherwise the name, as for a DocType without titles."""
	if not isinstance(doctype, str) or not isinstance(docname, str):
		raise frappe.PermissionError
	if (
		frappe.get_meta(doctype).show_title_field_in_link
		and frappe.db.exists(doctype, docname)
		and not _may_see(doctype, docname)
	):
		frappe.clear_last_message()
		return docname
	return frappe_search.get_link_title(doctype, docname)


@frappe.whitelist()
def relink(name: str, reference_doctype: str | None = None, reference_name: str | None = None):
	"""Link an e-mail (Communication) to a record: Frappe's original updates the row unchecked."""
	frappe.get_doc("Communication", name).check_permission("write")
	if reference_doctype and reference_name:
		_require(reference_doctype, reference_name, "write")
	return frappe_relink(name, reference_doctype, reference_name)


@frappe.whitelist()
def unlock_document(doctype: str | None = None, name: str | None = None, args: str | dict | None = None):
	"""Remove a document's lock (Frappe's original checks nothing): only who may write it."""
	if not doctype and not name and args:
		args = arguments.json_object(args, "Arguments")
		doctype, name = args.get("doctype"), args.get("name")
	doctype, name = arguments.doctype(doctype), arguments.name(name, "Name")
	_require(doctype, name, "write")
	return frappe_unlock_document(doctype, name)


@frappe.whitelist()
def is_document_amended(doctype: str, docname: str) -> bool:
	"""Whether an amendment exists, told only about records the user may read."""
	doctype = arguments.doctype(doctype)
	if not frappe.db.exists(doctype, docname) or not frappe.has_permission(doctype, "read", doc=docname):
		return False
	return bool(frappe_is_document_amended(doctype, docname))


# -- request hygiene ---------------------------------------------------------------------------------


def drop_debug_flag() -> None:
	"""``before_request``: ``debug=1`` sends the generated SQL (with the app's permission conditions)
	back to the client; only System Managers may ask for it."""
	if "debug" in frappe.form_dict and (
		frappe.session.user != "Administrator" and SYSTEM_MANAGER not in frappe.get_roles()
	):
		frappe.form_dict.pop("debug", None)
