# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Queue numbers, calling order, appointments and the dossier started from a ticket.

The calling order is table-driven with a frozen clock (``deadline.now`` patched): each scenario
issues walk-in, priority and booked numbers at given times, then calls "next" at given times and
expects the numbers in a given order — the database's ``FOR UPDATE SKIP LOCKED`` query and the
pure rules of ``ordering`` must both give it. Days are on the shipped 2026 official calendar
(sessions 08:00–12:00, 13:00–17:00): Tuesday 01/12/2026 is a working day, 05–06/12 a weekend.
"""

import random
import string
from contextlib import contextmanager
from datetime import datetime
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import get_datetime

from onestop_center.arguments import InvalidArgumentError
from onestop_center.counter_queue import booking, calling, ordering, tickets
from onestop_center.counter_queue.settings import OutsideOpeningHoursError
from onestop_center.dossiers import deadline
from onestop_center.testing import make_dossier, make_user, unique_token

DAY = "2026-12-01"


def at(text: str) -> datetime:
	return datetime.strptime(text if " " in text else f"{DAY} {text}", "%Y-%m-%d %H:%M")


@contextmanager
def frozen(moment: str):
	with patch.object(deadline, "now", return_value=at(moment)):
		yield


def make_counter(officer: str | None = None) -> str:
	return frappe.get_doc(
		{"doctype": "Counter", "counter_number": f"T{unique_token(6)}", "counter_name": "Quầy thử", "officer": officer}
	).insert().name


def make_service(*counters: str, **fields) -> str:
	while True:
		prefix = "".join(random.choice(string.ascii_uppercase) for _ in range(2))
		if not frappe.db.exists("Queue Service", prefix):
			break
	return frappe.get_doc(
		{
			"doctype": "Queue Service",
			"prefix": prefix,
			"service_name": f"Dịch vụ thử {prefix}",
			"counters": [{"counter": c} for c in counters],
			**fields,
		}
	).insert().name


class QueueTestCase(FrappeTestCase):
	def setUp(self):
		frappe.set_user("Administrator")
		settings = frappe.get_single("Queue Settings")
		self._settings = settings.as_dict()
		settings.update(
			{
				"ignore_opening_hours": 0,
				"max_tickets_per_phone": 3,
				"require_phone": 0,
				"bookings_per_day": 2,
				"bookings_per_service": 1,
				"booking_days_ahead": 6,
				"no_show_grace_minutes": 15,
			}
		)
		settings.save()
		self.counter = make_counter()
		self.service = make_service(self.counter)

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.local.message_log = []

	def issue(self, moment: str, priority: bool = False, slot: tuple | None = None, service: str | None = None):
		with frozen(moment):
			return tickets.issue_ticket(
				service or self.service,
				priority_group="Người cao tuổi" if priority else None,
				appointment=(at(slot[0]), at(slot[1])) if slot else None,
				channel="Online" if slot else "Kiosk",
				day=at(slot[0]).date() if slot else None,
				check_hours=not slot,
			)

	def call_next(self, moment: str, counter: str | None = None) -> str | None:
		with frozen(moment):
			state = calling.call_next(counter or self.counter)
		return state["current"]["name"] if state["current"] else None


class TestNumbering(QueueTestCase):
	def test_numbers_are_consecutive_per_service_and_restart_each_day(self):
		other = make_service(self.counter)
		first = [self.issue(t) for t in ("08:01", "08:02", "08:03")]
		self.assertEqual([t.sequence for t in first], [1, 2, 3])
		prefix = frappe.db.get_value("Queue Service", self.service, "prefix")
		self.assertEqual([t.ticket_number for t in first], [f"{prefix}001", f"{prefix}002", f"{prefix}003"])
		self.assertEqual(self.issue("08:04", service=other).sequence, 1)
		self.assertEqual(self.issue("2026-12-02 08:00").sequence, 1)
		self.assertEqual(first[0].name, f"{prefix}001-261201")

	def test_tickets_only_in_working_sessions_unless_the_settings_say_otherwise(self):
		for closed in ("07:59", "12:30", "17:00", "2026-12-05 09:00"):
			with self.subTest(closed):
				self.assertRaises(OutsideOpeningHoursError, self.issue, closed)
		frappe.db.set_single_value("Queue Settings", "ignore_opening_hours", 1)
		self.assertEqual(self.issue("2026-12-05 09:00").status, ordering.WAITING)

	def test_limit_per_phone_number_per_day(self):
		frappe.db.set_single_value("Queue Settings", "max_tickets_per_phone", 2)
		with frozen("09:00"):
			for _ in range(2):
				tickets.issue_ticket(self.service, phone="0912 345 678")
			self.assertRaises(tickets.TicketLimitError, tickets.issue_ticket, self.service, phone="+84912345678")
			tickets.issue_ticket(self.service, phone="0987654321")
			self.assertRaises(InvalidArgumentError, tickets.issue_ticket, self.service, phone="12")
			self.assertRaises(InvalidArgumentError, tickets.issue_ticket, self.service, priority_group="VIP")

	def test_card_shows_people_ahead_and_estimated_wait_without_personal_data(self):
		frappe.db.set_value("Queue Service", self.service, "average_service_minutes", 12)
		for t in ("08:01", "08:02"):
			self.issue(t)
		third = self.issue("08:03")
		with frozen("08:03"):
			card = tickets.ticket_card(third)
		self.assertEqual((card["people_ahead"], card["estimated_wait"]), (2, 24))
		self.assertIn(card["ticket_number"], card["html"])
		self.assertNotIn("phone", " ".join(card))


# Calling order scenarios: tickets (label, issued at, priority, booked slot) and calls (at, expected label)
SCENARIOS = [
	(
		"walk-ins by issue time",
		[("W1", "08:10", False, None), ("W2", "08:05", False, None), ("W3", "08:20", False, None)],
		[("09:00", "W2"), ("09:01", "W1"), ("09:02", "W3"), ("09:03", None)],
	),
	(
		"priority groups before walk-ins, by issue time",
		[("W1", "08:01", False, None), ("P1", "08:30", True, None), ("P2", "08:20", True, None)],
		[("09:00", "P2"), ("09:01", "P1"), ("09:02", "W1")],
	),
	(
		"booked numbers at their slot, before priority, not before the slot",
		[
			("W1", "08:01", False, None),
			("P1", "08:02", True, None),
			("B1", "2026-11-30 10:00", False, ("09:30", "10:00")),
			("B2", "2026-11-30 10:00", False, ("09:00", "09:30")),
		],
		[("09:00", "B2"), ("09:10", "P1"), ("09:29", "W1"), ("09:30", "B1"), ("09:31", None)],
	),
	(
		"a booked number still called after its slot (until it expires), in slot order",
		[("W1", "08:01", False, None), ("B1", "2026-11-30 10:00", False, ("08:30", "09:00"))],
		[("09:05", "B1"), ("09:06", "W1")],
	),
]


class TestCallingOrder(QueueTestCase):
	def test_scenarios(self):
		for title, issued, calls in SCENARIOS:
			with self.subTest(title):
				counter = make_counter()
				service = make_service(counter)
				labels, queued = {}, []
				for label, moment, priority, slot in issued:
					ticket = self.issue(moment, priority, slot, service=service)
					labels[ticket.name] = label
					queued.append(
						ordering.QueuedTicket(
							ticket.name,
							get_datetime(ticket.issued_at),
							ticket.sequence,
							bool(ticket.is_priority),
							get_datetime(ticket.appointment_start) if ticket.appointment_start else None,
						)
					)
				for moment, expected in calls:
					pure = ordering.call_order(queued, at(moment))
					self.assertEqual(labels[pure[0].name] if pure else None, expected, f"rules at {moment}")
					called = self.call_next(moment, counter)
					self.assertEqual(labels.get(called), expected, f"database at {moment}")
					queued = [t for t in queued if t.name != called]

	def test_counter_calls_only_its_services_and_tickets_sent_to_it(self):
		other_counter = make_counter()
		other_service = make_service(other_counter)
		mine = self.issue("08:00")
		theirs = self.issue("08:01", service=other_service)
		self.assertEqual(self.call_next("09:00"), mine.name)
		self.assertIsNone(self.call_next("09:01"))
		self.assertEqual(frappe.db.get_value("Queue Ticket", mine.name, "status"), ordering.DONE)
		self.assertEqual(self.call_next("09:02", other_counter), theirs.name)

	def test_recall_no_show_finish_and_times(self):
		first, second = self.issue("08:00"), self.issue("08:10")
		self.assertEqual(self.call_next("08:30"), first.name)
		with frozen("08:31"):
			calling.recall(self.counter, first.name)
			calling.mark_no_show(self.counter, first.name)
		row = frappe.db.get_value("Queue Ticket", first.name, ["status", "recall_count", "wait_minutes"], as_dict=True)
		self.assertEqual((row.status, row.recall_count, row.wait_minutes), (ordering.NO_SHOW, 1, 30))
		self.assertEqual(self.call_next("08:40"), second.name)
		with frozen("08:52"):
			calling.finish(self.counter, second.name)
		row = frappe.db.get_value("Queue Ticket", second.name, ["status", "serve_minutes", "wait_minutes"], as_dict=True)
		self.assertEqual((row.status, row.serve_minutes, row.wait_minutes), (ordering.DONE, 12, 30))
		with frozen("08:53"):
			self.assertRaises(calling.TicketStateError, calling.finish, self.counter, second.name)

	def test_transfer_to_another_service_or_counter_keeps_the_place(self):
		other_counter = make_counter()
		other_service = make_service(other_counter)
		early = self.issue("08:00")
		later = self.issue("08:20", service=other_service)
		self.call_next("08:30")
		with frozen("08:35"):
			calling.transfer(self.counter, early.name, service=other_service)
		self.assertEqual(self.call_next("08:36", other_counter), early.name)
		self.assertEqual(self.call_next("08:40", other_counter), later.name)
		with frozen("08:45"):
			calling.transfer(other_counter, later.name, to_counter=self.counter)
		self.assertEqual(self.call_next("08:46"), later.name)
		self.assertEqual(frappe.db.get_value("Queue Ticket", later.name, "transfer_count"), 1)

	def test_only_the_counters_officer_calls_there(self):
		officer = make_user("Reception Officer")
		colleague = make_user("Reception Officer")
		frappe.db.set_value("Counter", self.counter, "officer", officer)
		self.issue("08:00")
		frappe.set_user(colleague)
		self.assertRaises(calling.NotYourCounterError, self.call_next, "09:00")
		frappe.set_user(make_user("Department Specialist"))
		self.assertRaises(frappe.PermissionError, self.call_next, "09:00")
		frappe.set_user(officer)
		self.assertIsNotNone(self.call_next("09:00"))


class TestBooking(QueueTestCase):
	def setUp(self):
		super().setUp()
		frappe.db.set_value(
			"Queue Service",
			self.service,
			{"slot_minutes": 30, "slot_capacity": 1, "daily_booking_capacity": 3, "allow_booking": 1},
		)
		self.citizen = make_user("Citizen")

	def book(self, moment: str, slot: str, day: str = DAY, user: str | None = None, service: str | None = None):
		with frozen(moment):
			return booking.book(service or self.service, day, slot, user or self.citizen)

	def test_slots_capacity_and_limits(self):
		with frozen("09:00"):
			slots = booking.available_slots(self.service, DAY)
		self.assertEqual(slots[0]["start"], "09:30")
		self.assertIn("13:00", [s["start"] for s in slots])
		self.assertNotIn("12:00", [s["start"] for s in slots])
		ticket = self.book("09:00", "10:00")
		self.assertEqual((ticket.channel, get_datetime(ticket.appointment_start)), ("Online", at("10:00")))
		# one number per service a day, slot capacity, day capacity
		self.assertRaises(booking.BookingError, self.book, "09:00", "10:30")
		self.assertRaises(booking.BookingError, self.book, "09:00", "10:00", user=make_user("Citizen"))
		self.book("09:00", "10:30", user=make_user("Citizen"))
		self.book("09:00", "11:00", user=make_user("Citizen"))
		self.assertRaises(booking.BookingError, self.book, "09:00", "11:30", user=make_user("Citizen"))
		# two a day in all
		second, third = make_service(self.counter), make_service(self.counter)
		self.book("09:00", "14:00", service=second)
		self.assertRaises(booking.BookingError, self.book, "09:00", "14:00", service=third)

	def test_working_days_ahead_only(self):
		# 01/12 (Tue) + 6 working days = 09/12 (Wed); 05–06/12 is a weekend
		self.book("09:00", "08:00", day="2026-12-09")
		for day, slot in (("2026-12-10", "08:00"), ("2026-12-05", "08:00"), ("2026-11-30", "14:00")):
			with self.subTest(day):
				self.assertRaises(booking.BookingError, self.book, "09:00", slot, day=day, user=make_user("Citizen"))
		# a slot already started today
		self.assertRaises(booking.BookingError, self.book, "09:00", "09:00", user=make_user("Citizen"))
		self.assertRaises(InvalidArgumentError, self.book, "09:00", "10:00", day="2026-02-30")

	def test_no_shows_expire_once(self):
		ticket = self.book("09:00", "10:00")
		walk_in = self.issue("09:05")
		status = lambda t: frappe.db.get_value("Queue Ticket", t.name, "status")  # noqa: E731
		booking.expire_tickets(at("10:44"))
		self.assertEqual(status(ticket), ordering.WAITING)
		self.assertGreaterEqual(booking.expire_tickets(at("10:46")), 1)
		self.assertEqual(booking.expire_tickets(at("10:47")), 0)
		self.assertEqual((status(ticket), status(walk_in)), (ordering.EXPIRED, ordering.WAITING))
		self.assertGreaterEqual(booking.expire_tickets(at("2026-12-02 08:00")), 1)
		self.assertEqual(booking.expire_tickets(at("2026-12-02 08:01")), 0)
		self.assertEqual(status(walk_in), ordering.EXPIRED)

	def test_cancel_only_own_booking(self):
		ticket = self.book("09:00", "10:00")
		frappe.set_user(make_user("Citizen"))
		self.assertRaises(frappe.DoesNotExistError, booking.cancel_booking, ticket.name)
		frappe.set_user(self.citizen)
		with frozen("09:10"):
			booking.cancel_booking(ticket.name)
			self.assertEqual(booking.my_bookings()[0]["status"], ordering.EXPIRED)


class TestDossierFromTicket(QueueTestCase):
	def test_dossier_carries_the_ticket_and_the_ticket_follows_its_code(self):
		from onestop_center.dossiers.intake import give_dossier_code
		from onestop_center.testing import make_applicant

		applicant = make_applicant()
		ticket = self.issue("08:00")
		frappe.db.set_value("Queue Ticket", ticket.name, "applicant", applicant.name)
		self.call_next("08:05")
		with frozen("08:06"):
			values = calling.start_dossier(self.counter, ticket.name)
		self.assertEqual(values, {"queue_ticket": ticket.name, "applicant": applicant.name})
		dossier = make_dossier(**values)
		self.assertEqual(frappe.db.get_value("Queue Ticket", ticket.name, "dossier"), dossier.name)
		self.assertRaises(calling.TicketStateError, make_dossier, queue_ticket=ticket.name)
		code = give_dossier_code(dossier)
		self.assertNotEqual(code, values["queue_ticket"])
		self.assertEqual(frappe.db.get_value("Queue Ticket", ticket.name, "dossier"), code)
		self.assertEqual(frappe.db.get_value("Dossier", code, "queue_ticket"), ticket.name)

	def test_a_waiting_ticket_starts_no_dossier(self):
		ticket = self.issue("08:00")
		self.assertRaises(calling.TicketStateError, make_dossier, queue_ticket=ticket.name)


class TestDisplayAndStatistics(QueueTestCase):
	def test_display_shows_numbers_counters_and_services_only(self):
		from onestop_center.testing import make_applicant

		ticket = self.issue("08:00")
		frappe.db.set_value("Queue Ticket", ticket.name, "applicant", make_applicant().name)
		self.call_next("08:05")
		with frozen("08:06"):
			state = tickets.display_state()
		mine = next(c for c in state["counters"] if c["counter"] == self.counter)
		self.assertEqual(mine["serving"], ticket.ticket_number)
		self.assertEqual(state["recent"][0]["ticket_number"], ticket.ticket_number)
		allowed = {"counter", "counter_name", "serving", "service_name", "ticket_number", "called_at", "service", "waiting"}
		for key in ("counters", "recent", "waiting"):
			for row in state[key]:
				self.assertLessEqual(set(row), allowed)

	def test_report_waiting_serving_and_abandoned(self):
		from onestop_center.counter_queue.report.queue_waiting_and_serving_times.queue_waiting_and_serving_times import (
			execute,
		)

		first, second, _third = self.issue("08:00"), self.issue("08:10"), self.issue("08:20")
		self.call_next("08:30")
		self.call_next("08:40")
		with frozen("08:50"):
			calling.mark_no_show(self.counter, second.name)
		booking.expire_tickets(at("2026-12-02 07:00"))
		with frozen("2026-12-02 09:00"):
			_columns, rows = execute({"from_date": DAY, "to_date": DAY, "service": self.service})
			self.assertEqual(len(rows), 1)
			row = rows[0]
			self.assertEqual((row.issued, row.served, row.abandoned, row.waiting_now), (3, 1, 2, 0))
			self.assertEqual((row.avg_wait, row.max_wait, row.avg_serve), (30, 30, 10))
			_columns, by_hour = execute({"from_date": DAY, "to_date": DAY, "service": self.service, "group_by": "Hour"})
			self.assertEqual([(r.group_value, r.issued) for r in by_hour], [(8, 3)])
			_columns, by_officer = execute({"from_date": DAY, "to_date": DAY, "counter": self.counter, "group_by": "Officer"})
			self.assertEqual([(r.group_value, r.served) for r in by_officer], [("Administrator", 1)])
			self.assertRaises(InvalidArgumentError, execute, {"group_by": "Agency"})
			self.assertRaises(InvalidArgumentError, execute, {"from_date": "2026-12-02", "to_date": DAY})
		self.assertEqual(frappe.db.get_value("Queue Ticket", first.name, "serve_minutes"), 10)

	def test_desk_reprint_of_the_80mm_ticket(self):
		ticket = self.issue("08:00")
		html = frappe.get_print("Queue Ticket", ticket.name, print_format="Phiếu số thứ tự 80mm")
		self.assertIn(ticket.ticket_number, html)
		self.assertIn("80mm", html)
