# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Online filing by a citizen (nộp hồ sơ trực tuyến), and online completion of a dossier.

The page ``/nop-ho-so`` calls, in order:

1. :func:`create_dossier` — a Draft dossier, channel Online, of an active procedure offered online,
   for the applicant: the registry entry the account is verified for, else the entry of the typed
   ID number (the reception officer checks it), else a new entry from the typed data. The dossier
   is the same Dossier as at the counter: frozen procedure copy, provisional name, no code yet.
2. :func:`upload_document` — one file per required document (PDF, JPEG or PNG, checked by content,
   at most :data:`MAX_UPLOAD_MB` MB), stored as a private File attached to the dossier; or an extra
   file for a completion request.
3. :func:`submit` — ``lifecycle.submit_online``: Draft → Pending Reception (Chờ tiếp nhận).

The reception officer then takes the workflow's actions on it in the desk, exactly as at the counter
(``lifecycle.apply``): Receive (the code is given and the deadline starts then), Request Completion
(the missing items listed in ``supplement_request``) or Refuse. After a completion request the
citizen uploads the missing files and submits again (Needs Completion → Pending Reception).

Every method checks that the dossier is the citizen's own (``portal/access.py``) before writing it
as the lifecycle (``field_policy.allow_lifecycle_write``), never through role permissions, which a
citizen does not have on Dossier.
"""

import os
import re

import frappe
from frappe import _
from frappe.utils import cint

from onestop_center import arguments
from onestop_center.dossiers import field_policy, lifecycle
from onestop_center.dossiers import state_kinds as kinds
from onestop_center.dossiers.applicant_key import (
	ORGANISATION,
	applicant_key,
	find_applicant_name,
)
from onestop_center.portal.access import get_own_dossier, require_citizen, verified_applicant

# Files a citizen may upload: extension → content signatures (first bytes) it must start with.
ALLOWED_FILES = {
	"pdf": (b"%PDF-",),
	"jpg": (b"\xff\xd8\xff",),
	"jpeg": (b"\xff\xd8\xff",),
	"png": (b"\x89PNG\r\n\x1a\n",),
}
MAX_UPLOAD_MB = 10
# characters kept out of stored file names (markup, paths, control characters)
UNSAFE_NAME = re.compile(r'[<>:"/\\|?*&%#\x00-\x1f]')
# Open online drafts an account may keep at once (a draft no one submits costs nothing else).
MAX_OPEN_DRAFTS = 20
# States in which the citizen changes the files of an online dossier.
# kinds of states in which the citizen edits the dossier (dossiers/state_kinds.py)
EDITABLE_KINDS = (kinds.DRAFT, kinds.NEEDS_COMPLETION)
APPLICANT_KEYS = frozenset(
	{"applicant_type", "full_name", "id_number", "tax_code", "date_of_birth", "phone", "email", "address"}
)
APPLICANT_LABELS = {
	"full_name": "Full Name",
	"id_number": "ID Number",
	"tax_code": "Tax Code",
	"phone": "Phone",
	"email": "Email",
	"address": "Address",
}
DELIVERY_CHOICES = ("Counter", "Post", "Electronic")
NOTICE_CHOICES = ("Email", "SMS")
# Marks the extra files of a completion (not one of the procedure's documents).
EXTRA_FIELD = "supplement"


def refuse(message, exc=arguments.InvalidArgumentError) -> None:
	"""An expected client error: a Vietnamese message (4xx), never a traceback."""
	frappe.local.flags.disable_traceback = True
	frappe.throw(message, exc, title=_("Invalid value"))


class UploadRefused(frappe.ValidationError):
	"""A file of the wrong type, too large or empty (HTTP 417, Vietnamese message)."""


def online_procedure(procedure) -> str:
	"""An active procedure offered online (any online service level: full or partial), else a refusal."""
	name = arguments.name(procedure, "Procedure")
	values = frappe.db.get_value("Procedure", name, ["is_active", "online_level"], as_dict=True)
	if not values:
		refuse(
			_("{0} {1} does not exist").format(_("Procedure"), arguments.shown(name)),
			frappe.DoesNotExistError,
		)
	if not cint(values.is_active) or not values.online_level:
		refuse(_("This procedure cannot be filed online; please file it at the centre"))
	return name


@frappe.whitelist(methods=["POST"])
def create_dossier(
	procedure: str | None = None,
	applicant: str | dict | None = None,
	result_delivery: str | None = None,
	delivery_address: str | None = None,
	notify_by: str | None = None,
) -> dict:
	"""A Draft online dossier of the citizen; returns its name and its documents to upload."""
	user = require_citizen()
	procedure = online_procedure(procedure)
	data = arguments.json_object(applicant, "Applicant", allowed=APPLICANT_KEYS)
	result_delivery = arguments.choice(result_delivery or "Counter", "Result Delivery", DELIVERY_CHOICES)
	notify_by = arguments.choice(notify_by or "Email", "Notify By", NOTICE_CHOICES)
	address = arguments.text(
		delivery_address, "Postal Address for the Result", required=False, max_length=500
	)
	if result_delivery == "Post" and not address:
		refuse(_("Enter the postal address to receive the result by post"), frappe.MandatoryError)
	drafts = frappe.db.count("Dossier", {"portal_user": user, "status": ["in", kinds.states_of(kinds.DRAFT)]})
	if drafts >= MAX_OPEN_DRAFTS:
		refuse(
			_(
				"You already have {0} unsent online dossiers: submit or leave them before starting another"
			).format(drafts)
		)
	doc = frappe.get_doc(
		{
			"doctype": "Dossier",
			"procedure": procedure,
			"applicant": resolve_applicant(data),
			"channel": "Online",
			"portal_user": user,
			"number_of_sets": 1,
			"result_delivery": result_delivery,
			"delivery_address": address if result_delivery == "Post" else None,
			"notify_by": notify_by,
		}
	)
	field_policy.allow_lifecycle_write(doc)
	doc.insert(ignore_permissions=True)
	return {"name": doc.name, "status": doc.status, "documents": document_rows(doc)}


def resolve_applicant(data: dict) -> str:
	"""The registry entry of an online dossier (see the module docstring); never changes one."""
	verified = verified_applicant()
	if verified:
		return verified
	applicant_type = arguments.choice(
		data.get("applicant_type") or "Citizen", "Applicant Type", ("Citizen", ORGANISATION)
	)
	values = {
		key: arguments.text(data.get(key), label, required=False, max_length=500)
		for key, label in APPLICANT_LABELS.items()
	}
	if not values["full_name"]:
		refuse(_("Enter the applicant's full name"), frappe.MandatoryError)
	if not values["phone"] and not values["email"]:
		refuse(_("Enter a phone number or an e-mail address to be notified"), frappe.MandatoryError)
	# a malformed ID number or tax code: the registry's own Vietnamese refusal
	key = applicant_key(applicant_type, values["id_number"], values["tax_code"])
	existing = find_applicant_name(key)
	if existing:
		# registered at a counter before: the officer checks the person at reception; the citizen's
		# typing neither changes the registry nor links the account to it
		return existing
	birth = arguments.calendar_date(data.get("date_of_birth"), "Date of Birth")
	if values["email"]:
		values["email"] = arguments.text(values["email"], "Email")
		if not frappe.utils.validate_email_address(values["email"]):
			refuse(_("The e-mail address is not valid"))
	doc = frappe.get_doc(
		{
			"doctype": "Applicant",
			"applicant_type": applicant_type,
			**{k: v for k, v in values.items() if v},
			"date_of_birth": birth,
		}
	)
	doc.insert(ignore_permissions=True)
	return doc.name


def document_rows(doc) -> list[dict]:
	"""The documents of a dossier as the portal shows them (no officer-only columns)."""
	return [
		{
			"row": row.name,
			"document_name": row.document_name,
			"mandatory": cint(row.mandatory),
			"uploaded": bool(row.get("attachment")),
			"file_name": _file_name(row.get("attachment")),
		}
		for row in doc.get("documents") or []
	]


def _file_name(url) -> str | None:
	return frappe.db.get_value("File", {"file_url": url}, "file_name") if url else None


@frappe.whitelist(methods=["POST"])
def upload_document(dossier: str | None = None, row: str | None = None) -> dict:
	"""One file (multipart field ``file``) for a document row of the dossier, or an extra file.

	Only in Draft or Needs Completion (after a completion request). Replaces the row's earlier file.
	"""
	require_citizen()
	name = arguments.name(dossier, "Dossier")
	row = arguments.name(row, "Document", required=False)
	get_own_dossier(name)  # 404 before anything is read from the upload
	filename, content = checked_upload()
	return add_file(name, row, filename, content)


def may_upload(doc) -> bool:
	"""Whether the citizen may add files: an online dossier not yet received (its documents), or
	any of their dossiers while a department waits for a supplement (extra files only)."""
	if kinds.is_kind(doc.status, kinds.SUPPLEMENT_REQUESTED):
		return True
	return doc.channel == "Online" and kinds.is_kind(doc.status, *EDITABLE_KINDS)


def add_file(dossier: str, row: str | None, filename: str, content: bytes) -> dict:
	"""Attach a checked file to the citizen's own dossier (a document row, or an extra file)."""
	filename, content = check_file(filename, content)
	doc = get_own_dossier(dossier, for_update=True)
	if not may_upload(doc):
		refuse(_("Files can be added only to an online dossier not yet sent or asked to be completed"))
	if row and kinds.is_kind(doc.status, kinds.SUPPLEMENT_REQUESTED):
		# the received dossier's documents are recorded; the supplement comes as further files
		row = None
	target = None
	if row:
		target = next((r for r in doc.get("documents") or [] if r.name == row), None)
		if target is None:
			refuse(_("This document is not part of the dossier"), frappe.DoesNotExistError)
	file_doc = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": filename,
			"attached_to_doctype": "Dossier",
			"attached_to_name": doc.name,
			"attached_to_field": "documents" if target else EXTRA_FIELD,
			"is_private": 1,
			"content": content,
		}
	)
	file_doc.insert(ignore_permissions=True)
	if target is not None:
		target.attachment = file_doc.file_url
		target.received = 1
		field_policy.allow_lifecycle_write(doc)
		doc.save(ignore_permissions=True)
	return {"file": file_doc.name, "file_name": file_doc.file_name, "row": row or None}


