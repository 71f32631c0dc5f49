# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Centre-wide settings: rule set, centre agency and headings, transfer windows, late-warning lead."""

from datetime import time

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_time

DEFAULT_TRANSFER_WINDOWS = (time(10, 30), time(16, 0))


class OneStopSettings(Document):
	def validate(self):
		seen = set()
		for row in self.transfer_windows:
			moment = get_time(row.window_time).replace(microsecond=0)
			if moment in seen:
				frappe.throw(
					_("Transfer window {0} is listed more than once").format(moment.strftime("%H:%M")),
					title=_("Duplicate transfer window"),
				)
			seen.add(moment)
		rows = sorted(self.transfer_windows, key=lambda row: get_time(row.window_time))
		for index, row in enumerate(rows, start=1):
			row.idx = index
		self.transfer_windows = rows


def transfer_windows() -> list[time]:
	"""The configured transfer window times of day, in order (10:30 and 16:00 when none)."""
	rows = frappe.get_all(
		"Transfer Window",
		filters={"parent": "OneStop Settings", "parenttype": "OneStop Settings"},
		pluck="window_time",
	)
	times = sorted({get_time(value).replace(microsecond=0) for value in rows if value is not None})
	return times or list(DEFAULT_TRANSFER_WINDOWS)


def ensure_defaults() -> None:
	"""Give a new site the default transfer windows and rule set (idempotent; never overwrites)."""
	settings = frappe.get_single("OneStop Settings")
	changed = False
	if not settings.transfer_windows and not frappe.db.get_single_value("OneStop Settings", "rule_set"):
		for moment in DEFAULT_TRANSFER_WINDOWS:
			settings.append("transfer_windows", {"window_time": moment.strftime("%H:%M:%S")})
		changed = True
	if not settings.rule_set:
		settings.rule_set = "TT 03/2025"
		changed = True
	if changed:
		settings.flags.ignore_permissions = True
		settings.save()
