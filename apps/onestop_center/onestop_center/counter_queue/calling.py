"""Calling at the counter: next, recall, no-show, transfer, finish, and a dossier from the ticket.

A Reception Officer works at the counter they are the officer of (``Counter.officer``); OneStop
Administrators and System Managers may work any counter. Calling the next number finishes the
counter's current one. Two counters calling at the same moment never get the same ticket: the
next ticket is chosen with ``SELECT … FOR UPDATE SKIP LOCKED``, so a ticket another counter is
taking is passed over, and it is marked called in the same transaction.
"""

import frappe
from frappe import _
from frappe.utils import cint, get_datetime, getdate, time_diff_in_seconds

from onestop_center import arguments
from onestop_center.counter_queue.ordering import CALLABLE_SQL, CALLED, DONE, NO_SHOW, ORDER_BY_SQL, WAITING
from onestop_center.counter_queue.tickets import SERVICE, TICKET, now, publish_display

ANY_COUNTER_ROLES = frozenset({"OneStop Administrator", "System Manager"})
CALLING_ROLES = ANY_COUNTER_ROLES | {"Reception Officer"}


class NotYourCounterError(frappe.PermissionError):
	"""The user is not the officer of that counter."""


class TicketStateError(frappe.ValidationError):
	"""The ticket is not in a state that allows the action."""


def check_counter(counter) -> frappe._dict:
	"""The counter, if the user may call at it."""
	roles = set(frappe.get_roles())
	if not roles & CALLING_ROLES:
		raise frappe.PermissionError
	name = arguments.existing("Counter", counter, "Counter")
	row = frappe.db.get_value("Counter", name, ["name", "counter_number", "counter_name", "officer", "is_active"], as_dict=True)
	if not row.is_active:
		arguments._refuse(_("Counter {0} is not active").format(row.counter_number))
	if row.officer != frappe.session.user and not roles & ANY_COUNTER_ROLES:
		frappe.local.flags.disable_traceback = True
		frappe.throw(_("You are not the officer of counter {0}").format(row.counter_number), NotYourCounterError)
	return row


def my_counters() -> list[dict]:
	"""Counters the user may call at (their own; every active one for administrators)."""
	roles = set(frappe.get_roles())
	filters = {"is_active": 1}
	if not roles & ANY_COUNTER_ROLES:
		if not roles & CALLING_ROLES:
			return []
		filters["officer"] = frappe.session.user
	return frappe.get_all(
		"Counter", filters=filters, fields=["name", "counter_number", "counter_name"], order_by="counter_number asc"
	)


def counter_services(counter: str) -> list[str]:
	return frappe.get_all(
		"Queue Service Counter",
		filters={"counter": counter, "parenttype": SERVICE},
		pluck="parent",
	)


def current_ticket(counter: str, day=None):
	"""The ticket being served at the counter today (status Called), or None."""
	name = frappe.db.get_value(
		TICKET,
		{"counter": counter, "status": CALLED, "queue_date": getdate(day or now())},
		"name",
		order_by="called_at desc",
	)
	return frappe.get_doc(TICKET, name) if name else None


def _minutes(start, end) -> float:
	return round(max(time_diff_in_seconds(end, start), 0) / 60, 1)


def _close(ticket, status: str, at) -> None:
	values = {"status": status, "finished_at": at}
	if status == DONE and ticket.called_at:
		values["serve_minutes"] = _minutes(ticket.called_at, at)
	ticket.db_set(values, update_modified=True)


def _call(counter: frappe._dict, name: str, at) -> None:
	ticket = frappe.get_doc(TICKET, name)
	start = get_datetime(ticket.issued_at)
	if ticket.appointment_start:
		start = max(start, get_datetime(ticket.appointment_start))
	ticket.db_set(
		{
			"status": CALLED,
			"counter": counter.name,
			"officer": frappe.session.user,
			"target_counter": None,
			"called_at": at,
			"wait_minutes": _minutes(start, at) if at > start else 0,
		},
		update_modified=True,
	)


