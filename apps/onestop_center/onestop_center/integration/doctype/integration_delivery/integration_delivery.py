# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Integration Delivery: one message of the outbox (see ``onestop_center/integration/outbox.py``)."""

import frappe
from frappe.model.document import Document


class IntegrationDelivery(Document):
	pass


def on_doctype_update():
	# the sender's query: pending messages whose next attempt is due, oldest first
	frappe.db.add_index("Integration Delivery", ["status", "next_attempt_at"])
