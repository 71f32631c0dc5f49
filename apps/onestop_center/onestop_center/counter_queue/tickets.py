"""Queue tickets: issuing a number at the kiosk, the estimated wait, the lobby display.

Everything a guest may reach is here: :func:`take_ticket` (the kiosk, ``/kiosk/lay-so``) and
:func:`display_state` (the lobby screen, ``/hien-thi``). They answer ticket numbers, services,
counters and times only — never a name, phone number or account (the display's socket.io room is
the public ``website`` room, which every visitor joins).
"""

import hashlib
import math
from datetime import datetime

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.utils import cint, get_datetime, getdate

from onestop_center import arguments
from onestop_center.counter_queue import numbering, ordering
from onestop_center.counter_queue.ordering import CALLED, DONE, WAITING, QueuedTicket
from onestop_center.counter_queue.settings import (
	centre_name,
	check_open,
	int_setting,
	kiosk_rate_limit,
	priority_groups,
	setting,
)

TICKET = "Queue Ticket"
SERVICE = "Queue Service"
# socket.io: the public room every visitor's socket joins, and the event of the lobby display
DISPLAY_ROOM = "website"
DISPLAY_EVENT = "onestop_queue_display"
# served tickets of the day needed before their average replaces the configured service time
MIN_SERVED_FOR_AVERAGE = 5


class TicketLimitError(frappe.ValidationError):
	"""A phone number took as many numbers today as the settings allow."""


def now() -> datetime:
	"""The app's clock (tests freeze ``onestop_center.dossiers.deadline.now``)."""
	from onestop_center.dossiers import deadline

	return get_datetime(deadline.now()).replace(microsecond=0)


def active_service(service) -> frappe._dict:
	name = arguments.name(service, "Queue Service")
	row = frappe.db.get_value(
		SERVICE, name, ["name", "prefix", "service_name", "is_active", "average_service_minutes"], as_dict=True
	)
	if not row or not row.is_active:
		arguments._refuse(_("Queue service {0} does not exist").format(arguments.shown(name)), frappe.DoesNotExistError)
	return row


def phone_key(phone: str | None) -> str | None:
	"""A keyed hash of a phone number (digits only): the limit per number, without storing it."""
	digits = "".join(ch for ch in (phone or "") if ch.isdigit())
	if not digits:
		return None
	if not 9 <= len(digits) <= 12:
		arguments._refuse(_("Phone number {0} is not valid").format(arguments.shown(phone)))
	if digits.startswith("84"):
		digits = "0" + digits[2:]
	secret = frappe.local.conf.get("encryption_key") or frappe.local.site
	return hashlib.sha256(f"{secret}:{digits}".encode()).hexdigest()[:32]


def issue_ticket(
	service: str,
	*,
	moment: datetime | None = None,
	priority_group: str | None = None,
	channel: str = "Kiosk",
	phone: str | None = None,
	day=None,
	appointment: tuple | None = None,
	citizen_user: str | None = None,
	applicant: str | None = None,
	check_hours: bool = True,
):
	"""Create a ticket with the next number of the service's day; returns the saved document.

	Checks come first and the number is taken last, so that a refused ticket takes no number.
	"""
	row = active_service(service)
	moment = moment or now()
	day = getdate(day or moment)
	if check_hours:
		check_open(moment)
	group = None
	if priority_group:
		group = arguments.choice(priority_group, "Priority Group", priority_groups())
	key = phone_key(phone)
	if channel == "Kiosk" and not key and cint(setting("require_phone")):
		arguments._refuse(_("Please enter your phone number"), frappe.MandatoryError)
	limit = int_setting("max_tickets_per_phone")
	if key and limit and frappe.db.count(TICKET, {"phone_key": key, "queue_date": day}) >= limit:
		frappe.local.flags.disable_traceback = True
		frappe.throw(
			_("This phone number has already taken {0} numbers today").format(limit),
			TicketLimitError,
			title=_("Limit reached"),
		)
	sequence = numbering.take_number(row.name, day)
	ticket = frappe.get_doc(
		{
			"doctype": TICKET,
			"ticket_number": numbering.ticket_number(row.prefix, sequence),
			"service": row.name,
			"status": WAITING,
			"queue_date": day,
			"sequence": sequence,
			"channel": channel,
			"priority_group": group,
			"is_priority": 1 if group else 0,
			"issued_at": moment,
			"appointment_start": appointment[0] if appointment else None,
			"appointment_end": appointment[1] if appointment else None,
			"citizen_user": citizen_user,
			"applicant": applicant,
			"phone_key": key,
		}
	)
	ticket.name = numbering.ticket_name(row.prefix, sequence, day)
	ticket.flags.name_set = True
	ticket.insert(ignore_permissions=True)
	publish_display()
	return ticket