def next_ticket_name(counter: str, at, services: list[str]) -> str | None:
	"""Lock and return the next callable ticket for the counter, skipping tickets other counters hold."""
	if not services:
		services = [""]
	rows = frappe.db.sql(
		f"""select `name` from `tabQueue Ticket`
		where `queue_date` = %(day)s and `status` = %(waiting)s and {CALLABLE_SQL}
			and (`target_counter` = %(counter)s
				or (ifnull(`target_counter`, '') = '' and `service` in %(services)s))
		order by {ORDER_BY_SQL}
		limit 1 for update skip locked""",
		{"day": getdate(at), "waiting": WAITING, "now": at, "counter": counter, "services": tuple(services)},
	)
	return rows[0][0] if rows else None


def display_call(ticket, counter: frappe._dict, recall: bool = False) -> dict:
	return {
		"ticket_number": ticket.ticket_number,
		"counter": counter.counter_number,
		"counter_name": counter.counter_name or counter.counter_number,
		"service_name": frappe.db.get_value(SERVICE, ticket.service, "service_name"),
		"recall": recall,
	}


def desk_state(counter: frappe._dict) -> dict:
	"""What the officer's page shows: the current ticket and who waits for the counter's services."""
	from onestop_center.counter_queue.tickets import display_state

	ticket = current_ticket(counter.name)
	services = counter_services(counter.name)
	state = display_state()
	return {
		"counter": counter.name,
		"counter_number": counter.counter_number,
		"counter_name": counter.counter_name or counter.counter_number,
		"current": _ticket_info(ticket) if ticket else None,
		"waiting": [w for w in state["waiting"] if w["service"] in services],
		"services": [
			{"name": s.name, "service_name": s.service_name}
			for s in frappe.get_all(SERVICE, filters={"is_active": 1}, fields=["name", "service_name"], order_by="display_order asc, name asc")
		],
		"counters": frappe.get_all(
			"Counter", filters={"is_active": 1}, fields=["name", "counter_number", "counter_name"], order_by="counter_number asc"
		),
	}


def _ticket_info(ticket) -> dict:
	return {
		"name": ticket.name,
		"ticket_number": ticket.ticket_number,
		"service": ticket.service,
		"service_name": frappe.db.get_value(SERVICE, ticket.service, "service_name"),
		"status": ticket.status,
		"priority_group": ticket.priority_group,
		"appointment_start": ticket.appointment_start,
		"called_at": ticket.called_at,
		"recall_count": cint(ticket.recall_count),
		"applicant": ticket.applicant,
		"dossier": ticket.dossier,
	}


def _own_ticket(counter: frappe._dict, ticket) -> frappe._dict:
	name = arguments.existing(TICKET, ticket, "Queue Ticket")
	row = frappe.db.get_value(TICKET, name, ["name", "counter", "status"], as_dict=True, for_update=True)
	if row.counter != counter.name or row.status != CALLED:
		frappe.local.flags.disable_traceback = True
		frappe.throw(_("Ticket {0} is not being served at counter {1}").format(name, counter.counter_number), TicketStateError)
	return frappe.get_doc(TICKET, name)


# -- whitelisted actions --------------------------------------------------------------------------


@frappe.whitelist(methods=["GET"])
def get_counter_state(counter: str | None = None) -> dict:
	"""The officer's page: their counters and the state of the chosen one (default: the first)."""
	counters = my_counters()
	if not counters and not counter:
		raise frappe.PermissionError
	chosen = check_counter(counter or counters[0].name)
	return {"my_counters": counters, **desk_state(chosen)}


@frappe.whitelist(methods=["POST"])
def call_next(counter: str) -> dict:
	"""Finish the counter's current ticket and call the next one (none: ``current`` is empty)."""
	row = check_counter(counter)
	at = now()
	current = current_ticket(row.name, at)
	if current:
		_close(current, DONE, at)
	name = next_ticket_name(row.name, at, counter_services(row.name))
	call = None
	if name:
		_call(row, name, at)
		call = display_call(frappe.get_doc(TICKET, name), row)
	publish_display(call)
	state = desk_state(row)
	if not name:
		state["message"] = _("No one is waiting for this counter")
	return state


