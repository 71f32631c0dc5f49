# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Integration Settings: endpoints, credentials and retry policy of the outbox (``integration/``)."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint


class IntegrationSettings(Document):
	def validate(self):
		for fieldname in ("max_attempts", "base_delay", "max_delay", "request_timeout"):
			if self.get(fieldname) is not None and cint(self.get(fieldname)) < 1:
				frappe.throw(_("{0} must be at least 1").format(_(self.meta.get_label(fieldname))))
		seen = set()
		for row in self.get("department_systems") or []:
			if row.agency in seen:
				frappe.throw(_("Agency {0} has more than one system").format(row.agency))
			seen.add(row.agency)
		for fieldname in ("national_endpoint", "dms_endpoint"):
			self.check_url(self.get(fieldname))
		for row in self.get("department_systems") or []:
			self.check_url(row.endpoint_url)

	@staticmethod
	def check_url(url):
		if url and not url.lower().startswith(("http://", "https://")):
			frappe.throw(_("The address {0} must start with http:// or https://").format(frappe.bold(url)))
