"""Portal page: book a queue number for a time slot (route /dat-lich; logged-in citizens).

The slots and the booking go through ``counter_queue.booking`` (limits and capacities there);
the page lists the citizen's own bookings from today on, which they may cancel.
"""

import frappe
from frappe import _

from onestop_center.counter_queue.booking import bookable_days, my_bookings
from onestop_center.counter_queue.tickets import now

no_cache = 1


def get_context(context):
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = "/login?redirect-to=/dat-lich"
		raise frappe.Redirect
	context.title = _("Book a Queue Number")
	context.no_breadcrumbs = True
	context.services = frappe.get_all(
		"Queue Service",
		filters={"is_active": 1, "allow_booking": 1},
		fields=["name", "service_name"],
		order_by="display_order asc, name asc",
	)
	context.days = [{"value": d.isoformat(), "label": d.strftime("%d/%m/%Y")} for d in bookable_days(now())]
	context.bookings = my_bookings()
	return context
