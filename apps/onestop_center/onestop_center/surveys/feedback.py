# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Citizens' feedback (phản ánh, kiến nghị) and questions: deadlines, states and the public Q&A.

A feedback goes New → Assigned (an agency or officer is named) → Answered → Published (on the
public Q&A page /hoi-dap), or Refused. Deadlines are counted in working days on the default
working calendar, with the values of *Feedback Settings* (defaults from the national PAKN system
under QĐ 766: answer within 15 working days, publish within 2 more, refuse within 2):

* ``due_at``: the answer's deadline, from the reception;
* ``publish_due_at``: the publication's deadline, from the answer;
* ``timeliness``: Within Deadline → Overdue (the hourly job :func:`flag_overdue_feedback`, or any
  save after the deadline) while unanswered; On Time / Late once answered or refused.

The Q&A page shows only what staff wrote for the public: the question as published and the
answer, with the kind, agency and date — never the sender.
"""

from datetime import datetime

import frappe
from frappe import _
from frappe.utils import cint, get_datetime

from onestop_center.deadlines import WORKING_DAY
from onestop_center.deadlines.store import compute_due

NEW, ASSIGNED, ANSWERED, PUBLISHED, REFUSED = "New", "Assigned", "Answered", "Published", "Refused"
OPEN_STATUSES = (NEW, ASSIGNED)
WITHIN_DEADLINE, OVERDUE, ON_TIME, LATE = "Within Deadline", "Overdue", "On Time", "Late"
DEFAULT_DAYS = {"refuse_days": 2, "supplement_days": 5, "answer_days": 15, "publish_days": 2}


class PublicationError(frappe.ValidationError):
	"""An answer published without its answer or its public wording."""


def now() -> datetime:
	from onestop_center.dossiers.deadline import now as app_now

	return app_now()


def days(setting: str) -> int:
	value = frappe.db.get_single_value("Feedback Settings", setting)
	return cint(value) if value not in (None, "") else DEFAULT_DAYS[setting]


def working_days_after(start: datetime, setting: str) -> datetime:
	return compute_due(get_datetime(start), days(setting), WORKING_DAY).due_at


def on_validate(doc) -> None:
	"""Called by Citizen Feedback.validate: reception time, deadlines, state, timeliness."""
	moment = now()
	if not doc.received_at:
		doc.received_at = moment
	if not doc.due_at:
		doc.due_at = working_days_after(doc.received_at, "answer_days")
	if doc.dossier:
		procedure = frappe.db.get_value("Dossier", doc.dossier, "procedure")
		doc.procedure = doc.procedure or procedure
	if doc.procedure and not doc.agency:
		doc.agency = frappe.db.get_value("Procedure", doc.procedure, "responsible_agency")
	answer = (doc.answer or "").strip()
	if cint(doc.refused):
		doc.status = REFUSED
		doc.published = 0
		refuse_due = working_days_after(doc.received_at, "refuse_days")
		if doc.timeliness in (None, "", WITHIN_DEADLINE, OVERDUE):
			doc.timeliness = ON_TIME if moment <= refuse_due else LATE
		return
	if answer:
		if not doc.answered_at:
			doc.answered_at = moment
			doc.answered_by = frappe.session.user
			doc.publish_due_at = working_days_after(moment, "publish_days")
		doc.timeliness = ON_TIME if get_datetime(doc.answered_at) <= get_datetime(doc.due_at) else LATE
	else:
		doc.answered_at = doc.answered_by = doc.publish_due_at = None
		doc.timeliness = OVERDUE if moment > get_datetime(doc.due_at) else WITHIN_DEADLINE
	if cint(doc.published):
		if not answer:
			frappe.throw(_("Answer the feedback before publishing it"), PublicationError)
		if not (doc.public_question or "").strip():
			frappe.throw(
				_("Write the question as it will be published (without the sender's personal data)"),
				PublicationError,
			)
		doc.published_at = doc.published_at or moment
		doc.status = PUBLISHED
	else:
		doc.published_at = None
		doc.status = ANSWERED if answer else (ASSIGNED if doc.agency or doc.assigned_to else NEW)


def flag_overdue_feedback(moment: datetime | None = None) -> int:
	"""Hourly job: unanswered feedback past its deadline goes from Within Deadline to Overdue.

	One indexed UPDATE; idempotent. Returns the number of feedback flipped.
	"""
	frappe.db.sql(
		"""update `tabCitizen Feedback` set timeliness = %(overdue)s
		where timeliness = %(within)s and due_at < %(now)s and status in %(open)s""",
		{"overdue": OVERDUE, "within": WITHIN_DEADLINE, "now": moment or now(), "open": OPEN_STATUSES},
	)
	return frappe.db._cursor.rowcount if frappe.db._cursor else 0


def search_published(query: str | None = None, start: int = 0, page_length: int = 20) -> list[dict]:
	"""Published answers for the public Q&A page, newest first, matching ``query`` (words, any
	order) in the published question or the answer. Only public fields are read."""
	feedback = frappe.qb.DocType("Citizen Feedback")
	agency = frappe.qb.DocType("Agency")
	q = (
		frappe.qb.from_(feedback)
		.left_join(agency)
		.on(agency.name == feedback.agency)
		.select(
			feedback.name,
			feedback.kind,
			feedback.public_question,
			feedback.answer,
			feedback.published_at,
			agency.agency_name,
		)
		.where((feedback.status == PUBLISHED) & (feedback.published == 1))
		.orderby(feedback.published_at, order=frappe.qb.desc)
		.limit(page_length)
		.offset(start)
	)
	for word in (query or "").split()[:8]:
		pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
		q = q.where(feedback.public_question.like(pattern) | feedback.answer.like(pattern))
	return q.run(as_dict=True)
