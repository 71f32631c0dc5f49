"""The lobby display (route /hien-thi): numbers being served at each counter and the last calls.

Public, full screen, for a TV at 1920×1080. It is drawn from :func:`display_state` and then kept
current by socket.io: the server publishes every call to the public ``website`` room
(``onestop_queue_display``: numbers, counters and services only), so the page never polls.
"""

import frappe
from frappe import _

from onestop_center.counter_queue.tickets import DISPLAY_EVENT, display_state

no_cache = 1


def get_context(context):
	context.no_breadcrumbs = True
	context.title = _("Queue Display")
	context.state = display_state()
	context.event = DISPLAY_EVENT
	context.sitename = frappe.local.site
	context.socketio_port = frappe.conf.socketio_port or 9000
	context.messages = {
		"call": _("Number {0}, please come to {1}"),
		"speech": _("Inviting number {0} to {1}"),
		"idle": _("Please wait for your number"),
	}
	return context
