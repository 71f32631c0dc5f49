# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Notices to the citizen through the channel chosen at reception (Dossier ``notify_by``).

* **Email** → ``frappe.sendmail`` (Email Queue) to the dossier's ``email``;
* **SMS** → the gateway of Frappe's SMS Settings (:mod:`onestop_center.messaging.sms`; an SMS Log
  records every attempt, and only an accepted message counts as sent);
* **Phone** → a ToDo for the reception officer to call the citizen.

A notice that cannot go out (no gateway, no address, gateway error) never raises: the failure is
returned, and written on the dossier's timeline, so the centre can follow up by hand. Used by the
Apology Letter and by the lifecycle ("result ready → notify the citizen").
"""

from __future__ import annotations

from dataclasses import dataclass

import frappe
from frappe import _
from frappe.utils import escape_html, get_datetime, now_datetime

from onestop_center.messaging import sms
from onestop_center.setup.roles import RECEPTION_OFFICER

EMAIL = "Email"
SMS = "SMS"
PHONE = "Phone"
CHANNELS = (PHONE, SMS, EMAIL)
# Messages to citizens are in Vietnamese whatever the officer's own language.
CITIZEN_LANGUAGE = "vi"


@dataclass
class NoticeResult:
	channel: str | None
	sent: bool
	sent_at: object = None
	note: str = ""


def format_moment(value) -> str:
	"""dd/mm/yyyy HH:mm, the way appointments are written for citizens."""
	return get_datetime(value).strftime("%d/%m/%Y %H:%M") if value else ""


def notify_citizen(dossier, subject: str, message: str) -> NoticeResult:
	"""Send ``message`` to the dossier's applicant by the channel they chose.

	``dossier`` is a Dossier name or document. Returns a :class:`NoticeResult`; ``sent`` is False
	(with a translated ``note``) when the notice could not go out. Never raises for delivery problems.
	"""
	if isinstance(dossier, str):
		dossier = frappe.get_doc("Dossier", dossier)
	channel = dossier.get("notify_by") or None
	if channel == EMAIL:
		result = _by_email(dossier, subject, message)
	elif channel == SMS:
		result = _by_sms(dossier, message)
	elif channel == PHONE:
		result = _by_phone(dossier, subject, message)
	else:
		result = NoticeResult(channel, False, note=_("The citizen chose no notification channel"))
	_record_on_timeline(dossier, subject, result)
	return result


def _by_email(dossier, subject: str, message: str) -> NoticeResult:
	if not dossier.get("email"):
		return NoticeResult(EMAIL, False, note=_("The dossier has no e-mail address"))
	try:
		frappe.sendmail(
			recipients=[dossier.email],
			subject=subject,
			message="".join(f"<p>{escape_html(line)}</p>" for line in message.splitlines() if line.strip()),
			reference_doctype="Dossier",
			reference_name=dossier.name,
			delayed=True,
		)
	except (frappe.OutgoingEmailError, frappe.ValidationError) as error:
		frappe.log_error(title=f"Citizen notice by e-mail failed for {dossier.name}")
		return NoticeResult(EMAIL, False, note=_("The e-mail could not be queued: {0}").format(str(error)))
	return NoticeResult(EMAIL, True, now_datetime())


def sms_gateway_configured() -> bool:
	return sms.gateway_configured()


def _by_sms(dossier, message: str) -> NoticeResult:
	if not dossier.get("phone"):
		return NoticeResult(SMS, False, note=_("The dossier has no phone number"))
	if not sms_gateway_configured():
		return NoticeResult(SMS, False, note=_("The SMS could not be sent: no SMS gateway is configured"))
	try:
		outcome = sms.send([dossier.phone], message, reference=("Dossier", dossier.name))
	except frappe.ValidationError as error:  # a number the gateway settings refuse
		return NoticeResult(SMS, False, note=_("The SMS could not be sent: {0}").format(str(error)[:200]))
	if not outcome.sent:
		frappe.log_error(title=f"Citizen notice by SMS failed for {dossier.name}", message="\n".join(outcome.errors))
		return NoticeResult(SMS, False, note=_("The SMS could not be sent: {0}").format("; ".join(outcome.errors)[:200]))
	return NoticeResult(SMS, True, now_datetime())


def _by_phone(dossier, subject: str, message: str) -> NoticeResult:
	"""A ToDo for the officer who received the dossier (and the Reception Officer role) to call."""
	phone = dossier.get("phone") or _("no phone number recorded")
	todo = frappe.get_doc(
		{
			"doctype": "ToDo",
			"status": "Open",
			"priority": "High",
			"date": now_datetime().date(),
			"allocated_to": dossier.get("received_by") or None,
			"role": RECEPTION_OFFICER,
			"reference_type": "Dossier",
			"reference_name": dossier.name,
			"description": _("Call the citizen {0} ({1}) about dossier {2}: {3}").format(
				escape_html(dossier.get("applicant_name") or ""),
				escape_html(phone),
				dossier.name,
				escape_html(message),
			),
		}
	).insert(ignore_permissions=True)
	return NoticeResult(PHONE, True, now_datetime(), note=_("Phone call to make: {0}").format(todo.name))


def _record_on_timeline(dossier, subject: str, result: NoticeResult) -> None:
	channel = _(result.channel) if result.channel else "-"
	if result.sent:
		text = _("Notice to the citizen ({0}): {1}").format(channel, escape_html(subject))
	else:
		text = _("Notice to the citizen ({0}) NOT sent: {1}. Please contact the citizen directly.").format(
			channel, escape_html(result.note)
		)
	dossier.add_comment("Info", text)
