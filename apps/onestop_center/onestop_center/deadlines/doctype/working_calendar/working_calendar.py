# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Working Calendar: the weekly sessions and listed days the deadline engine counts with.

The arithmetic lives in the Frappe-free engine (onestop_center.deadlines); this
controller validates what administrators enter, keeps ``version`` (the engine's
hash) and ``years_covered`` current, keeps exactly one default calendar, and
drops the store's caches on every change (onestop_center.deadlines.store).
"""

from collections import Counter
from itertools import pairwise

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, get_time, getdate

from onestop_center.deadlines import store
from onestop_center.deadlines.calendar import WEEKDAY_NAMES

FIRST_LOADABLE_YEAR = 2000
LAST_LOADABLE_YEAR = 2100


class WorkingCalendar(Document):
	def validate(self):
		if not self.sessions:
			self.set("sessions", store.default_session_rows())
		self.validate_sessions()
		self.validate_days()
		self.validate_default()
		self.years_covered = ", ".join(
			str(year) for year in sorted({getdate(row.date).year for row in self.days})
		)
		try:
			self.version = store.to_engine_calendar(self).version
		except ValueError as error:
			frappe.throw(_("The calendar cannot be used for deadlines: {0}").format(error))

	def validate_sessions(self):
		by_weekday = {}
		for row in self.sessions:
			if get_time(row.start_time) >= get_time(row.end_time):
				frappe.throw(_("Row {0}: a session must start before it ends").format(row.idx))
			by_weekday.setdefault(row.weekday, []).append((get_time(row.start_time), get_time(row.end_time)))
		for weekday, sessions in by_weekday.items():
			sessions.sort()
			if any(later[0] < earlier[1] for earlier, later in pairwise(sessions)):
				frappe.throw(_("Sessions on {0} overlap").format(_(weekday)))
		# Keep the table readable: Monday first, then by start time.
		self.sessions.sort(key=lambda row: (WEEKDAY_NAMES.index(row.weekday), get_time(row.start_time)))
		for idx, row in enumerate(self.sessions, start=1):
			row.idx = idx

	def validate_days(self):
		counts = Counter(getdate(row.date) for row in self.days)
		repeated = sorted(day for day, count in counts.items() if count > 1)
		if repeated:
			frappe.throw(
				_("Date {0} is listed more than once").format(
					", ".join(frappe.format(day, {"fieldtype": "Date"}) for day in repeated)
				)
			)
		self.days.sort(key=lambda row: getdate(row.date))
		for idx, row in enumerate(self.days, start=1):
			row.idx = idx

	def validate_default(self):
		"""Exactly one default: the first calendar becomes it; the default cannot just be switched off."""
		if self.is_default or frappe.db.exists(
			store.DOCTYPE, {"is_default": 1, "name": ("!=", self.name or "")}
		):
			return
		if self.is_new():
			self.is_default = 1
		elif (before := self.get_doc_before_save()) and before.is_default:
			frappe.throw(
				_("There must be a default working calendar: make another calendar the default instead")
			)

	def on_update(self):
		if self.is_default:
			others = frappe.get_all(
				store.DOCTYPE, filters={"is_default": 1, "name": ("!=", self.name)}, pluck="name"
			)
			for other in others:
				frappe.db.set_value(store.DOCTYPE, other, "is_default", 0)
		store.invalidate()

	def on_trash(self):
		if self.is_default:
			frappe.throw(
				_("The default working calendar cannot be deleted; make another calendar the default first")
			)
		store.invalidate()

	def after_rename(self, old, new, merge=False):
		store.invalidate()

	def provisional_dossiers(self) -> int:
		"""How many dossiers counted on this calendar have a provisional due date (issue 7)."""
		if self.is_new():
			return 0
		return frappe.db.count("Dossier", {"working_calendar": self.name, "due_at_provisional": 1})

	@frappe.whitelist()
	def load_official_days(self, year: int | None = None):
		"""Fill the days table for ``year`` from the holidays package and the official notice.

		Rows of that year with an official kind are replaced; province days off
		are kept. The document is not saved: the administrator reviews and saves.
		"""
		self.check_permission("write")
		year = cint(year)
		if not FIRST_LOADABLE_YEAR <= year <= LAST_LOADABLE_YEAR:
			frappe.throw(
				_("Year must be between {0} and {1}").format(FIRST_LOADABLE_YEAR, LAST_LOADABLE_YEAR),
				frappe.ValidationError,
			)
		kept = [
			row for row in self.days if getdate(row.date).year != year or row.kind not in store.OFFICIAL_KINDS
		]
		taken = {getdate(row.date) for row in kept}
		rows = [row for row in store.official_day_rows(year) if getdate(row["date"]) not in taken]
		self.set("days", kept)
		self.extend("days", rows)
		self.validate_days()
		message = _("Loaded {0} official days for {1}. Review them and save.").format(len(rows), year)
		if year not in store.OFFICIAL_NOTICES:
			message += "<br>" + _(
				"No official notice for {0} is recorded in the app: the days come from the holidays package alone. "
				"Check them against the Government's announcement (day-off swaps and make-up Saturdays) before saving."
			).format(year)
		if provisional := self.provisional_dossiers():
			message += "<br>" + _(
				"{0} dossiers counted on this calendar have a provisional due date. After saving, filter the "
				"Dossier list on Provisional Due Date and use Recompute Deadline on each of them."
			).format(provisional)
		frappe.msgprint(message, title=_("Official days"))
		return len(rows)
