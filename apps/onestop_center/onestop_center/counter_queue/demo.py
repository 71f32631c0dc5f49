"""Demo queue services (one per agency served at the demo counters) and a few past days of
served numbers, so that the lobby display, the kiosk and the statistics have something to show.

Idempotent: services are created only when missing (by letter prefix), past tickets only for days
that have none.
"""

import random
import string
from datetime import datetime, timedelta

import frappe
from frappe.utils import getdate

from onestop_center.counter_queue import numbering
from onestop_center.counter_queue.ordering import DONE, EXPIRED, NO_SHOW
from onestop_center.deadlines.store import get_calendar

PAST_DAYS = 5
TICKETS_PER_DAY = 30


def load_queue_services(agencies: dict[str, str], staff: dict, agency_rows: list[dict]) -> list[str]:
	"""One service per agency of the demo counters (counter order), prefixes A, B, C…"""
	short = {row["key"]: row.get("short_name") or row["agency_name"] for row in agency_rows}
	order = []
	for counter in staff["counters"]:
		for key in counter["agencies"]:
			if key not in order:
				order.append(key)
	services = []
	for index, key in enumerate(order[: len(string.ascii_uppercase)]):
		prefix = string.ascii_uppercase[index]
		services.append(prefix)
		if frappe.db.exists("Queue Service", prefix):
			continue
		counters = [c["number"] for c in staff["counters"] if key in c["agencies"] and frappe.db.exists("Counter", c["number"])]
		fields = frappe.get_all("Procedure Field", filters={"agency": agencies[key]}, pluck="name")
		frappe.get_doc(
			{
				"doctype": "Queue Service",
				"prefix": prefix,
				"service_name": short[key],
				"display_order": index,
				"counters": [{"counter": c} for c in counters],
				"procedure_fields": [{"procedure_field": f} for f in fields],
				"average_service_minutes": 10,
			}
		).insert(ignore_permissions=True)
	return services


def load_past_tickets(services: list[str], today=None) -> int:
	"""Served, abandoned and no-show numbers on the last working days (seeded, so the same every time)."""
	calendar = get_calendar()
	day = getdate(today) if today else datetime.now().date()
	rng = random.Random(20261130)
	officers = dict(frappe.get_all("Counter", fields=["name", "officer"], as_list=True))
	created, days = 0, 0
	while days < PAST_DAYS:
		day -= timedelta(days=1)
		if not calendar.is_working_day(day):
			continue
		days += 1
		if frappe.db.exists("Queue Ticket", {"queue_date": day}):
			continue
		for _ in range(TICKETS_PER_DAY):
			service = rng.choice(services[:6])
			counters = frappe.get_all("Queue Service Counter", filters={"parent": service}, pluck="counter")
			if not counters:
				continue
			sequence = numbering.take_number(service, day)
			issued = datetime.combine(day, datetime.min.time()) + timedelta(hours=8, minutes=rng.randint(0, 420))
			wait = rng.randint(2, 35)
			serve = rng.randint(4, 20)
			status = rng.choices([DONE, NO_SHOW, EXPIRED], weights=[26, 2, 2])[0]
			counter = rng.choice(counters)
			called = issued + timedelta(minutes=wait) if status != EXPIRED else None
			ticket = frappe.get_doc(
				{
					"doctype": "Queue Ticket",
					"ticket_number": numbering.ticket_number(service, sequence),
					"service": service,
					"status": status,
					"queue_date": day,
					"sequence": sequence,
					"channel": "Kiosk",
					"issued_at": issued,
					"called_at": called,
					"finished_at": (called + timedelta(minutes=serve)) if called else issued + timedelta(hours=2),
					"counter": counter if called else None,
					"officer": officers.get(counter) if called else None,
					"wait_minutes": wait if called else None,
					"serve_minutes": serve if status == DONE else None,
				}
			)
			ticket.name = numbering.ticket_name(service, sequence, day)
			ticket.flags.name_set = True
			ticket.insert(ignore_permissions=True)
			created += 1
	return created
