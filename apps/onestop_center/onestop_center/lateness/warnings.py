# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""The late-warning scheduler job (product.md §3 step 5, legal-spec §3.8).

A dossier is warned once its due moment is no more than the lead time (OneStop Settings, or the
rule set's: 4 working hours under QĐ 09/2015 and TT 01/2018, 1 working day under TT 03/2025) of
*working time* away. The handling department's users and the centre (General Affairs Officers and
Centre Leaders) get a System Notification and an e-mail; ``late_warning_sent_at`` then marks the
dossier so that a rerun sends nothing new.

Selection is one indexed query: "working time from now to due_at ≤ lead" is the same as
"due_at ≤ the moment ``lead`` of working time after now" (working time only grows), so the job
computes that moment per working calendar, asks the database for open dossiers due by the latest of
them, and checks each candidate's exact working-time distance on its own calendar.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import frappe
from frappe import _
from frappe.query_builder.functions import Coalesce
from frappe.utils import escape_html, get_datetime, now_datetime

from onestop_center.alerts import alert_users
from onestop_center.deadlines.arithmetic import add_working_time, next_working_moment, working_time_between
from onestop_center.deadlines.store import DOCTYPE as WORKING_CALENDAR
from onestop_center.deadlines.store import get_calendar
from onestop_center.lateness.notices import format_moment
from onestop_center.lateness.settings import lead_time, open_states
from onestop_center.lateness.statistics import record_lateness
from onestop_center.permissions import DEPARTMENT_ROLES
from onestop_center.setup.roles import CENTRE_LEADER, GENERAL_AFFAIRS_OFFICER

CENTRE_ROLES = (GENERAL_AFFAIRS_OFFICER, CENTRE_LEADER)


def send_late_warnings(now: datetime | None = None, lead: timedelta | None = None) -> list[str]:
	"""Warn about every open dossier within the lead time of its deadline; return their names.

	Idempotent: a dossier with ``late_warning_sent_at`` is never warned again. Dossiers whose clock
	is paused (supplement requested) are skipped until it runs again. Also records the late
	department and step of open dossiers already past due (:func:`record_overdue`). ``now`` and
	``lead`` (default: :func:`~.settings.lead_time` of each dossier's own rule set, frozen at
	reception) are for tests and manual runs.
	"""
	from onestop_center.dossiers import rule_set as rule_sets

	now = get_datetime(now) if now else now_datetime()
	leads = {rules: lead_time(rules) for rules in rule_sets.RULE_SETS}
	given = lead
	lead = max(leads.values()) if given is None else given
	calendars = {name: get_calendar(name) for name in frappe.get_all(WORKING_CALENDAR, pluck="name")}
	if not calendars:
		return []
	default = get_calendar()
	# the latest due moment that can be within the lead: at a session end, the following break
	# (lunch, night, days off) holds no working time, so it belongs to the window too
	threshold = max(next_working_moment(cal, add_working_time(cal, now, lead)) for cal in calendars.values())

	warned = []
	for row in _candidates(threshold):
		cal = calendars.get(row.working_calendar) or default
		row_lead = leads[rule_sets.of_dossier(row)] if given is None else given
		if working_time_between(cal, now, row.due_at) > row_lead:
			continue
		savepoint = "late_warning"
		frappe.db.savepoint(savepoint)
		try:
			if _warn(row.name, now):
				warned.append(row.name)
		except Exception:  # noqa: BLE001 — one faulty dossier must not stop the warnings of the others
			frappe.db.rollback(save_point=savepoint)
			frappe.log_error(title=f"Late warning failed for dossier {row.name}")
	record_overdue(now)
	return warned


def _open_dossier_query():
	dossier = frappe.qb.DocType("Dossier")
	query = (
		frappe.qb.from_(dossier)
		.where(dossier.status.isin(open_states()))
		.where(Coalesce(dossier.clock_paused, 0) == 0)
	)
	return dossier, query


def _candidates(threshold: datetime):
	dossier, query = _open_dossier_query()
	return (
		query.select(
			dossier.name, dossier.due_at, dossier.working_calendar, dossier.rule_set, dossier.received_at
		)
		.where(dossier.due_at.isnotnull())
		.where(dossier.due_at <= threshold)
		.where(dossier.late_warning_sent_at.isnull())
		.orderby(dossier.due_at)
		.run(as_dict=True)
	)


