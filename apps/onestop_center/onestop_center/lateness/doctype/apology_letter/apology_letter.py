# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Apology Letter (thư xin lỗi): the late department's reason and new appointment, once per dossier.

One letter per dossier (legal-spec §3.8: rescheduling happens only once). Cancelling a letter and
amending it corrects the same letter; any other second letter for the dossier is refused. On
submit the dossier gets ``apology_letter``, ``rescheduled_due_at`` (the new appointment; the legal
``due_at`` never moves and the dossier stays late), ``late_agency`` and ``late_step``, a timeline
entry, and the citizen is notified by the channel they chose.

Who issues it (issue 11): a specialist (or the head) of the late agency drafts the letter; only
the head of that agency issues it (submits: the approval), and the letter prints with the head's
name and title (``signer_title``) and the day it was issued. Rules checked when it is issued:

* the new appointment falls within the working hours of a working day of the dossier's working
  calendar (:func:`check_working_moment`, the deadlines engine);
* the letter is due before the dossier's deadline passes; one issued after it is flagged
  ``issued_late`` (counted by :func:`onestop_center.lateness.statistics.count_late_letters`).
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_datetime

from onestop_center.dossiers import lifecycle
from onestop_center.lateness.notices import format_moment, notify_citizen
from onestop_center.lateness.statistics import record_lateness
from onestop_center.permissions import get_user_agencies, is_department_user
from onestop_center.security.access import raise_not_found
from onestop_center.setup.roles import DEPARTMENT_HEAD

# Roles that issue (submit) a letter besides the late agency's head
ISSUING_ROLES = frozenset({DEPARTMENT_HEAD, "System Manager"})
# the action recorded when a deputy issues the letter on behalf of the head
ISSUE = "Issue Apology Letter"


class AppointmentOutsideWorkingHoursError(frappe.ValidationError):
	"""The new appointment is not within the working hours of a working day."""


class NotTheHeadError(frappe.PermissionError):
	"""Only the head of the late agency issues an apology letter."""


def closed_states() -> list[str]:
	"""States in which a dossier can no longer be rescheduled (not received, or closed)."""
	return [*lifecycle.NOT_RECEIVED, *lifecycle.final_states()]


