# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Text messages through the HTTP gateway configured in Frappe's SMS Settings.

Frappe's ``send_sms`` stops at the first number the gateway refuses, records nothing when it fails,
and (without ERPNext) raised after a success when it could not write its SMS Log. :func:`send`
asks the gateway number by number with Frappe's own request builder, and records every attempt in an
SMS Log with its outcome, so that a message is counted as sent only when the gateway accepted it.
"""

from dataclasses import dataclass, field

import frappe
from frappe import _
from frappe.core.doctype.sms_settings import sms_settings
from frappe.utils import nowdate
from requests import RequestException

SENT, PARTLY_SENT, FAILED = "Sent", "Partly Sent", "Failed"


@dataclass
class SmsOutcome:
	status: str
	sent_to: list[str] = field(default_factory=list)
	errors: list[str] = field(default_factory=list)
	log: str | None = None

	@property
	def sent(self) -> bool:
		return self.status == SENT


def gateway_configured() -> bool:
	return bool(frappe.db.get_single_value("SMS Settings", "sms_gateway_url"))


def send(numbers: list[str], message: str, reference: tuple[str, str] | None = None) -> SmsOutcome:
	"""Send ``message`` to each of ``numbers``; never raises for a gateway problem."""
	requested = [str(n).strip() for n in numbers if n and str(n).strip()]
	if not gateway_configured():
		outcome = SmsOutcome(FAILED, errors=[_("No SMS gateway is configured")])
	elif not requested:
		outcome = SmsOutcome(FAILED, errors=[_("No phone number to send to")])
	else:
		outcome = _through_gateway(sms_settings.validate_receiver_nos(requested), message)
	outcome.log = _record(requested, message, outcome, reference)
	return outcome


def _through_gateway(numbers: list[str], message: str) -> SmsOutcome:
	settings = frappe.get_doc("SMS Settings")
	headers = sms_settings.get_headers(settings)
	use_json = headers.get("Content-Type") == "application/json"
	params = {row.parameter: row.value for row in settings.get("parameters") if not row.header}
	params[settings.message_parameter] = message
	sent, errors = [], []
	for number in numbers:
		try:
			status = sms_settings.send_request(
				settings.sms_gateway_url,
				{**params, settings.receiver_parameter: number},
				headers,
				settings.use_post,
				use_json,
			)
		except RequestException as error:
			errors.append(f"{number}: {str(error)[:200]}")
			continue
		if 200 <= int(status or 0) < 300:
			sent.append(number)
		else:
			errors.append(f"{number}: HTTP {status}")
	status = SENT if not errors else (PARTLY_SENT if sent else FAILED)
	return SmsOutcome(status, sent, errors)


def _record(requested: list[str], message: str, outcome: SmsOutcome, reference) -> str:
	log = frappe.get_doc(
		{
			"doctype": "SMS Log",
			"sent_on": nowdate(),
			"status": outcome.status,
			"message": message,
			"no_of_requested_sms": len(requested),
			"requested_numbers": "\n".join(requested),
			"no_of_sent_sms": len(outcome.sent_to),
			"sent_to": "\n".join(outcome.sent_to),
			"error": "\n".join(outcome.errors)[:1000] or None,
			"reference_doctype": reference[0] if reference else None,
			"reference_name": reference[1] if reference else None,
		}
	)
	log.insert(ignore_permissions=True)
	return log.name
