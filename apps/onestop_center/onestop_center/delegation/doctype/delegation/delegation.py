# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Delegation (ủy quyền): a head's approvals given to a named deputy for a period.

Written (draft) by the head or an administrator and put in force by submitting it; cancelling it
revokes it from that moment (actions taken before stay valid). While in force
(``valid_from <= now < valid_to``, checked at each action: :mod:`onestop_center.delegation.authority`)
the deputy takes the head-only actions of the agency and the forms print their name with
KT./TL./TUQ. before the head's title. Rules (each its own exception class):

* the head holds what they delegate: the role, and for a Department Head the agency
  (:class:`NotHeldError`); only the head themself or an administrator writes it;
* the deputy is another active desk user of the same agency — for a Centre Leader, a centre user
  (:class:`DeputyNotInAgencyError`);
* the period is sane: it ends after it starts, lasts at most :data:`MAX_DAYS`, and has not ended
  when it is put in force (:class:`InvalidPeriodError`);
* no two delegations of the same head's authority, and none to the same deputy for the same
  agency, overlap (:class:`OverlappingDelegationError`).
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_datetime

from onestop_center.delegation import authority
from onestop_center.setup.roles import CENTRE_LEADER, ONESTOP_ADMINISTRATOR

# A delegation is for a period (Decree 30/2020/NĐ-CP, Article 13: "giới hạn trong một thời gian nhất định")
MAX_DAYS = 366
ADMINISTRATORS = frozenset({ONESTOP_ADMINISTRATOR, "System Manager"})


class NotHeldError(frappe.PermissionError):
	"""The head does not hold the authority (role, agency) being delegated."""


class DeputyNotInAgencyError(frappe.ValidationError):
	"""The deputy is not an officer of the agency."""


class InvalidPeriodError(frappe.ValidationError):
	"""The period is empty, too long, or already over."""


class OverlappingDelegationError(frappe.ValidationError):
	"""Another delegation of the same authority is in force over part of the period."""


def is_administrator(user: str | None = None) -> bool:
	user = user or frappe.session.user
	return user == "Administrator" or bool(ADMINISTRATORS & set(frappe.get_roles(user)))