def waiting_tickets(service: str, day) -> list[QueuedTicket]:
	rows = frappe.get_all(
		TICKET,
		filters={"service": service, "queue_date": getdate(day), "status": WAITING},
		fields=["name", "issued_at", "sequence", "is_priority", "appointment_start"],
		order_by="sequence asc",
	)
	return [
		QueuedTicket(
			r.name,
			get_datetime(r.issued_at),
			cint(r.sequence),
			bool(r.is_priority),
			get_datetime(r.appointment_start) if r.appointment_start else None,
		)
		for r in rows
	]


def serving_counters(service: str) -> int:
	"""Active counters serving the service (at least 1 for the estimate)."""
	counters = frappe.get_all(
		"Queue Service Counter", filters={"parent": service, "parenttype": SERVICE}, pluck="counter"
	)
	active = frappe.db.count("Counter", {"name": ["in", counters], "is_active": 1}) if counters else 0
	return max(active, 1)


def average_service_minutes(service: str, day, configured) -> float:
	"""Today's average serving time of the service once enough are served, else the configured one."""
	served = frappe.db.sql(
		"""select count(*), avg(`serve_minutes`) from `tabQueue Ticket`
		where `service` = %s and `queue_date` = %s and `status` = %s and `serve_minutes` > 0""",
		(service, getdate(day), DONE),
	)[0]
	if served[0] >= MIN_SERVED_FOR_AVERAGE and served[1]:
		return float(served[1])
	return float(configured or 10)


def estimate(ticket) -> dict:
	"""People ahead of a waiting ticket and its estimated wait in minutes."""
	moment = now()
	waiting = waiting_tickets(ticket.service, ticket.queue_date)
	mine = next((t for t in waiting if t.name == ticket.name), None)
	if mine is None:
		return {"people_ahead": 0, "estimated_wait": 0}
	ahead = ordering.people_ahead(mine, waiting, max(moment, mine.appointment_start or moment))
	configured = frappe.db.get_value(SERVICE, ticket.service, "average_service_minutes")
	minutes = average_service_minutes(ticket.service, ticket.queue_date, configured)
	return {
		"people_ahead": ahead,
		"estimated_wait": int(math.ceil(ahead * minutes / serving_counters(ticket.service))),
	}


def ticket_card(ticket) -> dict:
	"""What a ticket shows and prints (no personal data)."""
	service_name = frappe.db.get_value(SERVICE, ticket.service, "service_name")
	issued = get_datetime(ticket.issued_at)
	card = {
		"name": ticket.name,
		"ticket_number": ticket.ticket_number,
		"service": ticket.service,
		"service_name": service_name,
		"issued_at": issued.strftime("%H:%M %d/%m/%Y"),
		"priority_group": ticket.priority_group or "",
		"centre_name": centre_name(),
		"appointment": (
			get_datetime(ticket.appointment_start).strftime("%H:%M %d/%m/%Y") if ticket.appointment_start else ""
		),
		**estimate(ticket),
	}
	card["html"] = frappe.render_template("onestop_center/counter_queue/templates/ticket_80mm.html", {"card": card})
	return card


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=kiosk_rate_limit, seconds=60)
def take_ticket(service: str, priority_group: str | None = None, phone: str | None = None) -> dict:
	"""The kiosk: a number for ``service`` (optionally a priority group and a phone number).

	Answers the ticket's card: number, service, time, people ahead, estimated wait, the centre's
	name and the 80 mm ticket's HTML.
	"""
	arguments.text(phone, "Phone Number", required=False, max_length=20)
	ticket = issue_ticket(service, priority_group=priority_group, phone=phone, channel="Kiosk")
	# the day's counter row stays locked until the commit: release it before the card's reads
	frappe.db.commit()
	return ticket_card(ticket)


