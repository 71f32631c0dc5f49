"""Kiosk page of the satisfaction survey (route /kiosk/danh-gia), reached from the kiosk's start
screen (/kiosk). Full-screen, touch-sized, no login and no way out to the desk; back to /kiosk
after 60 s without a touch. The citizen scans or types the dossier code from the receipt and the
last 4 digits of the ID number, then answers one question per screen."""

import frappe
from frappe import _

from onestop_center.surveys.questions import LEVELS

no_cache = 1
IDLE_SECONDS = 60


def get_context(context):
	context.title = _("Satisfaction Survey")
	context.levels = [{"value": level, "label": _(level)} for level in LEVELS]
	context.idle_seconds = IDLE_SECONDS
	context.messages = {
		"question": _("Question {0} of {1}"),
		"overall": _("Overall, how satisfied are you with the handling of your dossier?"),
		"error": _("Something went wrong. Please try again."),
		"incomplete": _("Scan or type the dossier code and the last 4 digits of the ID number"),
		"replaced": _("Thank you. Your new answers replace your earlier rating of this dossier."),
		"thanks": _("Thank you for your rating."),
		"rated": _("This dossier has been rated already: your answers will replace the earlier ones."),
	}
	return context