class Delegation(Document):
	def before_validate(self):
		if self.is_new() and not self.delegator and not is_administrator():
			self.delegator = frappe.session.user

	def validate(self):
		self.check_writer()
		self.check_head()
		self.check_deputy()
		self.check_period()
		self.status = self.computed_status()

	def before_submit(self):
		if get_datetime(self.valid_to) <= authority.now():
			frappe.throw(
				_("The delegation period is already over"), InvalidPeriodError, title=_("Invalid period")
			)
		self.check_overlap()
		self.status = self.computed_status()

	def before_cancel(self):
		self.check_writer()
		self.revoked_at = authority.now()
		self.revoked_by = frappe.session.user
		self.status = "Revoked"

	def on_cancel(self):
		self.db_set({"revoked_at": self.revoked_at, "revoked_by": self.revoked_by, "status": "Revoked"})

	# -- checks ---------------------------------------------------------------------------

	def check_writer(self):
		"""The head themself or an administrator; never the deputy or another head."""
		if is_administrator():
			return
		stored = self.get_doc_before_save() if not self.is_new() else None
		delegators = {self.delegator, stored.delegator if stored else self.delegator}
		if delegators != {frappe.session.user}:
			frappe.throw(
				_("Only the head who delegates, or an administrator, writes a delegation"),
				frappe.PermissionError,
				title=_("Not permitted"),
			)

	def check_head(self):
		if self.role not in authority.HEAD_ROLES:
			frappe.throw(_("Only a head's authority can be delegated"), NotHeldError)
		if self.role == CENTRE_LEADER:
			from onestop_center.dossiers.lifecycle import centre_agency

			self.agency = centre_agency() or self.agency
		if not authority.holds_authority(self.delegator, self.role, self.agency):
			frappe.throw(
				_("{0} does not hold the authority “{1}” for {2}: it cannot be delegated").format(
					self.delegator_label(), _(self.role), self.agency_label()
				),
				NotHeldError,
				title=_("Not permitted"),
			)

	def check_deputy(self):
		if self.deputy == self.delegator:
			frappe.throw(_("The deputy must be someone other than the head"), DeputyNotInAgencyError)
		user = frappe.db.get_value("User", self.deputy, ["enabled", "user_type"], as_dict=True)
		if not user or not user.enabled or user.user_type != "System User":
			frappe.throw(_("The deputy must be an active officer"), DeputyNotInAgencyError)
		if not belongs_to(self.deputy, self.agency, self.role):
			frappe.throw(
				_("{0} is not an officer of {1}: only an officer of the same agency can be named deputy").format(
					frappe.utils.get_fullname(self.deputy), self.agency_label()
				),
				DeputyNotInAgencyError,
				title=_("Deputy of another agency"),
			)

	def check_period(self):
		start, end = get_datetime(self.valid_from), get_datetime(self.valid_to)
		if end <= start:
			frappe.throw(
				_("The delegation must end after it starts"), InvalidPeriodError, title=_("Invalid period")
			)
		if (end - start).days > MAX_DAYS:
			frappe.throw(
				_("A delegation lasts at most {0} days").format(MAX_DAYS),
				InvalidPeriodError,
				title=_("Invalid period"),
			)

	def check_overlap(self):
		"""No other delegation in force of the same authority, or to the same deputy, overlaps."""
		common = {
			"docstatus": 1,
			"name": ("!=", self.name),
			"role": self.role,
			"valid_from": ("<", self.valid_to),
			"valid_to": (">", self.valid_from),
		}
		for filters in (
			{**common, "delegator": self.delegator, "agency": self.agency},
			{**common, "deputy": self.deputy, "agency": self.agency},
		):
			other = frappe.get_all(
				"Delegation", filters=filters, fields=["name", "deputy_name", "valid_from", "valid_to"], limit=1
			)
			if other:
				frappe.throw(
					_("Delegation {0} ({1}, {2} – {3}) already covers part of this period").format(
						other[0].name,
						other[0].deputy_name,
						frappe.format(other[0].valid_from, {"fieldtype": "Datetime"}),
						frappe.format(other[0].valid_to, {"fieldtype": "Datetime"}),
					),
					OverlappingDelegationError,
					title=_("Overlapping delegation"),
				)

	# -- status ---------------------------------------------------------------------------

	def computed_status(self, at=None) -> str:
		"""Draft, Scheduled, Active, Expired or Revoked at ``at`` (now): shown in lists only."""
		return status_at(self.docstatus, self.valid_from, self.valid_to, at)

	def delegator_label(self) -> str:
		return frappe.utils.get_fullname(self.delegator) if self.delegator else ""

	def agency_label(self) -> str:
		return frappe.db.get_value("Agency", self.agency, "agency_name") or self.agency or ""


def status_at(docstatus, valid_from, valid_to, at=None) -> str:
	docstatus = int(docstatus or 0)
	if docstatus == 0:
		return "Draft"
	if docstatus == 2:
		return "Revoked"
	at = get_datetime(at) if at else authority.now()
	if at < get_datetime(valid_from):
		return "Scheduled"
	if at < get_datetime(valid_to):
		return "Active"
	return "Expired"


def belongs_to(user: str, agency: str | None, role: str) -> bool:
	"""Whether ``user`` is an officer of ``agency`` (for a Centre Leader's delegation: of the centre)."""
	from onestop_center.permissions import get_user_agencies, is_department_user

	if role == CENTRE_LEADER:
		# centre officers are not restricted to an agency; a department user is not the centre's
		return not is_department_user(user) and bool(
			set(frappe.get_roles(user)) & {CENTRE_LEADER, "General Affairs Officer", ONESTOP_ADMINISTRATOR}
		)
	return bool(agency) and agency in get_user_agencies(user) and is_department_user(user)

