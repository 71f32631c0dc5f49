"""Appointments booked online: a service and a time slot on a working day.

Slots split the working sessions of the working calendar into ``slot_minutes`` pieces; each slot
takes ``slot_capacity`` bookings and the day ``daily_booking_capacity`` per service. A citizen
books at most ``bookings_per_day`` numbers a day and ``bookings_per_service`` per service, from
today up to ``booking_days_ahead`` working days ahead (Queue Settings). The booking is a ticket
with the service's next number of that day, called from the start of its slot like a walk-in one
(:mod:`onestop_center.counter_queue.ordering`); not called by the end of its slot plus the grace
period, it expires (:func:`expire_tickets`, every five minutes).

Capacities are counted under the row lock of the service's day counter
(:func:`numbering.lock_day`), so two citizens never both get the last place of a slot.
"""

from datetime import date, datetime, timedelta

import frappe
from frappe import _
from frappe.utils import cint, get_datetime, getdate

from onestop_center import arguments
from onestop_center.counter_queue import numbering
from onestop_center.counter_queue.ordering import CALLED, DONE, EXPIRED, WAITING
from onestop_center.counter_queue.settings import int_setting
from onestop_center.counter_queue.tickets import SERVICE, TICKET, active_service, issue_ticket, now, ticket_card
from onestop_center.deadlines.store import get_calendar

BOOKED_STATES = (WAITING, CALLED, DONE)


class BookingError(frappe.ValidationError):
	"""A booking the rules refuse (limits, capacity, days)."""


def _refuse(message) -> None:
	frappe.local.flags.disable_traceback = True
	frappe.throw(message, BookingError, title=_("Cannot book"))


def slot_times(service: frappe._dict, day: date) -> list[tuple[datetime, datetime]]:
	"""The slots of ``day`` (empty on a day off)."""
	length = timedelta(minutes=max(cint(service.slot_minutes) or 30, 5))
	slots = []
	for start, end in get_calendar().sessions_on(day):
		moment = datetime.combine(day, start)
		close = datetime.combine(day, end)
		while moment + length <= close:
			slots.append((moment, moment + length))
			moment += length
	return slots


def bookable_days(moment: datetime) -> list[date]:
	"""Today (if working) and the next ``booking_days_ahead`` working days."""
	calendar = get_calendar()
	ahead = int_setting("booking_days_ahead")
	today = moment.date()
	days = [today] if calendar.is_working_day(today) else []
	day, counted = today, 0
	while counted < ahead and day < today + timedelta(days=60):
		day += timedelta(days=1)
		if calendar.is_working_day(day):
			days.append(day)
			counted += 1
	return days


def _service(service) -> frappe._dict:
	row = active_service(service)
	booking = frappe.db.get_value(
		SERVICE, row.name, ["allow_booking", "slot_minutes", "slot_capacity", "daily_booking_capacity"], as_dict=True
	)
	row.update(booking)
	if not row.allow_booking:
		_refuse(_("Service {0} does not take appointments").format(row.service_name))
	return row


def _booked(service: str, day: date) -> dict:
	"""Bookings per slot start (and in all) of a service on a day."""
	rows = frappe.db.sql(
		"""select `appointment_start`, count(*) from `tabQueue Ticket`
		where `service` = %s and `queue_date` = %s and `channel` = 'Online' and `status` in %s
		group by `appointment_start`""",
		(service, day, BOOKED_STATES),
	)
	return {get_datetime(start): n for start, n in rows}


def available_slots(service, day) -> list[dict]:
	"""Slots of the day still open for booking, with the places left."""
	row = _service(service)
	day = arguments.calendar_date(day, "Date", required=True)
	moment = now()
	if day not in bookable_days(moment):
		return []
	booked = _booked(row.name, day)
	day_left = cint(row.daily_booking_capacity) - sum(booked.values())
	slots = []
	for start, end in slot_times(row, day):
		left = min(cint(row.slot_capacity) - booked.get(start, 0), day_left)
		if start > moment and left > 0:
			slots.append({"start": start.strftime("%H:%M"), "end": end.strftime("%H:%M"), "left": left})
	return slots


