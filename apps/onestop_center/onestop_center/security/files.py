"""Attachments of protected records follow the record: list, read, download and attach.

Frappe lets any desk user list the files of every DocType they have role read on, attach files to
a record they cannot write (``upload_file`` ignores its own write check; ``attach_file`` checks
read), serve a private file if *any* File row with its URL passes Frappe's module check (app hooks
unused), and create a File pointing at someone else's private URL (hardening notes §3). Here:

* :func:`file_has_permission` (``has_permission`` hook): a file attached to a protected record is
  read with the record and created, changed or deleted only by who may write the record;
* :func:`file_query_conditions`: the file list hides attachments of records the user cannot read;
* :class:`OnestopFile` (``override_doctype_class``): downloads ask the hook too; a new File
  may name an existing private URL only if the user may already download that file; attachments
  of protected records are always private (Frappe lists public files to everyone).
"""

import frappe
from frappe import _
from frappe.utils import cint
from frappe.core.doctype.file.file import File
from frappe.core.doctype.file.utils import find_file_by_url

from onestop_center.security.references import reference_condition
from onestop_center.security.scope import can_access, is_protected, quiet_permission_log

WRITE_PTYPES = frozenset({"create", "write", "delete", "submit", "cancel", "amend"})


def file_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	"""False for a file of a protected record the user may not read (write, for changes); else None.

	Never True: Frappe's own File rule (owner, public, attached document) still applies after.
	"""
	doctype, name = doc.get("attached_to_doctype"), doc.get("attached_to_name")
	if not is_protected(doctype):
		return None
	needed = "write" if (ptype or "read") in WRITE_PTYPES else "read"
	if not can_access(doctype, name, needed, user):
		return False
	if needed == "write" and not doc.is_new():
		# the attachment it had before counts too: no moving a file off a record one cannot write
		before = frappe.db.get_value("File", doc.name, ["attached_to_doctype", "attached_to_name"])
		if before and is_protected(before[0]) and not can_access(before[0], before[1], "write", user):
			return False
	return None


def file_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	return reference_condition("File", user, "attached_to_doctype", "attached_to_name")


class OnestopFile(File):
	def is_downloadable(self) -> bool:
		# Frappe calls its module-level rule directly; ask the full permission check (app hooks too)
		with quiet_permission_log():
			return super().is_downloadable() and frappe.has_permission("File", "read", doc=self)

	def before_insert(self):
		check_private_url_reuse(self)
		if is_protected(self.attached_to_doctype) and not self.is_folder and not self.is_remote_file:
			# a citizen's documents are never public: the upload is stored as a private file
			self.is_private = 1
		super().before_insert()

	def validate(self):
		check_attachment_private(self)
		super().validate()


def check_attachment_private(doc) -> None:
	"""Attachments of protected records stay private files.

	Frappe lists every public file to every desk user (its File condition ORs ``is_private = 0``
	before the app's condition is ANDed), so a public attachment would show its name to all.
	"""
	if doc.is_folder or not is_protected(doc.attached_to_doctype) or cint(doc.is_private):
		return
	frappe.throw(
		_("Attachments of {0} are private files: upload the file itself").format(_(doc.attached_to_doctype)),
		frappe.ValidationError,
	)


def check_private_url_reuse(doc) -> None:
	"""A File without content that names a private URL copies that file: the user must reach it."""
	if doc.flags.ignore_permissions or doc.is_folder or doc.get("content"):
		return
	url = doc.file_url or ""
	if not url.startswith("/private/files/"):
		return
	with quiet_permission_log():  # the reasons would name the record the file is attached to
		reachable = find_file_by_url(url)
	if not reachable:
		frappe.throw(_("You are not allowed to use this file"), frappe.PermissionError)
