# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Lookup by text message: a citizen texts "TC <mã hồ sơ>" to the centre's number.

The SMS gateway forwards each incoming message to the webhook :func:`receive_sms` with the shared
token of OneStop Settings ("Inbound SMS Token"); the answer is the public status of the dossier
(:func:`onestop_center.portal.lookup.find_dossier`: no personal data, not even the masked name), sent
back to the sender through the gateway and also returned as ``reply`` for gateways that answer from
the webhook's response. Anything else gets the instructions.

    POST /api/method/onestop_center.messaging.inbound.receive_sms
         token=<token>&sender=0901234567&text=TC 000.00.01.H15-261130-0001
    → {"message": {"reply": "HS 000.00.01.H15-261130-0001: Đang giải quyết. Hẹn trả 07/12/2026 17:00."}}
"""

import hmac
import re

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.utils import get_datetime
from frappe.utils.password import get_decrypted_password

from onestop_center import arguments
from onestop_center.messaging import sms
from onestop_center.portal.lookup import find_dossier

SETTINGS = "OneStop Settings"
KEYWORD = re.compile(r"^\s*TC\s+(\S+)\s*$", re.IGNORECASE)
MAX_TEXT = 320


def expected_token() -> str | None:
	return get_decrypted_password(SETTINGS, SETTINGS, "sms_inbound_token", raise_exception=False)


def reply_to(text: str) -> str:
	"""The answer to an incoming message (Vietnamese, at most about two SMS)."""
	match = KEYWORD.match(text or "")
	if not match:
		return _("To look up a dossier, text: TC <dossier code> (the code printed on your receipt).")
	view = find_dossier(match.group(1))
	if not view.get("found"):
		return view["message"]
	parts = [_("Dossier {0}: {1}.").format(view["code"], view["status_text"])]
	due = view.get("rescheduled_due_at") or view.get("due_at")
	if due and not view.get("result_ready"):
		parts.append(_("Due {0}.").format(get_datetime(due).strftime("%d/%m/%Y %H:%M")))
	if view.get("collect_text"):
		parts.append(view["collect_text"])
	return " ".join(parts)


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=600, seconds=60)
def receive_sms(token: str | None = None, sender: str | None = None, text: str | None = None) -> dict:
	"""The SMS gateway's webhook for incoming messages (see the module docstring)."""
	expected = expected_token()
	if not expected or not isinstance(token, str) or not hmac.compare_digest(token.encode(), expected.encode()):
		raise frappe.PermissionError(_("The SMS gateway is not recognised"))
	sender = arguments.text(sender, "Sender", max_length=20)
	if not re.fullmatch(r"\+?\d{8,15}", sender):
		frappe.throw(_("The sender is not a phone number"), arguments.InvalidArgumentError)
	reply = reply_to(arguments.text(text, "Text", required=False, max_length=MAX_TEXT) or "")
	outcome = sms.send([sender], reply)
	return {"reply": reply, "sent": outcome.sent}
