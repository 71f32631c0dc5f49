# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Delegated Action: one action a deputy took on behalf of a head (append-only).

Written only by :func:`onestop_center.delegation.authority.record_action`, with the delegation, the
deputy, the head, how the deputy signed (KT./TL./TUQ.), the document and the action; no role may
create, change or delete one. The printed forms read it to sign on behalf of the head.
"""

import frappe
from frappe import _
from frappe.model.document import Document


class DelegatedAction(Document):
	def validate(self):
		if not self.is_new() and not self.flags.ignore_permissions:
			frappe.throw(_("The record of a delegated action cannot be changed"), frappe.PermissionError)