def checked_upload() -> tuple[str, bytes]:
	"""The uploaded file's name and content, if it is a PDF/JPEG/PNG under the size limit."""
	files = frappe.request.files if getattr(frappe, "request", None) else None
	upload = files.get("file") if files else None
	if upload is None:
		refuse(_("Choose a file to upload"), frappe.MandatoryError)
	return upload.filename, upload.stream.read(MAX_UPLOAD_MB * 1024 * 1024 + 1)


def check_file(filename, content: bytes) -> tuple[str, bytes]:
	"""Refuse (Vietnamese message) a file that is empty, too large or not of an allowed type."""
	filename = os.path.basename(str(filename or "").replace("\\", "/")).strip()[:140]
	extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
	allowed = ", ".join(sorted({e.upper() for e in ALLOWED_FILES} - {"JPEG"}))
	if extension not in ALLOWED_FILES:
		_refuse_upload(_("Only these file types are accepted: {0}").format(allowed))
	if not content:
		_refuse_upload(_("The file is empty"))
	if len(content) > MAX_UPLOAD_MB * 1024 * 1024:
		_refuse_upload(_("The file is too large: at most {0} MB").format(MAX_UPLOAD_MB))
	if not content.startswith(ALLOWED_FILES[extension]):
		_refuse_upload(_("The file's content is not a {0} file").format(extension.upper()))
	return UNSAFE_NAME.sub("_", filename), content