def _warn(name: str, now: datetime) -> bool:
	# lock the row: a concurrent run (or a rerun) that got here first has set the mark
	if frappe.db.get_value("Dossier", name, "late_warning_sent_at", for_update=True):
		return False
	dossier = frappe.get_doc("Dossier", name)
	department = department_users(dossier.agency) if dossier.agency else []
	centre = centre_users()
	recipients = sorted(set(department) | set(centre))
	subject, message = warning_text(dossier, now)
	alert_users(recipients, subject, message, "Dossier", dossier.name)
	dossier.db_set("late_warning_sent_at", now, update_modified=False)
	if get_datetime(dossier.due_at) <= now:
		record_lateness(dossier)
	dossier.add_comment(
		"Info",
		_("Late warning sent to {0} user(s) of the department and {1} of the centre").format(
			len(department), len(centre)
		),
	)
	return True


def warning_text(dossier, now: datetime) -> tuple[str, str]:
	agency = frappe.db.get_value("Agency", dossier.agency, "agency_name") if dossier.agency else ""
	due = format_moment(dossier.due_at)
	if get_datetime(dossier.due_at) <= now:
		subject = _("Dossier {0} is overdue (due {1})").format(dossier.name, due)
	else:
		subject = _("Dossier {0} is due soon ({1})").format(dossier.name, due)
	message = _(
		"Dossier {0} ({1}, applicant {2}), handled by {3}, is due at {4}. If it cannot be finished on "
		"time, the department must issue an apology letter to the citizen with the reason and a new "
		"appointment, and inform the centre."
	).format(
		dossier.name,
		escape_html(dossier.get("procedure_name") or dossier.procedure or ""),
		escape_html(dossier.get("applicant_name") or ""),
		escape_html(agency or dossier.agency or ""),
		due,
	)
	return subject, message


def record_overdue(now: datetime | None = None) -> list[str]:
	"""Record the late department and step of open dossiers past due that have none yet."""
	now = get_datetime(now) if now else now_datetime()
	dossier, query = _open_dossier_query()
	names = (
		query.select(dossier.name)
		.where(dossier.due_at < now)
		.where(dossier.late_agency.isnull())
		.where(dossier.agency.isnotnull())
		.run(pluck=True)
	)
	return [name for name in names if record_lateness(name)]


# -- recipients --------------------------------------------------------------------------


def department_users(agency: str) -> list[str]:
	"""Enabled users with a department role allowed ``agency`` by a User Permission.

	A permission on a parent agency covers its sub-units (unless it hides descendants), as it does
	for reading dossiers (:mod:`onestop_center.permissions`).
	"""
	lft, rgt = frappe.db.get_value("Agency", agency, ["lft", "rgt"]) or (None, None)
	permission = frappe.qb.DocType("User Permission")
	covering = permission.for_value == agency
	if lft and rgt:
		ancestor = frappe.qb.DocType("Agency")
		ancestors = (
			frappe.qb.from_(ancestor).select(ancestor.name).where((ancestor.lft < lft) & (ancestor.rgt > rgt))
		)
		covering = covering | (
			permission.for_value.isin(ancestors) & (Coalesce(permission.hide_descendants, 0) == 0)
		)
	users = (
		frappe.qb.from_(permission)
		.select(permission.user)
		.distinct()
		.where(permission.allow == "Agency")
		.where(covering)
		.where((Coalesce(permission.applicable_for, "") == "") | (permission.applicable_for == "Dossier"))
		.run(pluck=True)
	)
	return _enabled_with_roles(users, DEPARTMENT_ROLES)


def centre_users() -> list[str]:
	"""Enabled General Affairs Officers and Centre Leaders."""
	return _enabled_with_roles(None, CENTRE_ROLES)


def _enabled_with_roles(users: list[str] | None, roles) -> list[str]:
	if users is not None and not users:
		return []
	has_role = frappe.qb.DocType("Has Role")
	user = frappe.qb.DocType("User")
	query = (
		frappe.qb.from_(has_role)
		.join(user)
		.on(user.name == has_role.parent)
		.select(user.name)
		.distinct()
		.where(has_role.parenttype == "User")
		.where(has_role.role.isin(list(roles)))
		.where(user.enabled == 1)
		.where(user.name.notin(["Administrator", "Guest"]))
	)
	if users is not None:
		query = query.where(user.name.isin(users))
	return sorted(query.run(pluck=True))
