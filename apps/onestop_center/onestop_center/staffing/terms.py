# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Secondment terms: the term-end notice, the replacement and its escalation (product.md §5).

QĐ 3276/2015 Part IV II.7: officers are seconded to the centre for a year; at least 30 days before a
term ends the department names the replacement, so that the centre can train them; a planned leave
is covered with at least 3 days' notice. The daily job :func:`remind_ending_terms`:

1. tells the officer's department (its heads and specialists, by User Permission on Agency) and the
   centre (general affairs, centre leaders) once, when a term without a named replacement enters the
   notice period; the department then has a few working days (settings, default 3) to name one;
2. escalates once to the centre leaders and the department when that time has passed with no
   replacement named.

Each step stamps its date on the Secondment under a row lock, so reruns (or two schedulers) send
nothing twice. Only this module writes the stamps (the controller keeps the stored values).
"""

from datetime import date, datetime, time

import frappe
from frappe import _
from frappe.utils import add_days, escape_html, formatdate, getdate

from onestop_center.alerts import alert_users
from onestop_center.deadlines.arithmetic import add_working_days
from onestop_center.deadlines.store import get_calendar
from onestop_center.dossiers import deadline
from onestop_center.lateness.warnings import centre_users, department_users

SETTINGS = "OneStop Settings"
TERM = "Secondment"
# Fields only the job writes; an officer's save keeps their stored values.
STAMPS = ("term_notice_sent_on", "replacement_due_on", "escalated_on")
DEFAULTS = {"secondment_notice_days": 30, "secondment_replacement_working_days": 3, "leave_cover_notice_days": 3}


def setting(fieldname: str) -> int:
	value = frappe.db.get_single_value(SETTINGS, fieldname)
	return DEFAULTS[fieldname] if value in (None, "") else int(value)


def today() -> date:
	return deadline.now().date()


def replacement_deadline(notice_day: date) -> date:
	"""The working day by which the department must name the replacement after a notice."""
	days = setting("secondment_replacement_working_days")
	return add_working_days(get_calendar(), datetime.combine(notice_day, time(0, 0)), days).date()


def remind_ending_terms(on: date | None = None) -> dict[str, list[str]]:
	"""Send the due term-end notices and escalations; return the Secondments concerned per step."""
	on = getdate(on) if on else today()
	return {"notified": _send_notices(on), "escalated": _escalate(on)}


def _send_notices(on: date) -> list[str]:
	last_end = add_days(on, setting("secondment_notice_days"))
	names = frappe.get_all(
		TERM,
		filters={
			"kind": "Secondment",
			"end_date": ["between", [on, last_end]],
			"term_notice_sent_on": ["is", "not set"],
			"replacement_officer": ["is", "not set"],
		},
		pluck="name",
		order_by="end_date asc",
	)
	return [name for name in names if _stamp_once(name, "term_notice_sent_on", on, _notify_term_end)]


def _escalate(on: date) -> list[str]:
	names = frappe.get_all(
		TERM,
		# (a list: Frappe reads a missing date as 0001-01-01 in "<", so "is set" must be said)
		filters=[
			["kind", "=", "Secondment"],
			["replacement_due_on", "is", "set"],
			["replacement_due_on", "<", on],
			["escalated_on", "is", "not set"],
			["replacement_officer", "is", "not set"],
		],
		pluck="name",
		order_by="replacement_due_on asc",
	)
	return [name for name in names if _stamp_once(name, "escalated_on", on, _notify_escalation)]


def _stamp_once(name: str, stamp: str, on: date, send) -> bool:
	# lock the row: a concurrent run (or a rerun) that got here first has set the stamp
	if frappe.db.get_value(TERM, name, stamp, for_update=True):
		return False
	term = frappe.get_doc(TERM, name)
	send(term, on)
	term.db_set(stamp, on, update_modified=False)
	return True


def _notify_term_end(term, on: date) -> None:
	due = replacement_deadline(on)
	term.db_set("replacement_due_on", due, update_modified=False)
	subject = _("The secondment of {0} ends on {1}: name a replacement").format(
		escape_html(term.officer_name or term.officer), formatdate(term.end_date)
	)
	message = _(
		"The secondment of {0} ({1}) to the centre{2} ends on {3}. The department must name the "
		"replacement officer by {4} so that the centre can train them (QĐ 3276/2015, Part IV II.7)."
	).format(
		escape_html(term.officer_name or term.officer),
		escape_html(_agency_name(term.home_agency)),
		_counter_phrase(term),
		formatdate(term.end_date),
		formatdate(due),
	)
	alert_users(_recipients(term), subject, message, TERM, term.name)
	term.add_comment("Info", _("Term-end notice sent; replacement due by {0}").format(formatdate(due)))


def _notify_escalation(term, on: date) -> None:
	subject = _("No replacement named for {0}, whose secondment ends on {1}").format(
		escape_html(term.officer_name or term.officer), formatdate(term.end_date)
	)
	message = _(
		"{0} has not named a replacement for {1}{2}, although it was due by {3}. The secondment ends "
		"on {4}. The centre's leaders are asked to take it up with the department."
	).format(
		escape_html(_agency_name(term.home_agency)),
		escape_html(term.officer_name or term.officer),
		_counter_phrase(term),
		formatdate(term.replacement_due_on),
		formatdate(term.end_date),
	)
	alert_users(_recipients(term), subject, message, TERM, term.name)
	term.add_comment("Info", _("Escalated to the centre's leaders: no replacement named in time"))


def _recipients(term) -> list[str]:
	department = department_users(term.home_agency) if term.home_agency else []
	return sorted(set(department) | set(centre_users()))


def _agency_name(agency: str | None) -> str:
	return (frappe.db.get_value("Agency", agency, "agency_name") if agency else None) or agency or ""


def _counter_phrase(term) -> str:
	if not term.counter:
		return ""
	label = frappe.db.get_value("Counter", term.counter, "counter_name") or term.counter
	return _(" (counter {0})").format(escape_html(label))


# -- controller hooks -------------------------------------------------------------------


def on_validate(term) -> None:
	"""What the job and the server decide is never taken from the client.

	The job's stamps keep their stored values; the day a replacement was named is today when the
	replacement changes (kept otherwise); a planned leave cover's late notice is judged at creation.
	"""
	stored = {}
	if not term.is_new():
		fields = (*STAMPS, "replacement_officer", "replacement_named_on", "late_notice")
		stored = frappe.db.get_value(TERM, term.name, fields, as_dict=True) or {}
	for field in STAMPS:
		term.set(field, stored.get(field))
	if not term.replacement_officer:
		term.replacement_named_on = None
	elif term.replacement_officer == stored.get("replacement_officer") and stored.get("replacement_named_on"):
		term.replacement_named_on = stored["replacement_named_on"]
	else:
		term.replacement_named_on = today()
	if term.is_new():
		notice = setting("leave_cover_notice_days")
		late = term.kind == "Replacement for Leave" and (getdate(term.start_date) - today()).days < notice
		term.late_notice = int(late)
	else:
		term.late_notice = stored.get("late_notice") or 0
