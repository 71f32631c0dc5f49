"""Kiosk page: take a queue number (route /kiosk/lay-so, linked from the kiosk's start screen).

The visitor picks a service, optionally a priority group and a phone number, and gets the 80 mm
ticket on screen and on the kiosk's printer (``take_ticket``; no personal data is shown or kept —
a phone number only counts against its daily limit, as a keyed hash).
"""

import frappe
from frappe import _
from frappe.utils import cint

from onestop_center.counter_queue.settings import priority_groups, setting
from onestop_center.counter_queue.tickets import display_state

no_cache = 1


def get_context(context):
	context.title = _("Take a Queue Number")
	context.no_breadcrumbs = True
	state = display_state()
	waiting = {w["service"]: w["waiting"] for w in state["waiting"]}
	context.services = [
		{"name": s.name, "service_name": s.service_name, "prefix": s.prefix, "waiting": waiting.get(s.name, 0)}
		for s in frappe.get_all(
			"Queue Service",
			filters={"is_active": 1},
			fields=["name", "service_name", "prefix"],
			order_by="display_order asc, name asc",
		)
	]
	context.priority_groups = priority_groups()
	context.require_phone = cint(setting("require_phone"))
	context.centre_name = state["centre_name"]
	context.auto_print = cint(frappe.form_dict.get("in") or 0)
	context.messages = {
		"error": _("The number could not be issued. Please try again or ask the staff."),
		"waiting": _("{0} waiting"),
	}
	return context