class ApologyLetter(Document):
	def validate(self):
		dossier = self.lock_dossier()
		self.check_department(dossier)
		self.check_only_letter()
		if dossier.status in closed_states():
			frappe.throw(
				_("Dossier {0} is {1}: an apology letter can no longer be issued").format(
					dossier.name, _(dossier.status)
				)
			)
		self.agency = self.agency or dossier.agency
		if self.is_new():
			self.drafted_by = frappe.session.user  # whoever writes the draft, never a client's value
		self.original_due_at = dossier.due_at
		self.notice_channel = dossier.get("notify_by")
		if not self.late_step:
			self.late_step = dossier.get("current_step") or 0
		self.check_new_appointment()

	def before_submit(self):
		self.check_issuer()
		dossier = frappe.get_doc("Dossier", self.dossier)
		check_working_moment(dossier, self.new_appointment_at)
		self.issued_at = lifecycle.now()
		self.issued_by = frappe.session.user
		self.signer_title = self.signer_title or default_signer_title(self.agency)
		# the letter is due before the deadline passes; a late one is issued, flagged and counted
		self.issued_late = int(bool(dossier.due_at) and self.issued_at > get_datetime(dossier.due_at))

	def check_issuer(self):
		"""The head of the late agency issues the letter (a specialist only drafts it), or their
		deputy while a Delegation of the head's authority is in force (recorded on behalf of the head)."""
		if not is_department_user() or ISSUING_ROLES & set(frappe.get_roles()):
			return
		from onestop_center.delegation.authority import covering

		self.flags.delegation = covering(self.agency, DEPARTMENT_HEAD)
		if self.flags.delegation:
			return
		frappe.throw(
			_("The letter is issued by the head of the late agency: ask the head to approve and issue it"),
			NotTheHeadError,
			title=_("Not permitted"),
		)

	def on_submit(self):
		dossier = frappe.get_doc("Dossier", self.dossier)
		if self.flags.delegation:
			from onestop_center.delegation.authority import record_action

			record_action(self.flags.delegation, self.doctype, self.name, ISSUE, timeline=("Dossier", dossier.name))
		dossier.db_set(
			{"apology_letter": self.name, "rescheduled_due_at": self.new_appointment_at}, notify=True
		)
		record_lateness(dossier, agency=self.agency, step=self.late_step, overwrite=True)
		dossier.add_comment(
			"Info",
			_("Apology letter {0} issued: new appointment {1}. Reason: {2}").format(
				self.name, format_moment(self.new_appointment_at), frappe.utils.escape_html(self.reason)
			),
		)
		self.send_notice(dossier)

	def on_cancel(self):
		dossier = frappe.get_doc("Dossier", self.dossier)
		if dossier.get("apology_letter") == self.name:
			dossier.db_set({"apology_letter": None, "rescheduled_due_at": None}, notify=True)
		dossier.add_comment("Info", _("Apology letter {0} cancelled").format(self.name))

	# -- checks ---------------------------------------------------------------------------

	def lock_dossier(self):
		"""The dossier, row-locked so that two letters for it cannot be written at once."""
		if not frappe.db.get_value("Dossier", self.dossier, "name", for_update=True):
			raise_not_found("Dossier", self.dossier)
		return frappe.get_doc("Dossier", self.dossier)

	def check_department(self, dossier):
		"""A department user issues letters only for dossiers of their own agencies."""
		if not is_department_user():
			return
		if not frappe.has_permission("Dossier", "read", doc=dossier.name):
			raise_not_found("Dossier", self.dossier)  # another agency's: as if it did not exist
		agencies = set(get_user_agencies())
		if dossier.agency not in agencies or (self.agency and self.agency not in agencies):
			frappe.throw(
				_("You can issue an apology letter only for dossiers handled by your own department"),
				frappe.PermissionError,
			)

	def check_only_letter(self):
		"""One letter per dossier; only this letter's own cancelled predecessors may coexist."""
		own_chain = set()
		previous = self.amended_from
		while previous and previous not in own_chain:
			own_chain.add(previous)
			previous = frappe.db.get_value("Apology Letter", previous, "amended_from")
		# a locking read sees letters committed by a concurrent request that held the dossier's lock
		others = frappe.db.get_values(
			"Apology Letter",
			{"dossier": self.dossier, "name": ["!=", self.name or ""]},
			["name", "docstatus"],
			as_dict=True,
			for_update=True,
		)
		for other in others:
			if other.name in own_chain and other.docstatus == 2:
				continue
			frappe.throw(
				_(
					"Dossier {0} already has apology letter {1}. The appointment can be rescheduled only "
					"once; to correct that letter, cancel and amend it."
				).format(self.dossier, other.name),
				frappe.DuplicateEntryError,
			)

	def check_new_appointment(self):
		new = get_datetime(self.new_appointment_at)
		if self.original_due_at and new <= get_datetime(self.original_due_at):
			frappe.throw(
				_("The new appointment must be later than the original due date ({0})").format(
					format_moment(self.original_due_at)
				)
			)
		if new <= lifecycle.now():
			frappe.throw(_("The new appointment must be in the future"))

	# -- notice ---------------------------------------------------------------------------

	def send_notice(self, dossier):
		subject, message = citizen_notice(self, dossier)
		result = notify_citizen(dossier, subject, message)
		self.db_set(
			{
				"notice_channel": result.channel,
				"notice_sent_at": result.sent_at if result.sent else None,
				"notice_note": result.note or None,
			}
		)


def default_signer_title(agency: str | None) -> str:
	"""``GIÁM ĐỐC``: the title printed over the head's signature unless the head writes another."""
	return "GIÁM ĐỐC"


def check_working_moment(dossier, moment) -> None:
	"""The appointment must be within a working session of a working day (the dossier's calendar)."""
	from onestop_center.deadlines.store import get_calendar

	moment = get_datetime(moment)
	calendar = get_calendar(dossier.get("working_calendar") or None)
	clock = moment.time()
	if any(start <= clock < end for start, end in calendar.sessions_on(moment.date())):
		return
	frappe.throw(
		_("The new appointment must fall within working hours on a working day ({0} is not)").format(
			format_moment(moment)
		),
		AppointmentOutsideWorkingHoursError,
		title=_("Not a working moment"),
	)


def citizen_notice(letter, dossier) -> tuple[str, str]:
	"""Subject and text of the apology to the citizen, in Vietnamese."""
	lang = "vi"
	subject = _("Apology for the late result of dossier {0}", lang=lang).format(dossier.name)
	message = _(
		"Dossier {0}: we apologise that the result is late. Reason: {1}. New appointment: {2}.",
		lang=lang,
	).format(
		dossier.name, (letter.reason or "").strip().rstrip("."), format_moment(letter.new_appointment_at)
	)
	return subject, message
