# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""One SMS sent (or not) through the gateway of SMS Settings.

Frappe v15 writes an "SMS Log" after a gateway accepted a message but ships no such DocType (ERPNext
used to): this one gives it a home, and :mod:`onestop_center.messaging.sms` adds the failures.
Written by the system only (``in_create``; no role may create or edit one).
"""

from frappe.model.document import Document


class SMSLog(Document):
	pass