def book(service, day, slot, user: str | None = None):
	"""Book ``slot`` (HH:MM) of ``day`` for ``user``; returns the ticket."""
	user = user or frappe.session.user
	row = _service(service)
	day = arguments.calendar_date(day, "Date", required=True)
	slot = arguments.text(slot, "Time Slot", max_length=5)
	moment = now()
	if day not in bookable_days(moment):
		_refuse(
			_("Appointments can be booked on working days from today up to {0} working days ahead").format(
				int_setting("booking_days_ahead")
			)
		)
	match = [s for s in slot_times(row, day) if s[0].strftime("%H:%M") == slot]
	if not match or match[0][0] <= moment:
		_refuse(_("Time slot {0} is not available").format(arguments.shown(slot)))
	start, end = match[0]
	mine = frappe.get_all(
		TICKET,
		filters={"citizen_user": user, "queue_date": day, "status": ["in", BOOKED_STATES]},
		pluck="service",
	)
	if len(mine) >= int_setting("bookings_per_day"):
		_refuse(_("You can book at most {0} numbers a day").format(int_setting("bookings_per_day")))
	if mine.count(row.name) >= int_setting("bookings_per_service"):
		_refuse(_("You can book at most {0} numbers a day for one service").format(int_setting("bookings_per_service")))
	numbering.lock_day(row.name, day)
	booked = _booked(row.name, day)
	if booked.get(start, 0) >= cint(row.slot_capacity):
		_refuse(_("Time slot {0} is full").format(slot))
	if sum(booked.values()) >= cint(row.daily_booking_capacity):
		_refuse(_("All appointments of that day are taken"))
	applicant = frappe.db.get_value("Applicant", {"user": user}, "name")
	return issue_ticket(
		row.name,
		moment=moment,
		channel="Online",
		day=day,
		appointment=(start, end),
		citizen_user=user,
		applicant=applicant,
		check_hours=False,
	)


def _citizen() -> str:
	if frappe.session.user == "Guest":
		frappe.local.flags.disable_traceback = True
		frappe.throw(_("Please log in to book an appointment"), frappe.PermissionError)
	return frappe.session.user


@frappe.whitelist(methods=["GET"])
def get_slots(service: str, date: str) -> list[dict]:
	"""Open slots of a service on a day (logged-in users)."""
	_citizen()
	return available_slots(service, date)


@frappe.whitelist(methods=["POST"])
def book_appointment(service: str, date: str, slot: str) -> dict:
	"""Book a time slot; answers the ticket's card (number, slot, service)."""
	return ticket_card(book(service, date, slot, _citizen()))


@frappe.whitelist(methods=["POST"])
def cancel_booking(ticket: str) -> dict:
	"""Cancel one's own booking not yet called."""
	user = _citizen()
	name = arguments.name(ticket, "Queue Ticket")
	row = frappe.db.get_value(TICKET, name, ["name", "citizen_user", "status"], as_dict=True)
	if not row or row.citizen_user != user:
		arguments._refuse(_("Queue Ticket {0} does not exist").format(arguments.shown(name)), frappe.DoesNotExistError)
	if row.status != WAITING:
		_refuse(_("This number has already been called"))
	frappe.db.set_value(TICKET, name, {"status": EXPIRED, "finished_at": now()})
	return {"name": name, "status": EXPIRED}


def my_bookings(user: str | None = None) -> list[dict]:
	"""The user's bookings from today on (no one else's)."""
	rows = frappe.get_all(
		TICKET,
		filters={"citizen_user": user or frappe.session.user, "queue_date": [">=", now().date()], "channel": "Online"},
		fields=["name", "ticket_number", "service", "appointment_start", "appointment_end", "status"],
		order_by="appointment_start asc",
		ignore_permissions=True,
	)
	names = dict(frappe.get_all(SERVICE, fields=["name", "service_name"], as_list=True))
	for r in rows:
		r.service_name = names.get(r.service, r.service)
	return rows


# -- scheduler ------------------------------------------------------------------------------------


def expire_tickets(moment: datetime | None = None) -> int:
	"""Close the numbers that can no longer be called: booked numbers past their slot and the
	grace period, and any number left waiting from a previous day. Idempotent (one UPDATE of
	waiting tickets); returns how many were closed."""
	moment = moment or now()
	grace = timedelta(minutes=int_setting("no_show_grace_minutes"))
	frappe.db.sql(
		"""update `tabQueue Ticket` set `status` = %(expired)s, `finished_at` = %(now)s, `modified` = %(now)s
		where `status` = %(waiting)s and (`queue_date` < %(today)s
			or (`appointment_end` is not null and `appointment_end` < %(limit)s))""",
		{"expired": EXPIRED, "waiting": WAITING, "now": moment, "today": moment.date(), "limit": moment - grace},
	)
	return frappe.db._cursor.rowcount