def _refuse_upload(message) -> None:
	frappe.local.flags.disable_traceback = True
	frappe.throw(message, UploadRefused, title=_("File not accepted"))


@frappe.whitelist(methods=["POST"])
def submit(dossier: str | None = None) -> dict:
	"""Send the online dossier (or its completion) to the centre: → Pending Reception.

	While a department waits for a supplement, this tells the centre that the supplement has been
	uploaded (a line on the dossier's timeline); the reception officer then records "Supplement
	Received" as for a supplement brought to the counter, and the clock resumes.
	"""
	require_citizen()
	name = arguments.name(dossier, "Dossier")
	doc = get_own_dossier(name, for_update=True)
	if kinds.is_kind(doc.status, kinds.SUPPLEMENT_REQUESTED):
		return announce_supplement(doc)
	if doc.channel != "Online" or not kinds.is_kind(doc.status, *EDITABLE_KINDS):
		refuse(_("This dossier has already been sent to the centre"))
	doc = lifecycle.submit_online(doc)
	return {"name": doc.name, "status": doc.status}


def announce_supplement(doc) -> dict:
	"""The citizen has uploaded the supplement a department asked for: tell the centre."""
	from onestop_center.dossiers.clock_stops import current_stop

	stop = current_stop(doc)
	since = stop.paused_at if stop is not None else doc.modified
	files = frappe.get_all(
		"File",
		filters={
			"attached_to_doctype": "Dossier",
			"attached_to_name": doc.name,
			"attached_to_field": EXTRA_FIELD,
			"owner": frappe.session.user,
			"creation": [">=", since],
		},
		pluck="file_name",
	)
	if not files:
		refuse(_("Upload the documents asked for before sending the supplement"), frappe.MandatoryError)
	doc.add_comment("Info", _("The applicant sent the supplement online: {0}").format(", ".join(files)))
	return {"name": doc.name, "status": doc.status, "supplement_sent": True}


def prefill(user: str | None = None) -> dict:
	"""Applicant data to prefill the filing form: the verified registry entry, else the account."""
	user = user or frappe.session.user
	applicant = verified_applicant(user)
	if applicant:
		values = frappe.db.get_value(
			"Applicant",
			applicant,
			[
				"applicant_type",
				"full_name",
				"id_number",
				"tax_code",
				"date_of_birth",
				"phone",
				"email",
				"address",
			],
			as_dict=True,
		)
		return {**values, "verified": True}
	account = frappe.db.get_value("User", user, ["full_name", "email", "mobile_no"], as_dict=True) or {}
	return {
		"applicant_type": "Citizen",
		"full_name": account.get("full_name"),
		"email": account.get("email"),
		"phone": account.get("mobile_no"),
		"verified": False,
	}