@frappe.whitelist(methods=["POST"])
def recall(counter: str, ticket: str) -> dict:
	"""Call the current number again (the display announces it again)."""
	row = check_counter(counter)
	doc = _own_ticket(row, ticket)
	doc.db_set("recall_count", cint(doc.recall_count) + 1, update_modified=True)
	publish_display(display_call(doc, row, recall=True))
	return desk_state(row)


def _close_served(counter: str, ticket: str, status: str) -> dict:
	row = check_counter(counter)
	_close(_own_ticket(row, ticket), status, now())
	publish_display()
	return desk_state(row)


@frappe.whitelist(methods=["POST"])
def mark_no_show(counter: str, ticket: str) -> dict:
	"""The called visitor did not come: the ticket is closed as a no-show."""
	return _close_served(counter, ticket, NO_SHOW)


@frappe.whitelist(methods=["POST"])
def finish(counter: str, ticket: str) -> dict:
	"""The visitor has been served."""
	return _close_served(counter, ticket, DONE)


@frappe.whitelist(methods=["POST"])
def transfer(counter: str, ticket: str, service: str | None = None, to_counter: str | None = None) -> dict:
	"""Send the visitor to another service and/or counter: the ticket waits again, keeping its
	place (issue time); with ``to_counter`` only that counter calls it."""
	row = check_counter(counter)
	doc = _own_ticket(row, ticket)
	service = arguments.existing(SERVICE, service, "Queue Service", required=False) or doc.service
	to_counter = arguments.existing("Counter", to_counter, "Counter", required=False)
	if service == doc.service and not to_counter:
		arguments._refuse(_("Choose another service or counter to transfer to"))
	doc.db_set(
		{
			"status": WAITING,
			"service": service,
			"target_counter": to_counter,
			"counter": None,
			"officer": None,
			"called_at": None,
			"transfer_count": cint(doc.transfer_count) + 1,
		},
		update_modified=True,
	)
	publish_display()
	return desk_state(row)


@frappe.whitelist(methods=["POST"])
def start_dossier(counter: str, ticket: str) -> dict:
	"""Values for a new Dossier from the ticket being served: the ticket and its applicant (if known).

	The desk opens the new dossier form with them; the reception links the ticket to the dossier
	(:func:`check_dossier_ticket`, :func:`link_dossier`).
	"""
	row = check_counter(counter)
	doc = _own_ticket(row, ticket)
	if doc.dossier:
		arguments._refuse(_("Ticket {0} already has dossier {1}").format(doc.ticket_number, doc.dossier))
	return {"queue_ticket": doc.name, "applicant": doc.applicant}


# -- dossier hooks --------------------------------------------------------------------------------


def check_dossier_ticket(dossier) -> None:
	"""Before a dossier is inserted with a ``queue_ticket``: the ticket is served (or was, today)
	at a counter the user works at, and has no dossier yet."""
	if not dossier.get("queue_ticket"):
		return
	ticket = frappe.db.get_value(
		TICKET, dossier.queue_ticket, ["name", "status", "counter", "dossier", "officer"], as_dict=True
	)
	allowed = ticket and ticket.status in (CALLED, DONE) and not ticket.dossier
	if allowed and ticket.officer != frappe.session.user and not set(frappe.get_roles()) & ANY_COUNTER_ROLES:
		allowed = False
	if not allowed:
		frappe.local.flags.disable_traceback = True
		frappe.throw(
			_("Queue ticket {0} cannot start a dossier: it is not being served at your counter or already has one").format(
				arguments.shown(dossier.queue_ticket)
			),
			TicketStateError,
		)


def link_dossier(dossier, method=None) -> None:
	"""After the dossier's insert: the ticket points to it (the reception's rename of the dossier to
	its code updates this link with the other links to the dossier)."""
	if dossier.get("queue_ticket"):
		frappe.db.set_value(TICKET, dossier.queue_ticket, "dossier", dossier.name, update_modified=False)
