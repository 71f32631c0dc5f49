# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""A batch of received dossiers handed to one agency at one transfer window (hand-over slip).

Batches are made by :mod:`onestop_center.transfers.windows`; there is at most one per agency and
window (a unique index on ``agency`` and ``window_at``), so running a window twice cannot make a
second batch.
"""

import frappe
from frappe.model.document import Document


class TransferBatch(Document):
	def validate(self):
		self.dossier_count = len(self.dossiers)


def on_doctype_update():
	frappe.db.add_unique("Transfer Batch", ["agency", "window_at"], constraint_name="unique_agency_window")
