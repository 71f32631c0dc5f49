"""Attachments of protected records (dossiers…) become private files.

Frappe lists public files to every desk user whatever the app's File condition (see
``security/files.py``); new attachments are stored private, this moves the older ones.
"""

import frappe

from onestop_center.security.scope import protected_doctypes


def execute():
	doctypes = protected_doctypes()
	if not doctypes:
		return
	for name in frappe.get_all(
		"File",
		filters={"attached_to_doctype": ["in", doctypes], "is_private": 0, "is_folder": 0},
		pluck="name",
	):
		file = frappe.get_doc("File", name)
		if file.is_remote_file:
			continue
		file.is_private = 1
		file.flags.ignore_permissions = True
		file.save()