# -- lobby display ------------------------------------------------------------------------------


def display_state(day=None) -> dict:
	"""Numbers being served at each counter, the last calls and who is waiting per service."""
	moment = now()
	day = getdate(day or moment)
	counters = frappe.db.sql(
		"""select c.`name`, c.`counter_number`, c.`counter_name`,
			(select t.`ticket_number` from `tabQueue Ticket` t where t.`counter` = c.`name`
				and t.`queue_date` = %(day)s and t.`status` = %(called)s order by t.`called_at` desc limit 1) as serving,
			(select t.`service` from `tabQueue Ticket` t where t.`counter` = c.`name`
				and t.`queue_date` = %(day)s and t.`status` = %(called)s order by t.`called_at` desc limit 1) as service
		from `tabCounter` c
		where c.`is_active` = 1 and exists (select 1 from `tabQueue Service Counter` s
			where s.`counter` = c.`name` and s.`parenttype` = 'Queue Service')
		order by c.`counter_number`""",
		{"day": day, "called": CALLED},
		as_dict=True,
	)
	services = {
		s.name: s
		for s in frappe.get_all(
			SERVICE, filters={"is_active": 1}, fields=["name", "service_name", "display_order"],
			order_by="display_order asc, name asc",
		)
	}
	recent = frappe.db.sql(
		"""select t.`ticket_number`, t.`service`, c.`counter_number`, c.`counter_name`, t.`called_at`
		from `tabQueue Ticket` t join `tabCounter` c on c.`name` = t.`counter`
		where t.`queue_date` = %s and t.`called_at` is not null
		order by t.`called_at` desc limit %s""",
		(day, max(int_setting("recent_calls_shown"), 1)),
		as_dict=True,
	)
	waiting = dict(
		frappe.db.sql(
			"""select `service`, count(*) from `tabQueue Ticket` where `queue_date` = %s and `status` = %s
			group by `service`""",
			(day, WAITING),
		)
	)
	return {
		"centre_name": centre_name(),
		"counters": [
			{
				"counter": c.counter_number,
				"counter_name": c.counter_name or c.counter_number,
				"serving": c.serving or "",
				"service_name": services[c.service].service_name if c.service in services else "",
			}
			for c in counters
		],
		"recent": [
			{
				"ticket_number": r.ticket_number,
				"counter": r.counter_number,
				"counter_name": r.counter_name or r.counter_number,
				"service_name": services[r.service].service_name if r.service in services else "",
				"called_at": get_datetime(r.called_at).strftime("%H:%M:%S"),
			}
			for r in recent
		],
		"waiting": [
			{"service": s.name, "service_name": s.service_name, "waiting": cint(waiting.get(s.name))}
			for s in services.values()
		],
	}


@frappe.whitelist(allow_guest=True, methods=["GET"])
def get_display_state() -> dict:
	"""The lobby display's state (public: numbers, services and counters only)."""
	return display_state()


def publish_display(call: dict | None = None) -> None:
	"""Tell every lobby display, once the change is committed: ``call`` is a new call or a recall
	to announce. The state is read after the commit, outside the transaction's locks."""

	def send():
		frappe.publish_realtime(DISPLAY_EVENT, {"call": call, "state": display_state()}, room=DISPLAY_ROOM)

	frappe.db.after_commit.add(send)
