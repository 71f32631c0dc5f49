# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Every SMS of the app goes through :mod:`onestop_center.messaging.sms`.

Two of Frappe's paths went around it:

* Notification records of channel SMS (the citizens' notices "… (SMS)", ``portal/notifications.py``)
  call Frappe's ``send_sms``: the first number the gateway refused raised, the Notification logged
  an error and no SMS Log said so (a message that had failed was not told apart from one never
  tried; one that half went out was counted as sent only once all numbers were through).
  :class:`OnestopNotification` (``override_doctype_class``) sends them number by number with an
  SMS Log per attempt — Sent, Partly Sent or Failed — referring to the document.
* Frappe's ``sms_settings.send_sms`` is a whitelisted method any logged-in user could call — a
  citizen's account could send any text to any number through the centre's gateway, at its cost.
  :func:`send_sms` replaces it (``override_whitelisted_methods``): System Managers and OneStop
  Administrators only, through the same logged path.
"""

import json

import frappe
from frappe import _
from frappe.email.doctype.notification.notification import Notification

from onestop_center import arguments
from onestop_center.messaging import sms
from onestop_center.setup.roles import ONESTOP_ADMINISTRATOR

SENDERS = ("System Manager", ONESTOP_ADMINISTRATOR)
MAX_NUMBERS = 100


class OnestopNotification(Notification):
	def send_sms(self, doc, context):
		sms.send(
			self.get_receiver_list(doc, context),
			frappe.render_template(self.message, context),
			reference=(doc.doctype, doc.name),
		)


@frappe.whitelist(methods=["POST"])
def send_sms(
	receiver_list: str | list | None = None,
	msg: str | None = None,
	sender_name: str | None = None,
	success_msg: bool | int | str | None = True,
) -> dict:
	"""Frappe's "send an SMS" for the administrators only; every number logged with its outcome."""
	if not set(SENDERS) & set(frappe.get_roles()):
		frappe.throw(_("Only an administrator can send text messages from the desk"), frappe.PermissionError)
	if isinstance(receiver_list, str):
		try:
			receiver_list = json.loads(receiver_list)
		except ValueError:
			receiver_list = [receiver_list]
	if not isinstance(receiver_list, list):
		receiver_list = [receiver_list]
	numbers = [arguments.text(number, "Phone", max_length=20) for number in receiver_list[: MAX_NUMBERS + 1]]
	if len(numbers) > MAX_NUMBERS:
		frappe.throw(_("At most {0} numbers at a time").format(MAX_NUMBERS), arguments.InvalidArgumentError)
	outcome = sms.send(numbers, arguments.text(msg, "Message", max_length=1000))
	return {"status": outcome.status, "sent_to": outcome.sent_to, "log": outcome.log}
