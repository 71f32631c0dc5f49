"""Who is called next at a counter (pure rules, no database).

A waiting ticket is *callable* once it may be served: a walk-in number at once, a booked number
from the start of its slot. Callable tickets are served in this order:

1. booked numbers whose slot has started, earliest slot first (the booking was the citizen's
   place in the queue: "đăng ký trước phục vụ trước");
2. numbers of a priority group (elderly, disabled, pregnant…), by issue time;
3. every other number, by issue time.

Ties go to the lower daily sequence number. :data:`ORDER_BY_SQL` is the same order for the
``SELECT … FOR UPDATE SKIP LOCKED`` that hands the next ticket to a counter; the table-driven
tests check the database against :func:`sort_key`.
"""

from dataclasses import dataclass
from datetime import datetime

BOOKED_IN_SLOT = 0
PRIORITY = 1
WALK_IN = 2

# Ticket states
WAITING = "Waiting"
CALLED = "Called"
DONE = "Done"
NO_SHOW = "No Show"
EXPIRED = "Expired"
OPEN_STATES = (WAITING, CALLED)
# Tickets that left without being served (for the statistics)
ABANDONED_STATES = (NO_SHOW, EXPIRED)


@dataclass(frozen=True)
class QueuedTicket:
	"""What the order depends on."""

	name: str
	issued_at: datetime
	sequence: int = 0
	is_priority: bool = False
	appointment_start: datetime | None = None


def is_callable(ticket: QueuedTicket, now: datetime) -> bool:
	"""A booked number is called from the start of its slot; a walk-in number at once."""
	return ticket.appointment_start is None or ticket.appointment_start <= now


def rank(ticket: QueuedTicket) -> int:
	if ticket.appointment_start is not None:
		return BOOKED_IN_SLOT
	return PRIORITY if ticket.is_priority else WALK_IN


def sort_key(ticket: QueuedTicket) -> tuple:
	return (rank(ticket), ticket.appointment_start or ticket.issued_at, ticket.issued_at, ticket.sequence)


def call_order(tickets, now: datetime) -> list[QueuedTicket]:
	"""The callable tickets in the order a counter calls them."""
	return sorted((t for t in tickets if is_callable(t, now)), key=sort_key)


def people_ahead(ticket: QueuedTicket, waiting, now: datetime) -> int:
	"""How many callable waiting tickets come before ``ticket`` (itself excluded)."""
	mine = sort_key(ticket)
	return sum(1 for other in waiting if other.name != ticket.name and is_callable(other, now) and sort_key(other) < mine)


# The same order in SQL, on `tabQueue Ticket` (callable tickets only: see CALLABLE_SQL)
ORDER_BY_SQL = (
	"case when `appointment_start` is not null then 0 when `is_priority` = 1 then 1 else 2 end, "
	"coalesce(`appointment_start`, `issued_at`), `issued_at`, `sequence`"
)
CALLABLE_SQL = "(`appointment_start` is null or `appointment_start` <= %(now)s)"
