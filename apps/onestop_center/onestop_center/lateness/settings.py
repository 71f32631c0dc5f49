# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Lead time of the late warning and which dossier states count as open.

OneStop Settings (module OneStop Center) holds ``rule_set``, ``late_warning_lead`` and
``late_warning_unit``. It is read defensively: on a site where the Single does not exist yet
(or a field is missing) the 2025 rules apply.
"""

from __future__ import annotations

from datetime import timedelta

import frappe

from onestop_center.dossiers import lifecycle

SETTINGS = "OneStop Settings"

RULE_SET_2015 = "QĐ 09/2015"
RULE_SET_2018 = "TT 01/2018"
RULE_SET_2025 = "TT 03/2025"
DEFAULT_RULE_SET = RULE_SET_2025

WORKING_HOUR = "Working Hour"
WORKING_DAY = "Working Day"
# legal-spec §3.4: one working day = 8 working hours
HOURS_PER_WORKING_DAY = 8

# product.md §3 step 5 / legal-spec §3.8: at least 4 working hours before the deadline under the
# 2015 (and 2018) rules, no later than 1 working day before it under the 2025 rules.
RULE_SET_LEADS = {
	RULE_SET_2015: (4, WORKING_HOUR),
	RULE_SET_2018: (4, WORKING_HOUR),
	RULE_SET_2025: (1, WORKING_DAY),
}

# Not "open" for lateness: not received yet, or the result already exists.
NOT_OPEN_STATES = frozenset(
	{lifecycle.DRAFT, lifecycle.NEEDS_COMPLETION, lifecycle.PENDING_RECEPTION, lifecycle.RESULT_READY, lifecycle.RESULT_AT_CENTRE}
)


def _setting(fieldname: str):
	"""A OneStop Settings value."""
	return frappe.db.get_single_value(SETTINGS, fieldname)


def rule_set() -> str:
	"""The rule set in force (OneStop Settings ``rule_set``; 2025 when unset)."""
	value = _setting("rule_set")
	return value if value in RULE_SET_LEADS else DEFAULT_RULE_SET


def lead_time(rules: str | None = None) -> timedelta:
	"""How much working time before the deadline the late warning goes out.

	OneStop Settings ``late_warning_lead`` + ``late_warning_unit`` when both are set; otherwise the
	lead of the rule set (``rules``, default the centre's): 4 working hours (2015, 2018) or 1 working
	day (2025). A working day counts as 8 working hours.
	"""
	amount = _setting("late_warning_lead")
	unit = _setting("late_warning_unit")
	if not (amount and unit in (WORKING_HOUR, WORKING_DAY)):
		amount, unit = RULE_SET_LEADS.get(rules or rule_set(), RULE_SET_LEADS[DEFAULT_RULE_SET])
	hours = float(amount) * (HOURS_PER_WORKING_DAY if unit == WORKING_DAY else 1)
	return timedelta(hours=max(hours, 0))


def open_states() -> list[str]:
	"""States in which a received dossier is still being handled (its deadline can be missed).

	The lifecycle's open states (:func:`onestop_center.dossiers.lifecycle.open_states`) without
	those before reception (Draft, Needs Completion) and those whose result already exists
	(Result Ready, Result at Centre).
	"""
	return [state for state in lifecycle.open_states() if state not in NOT_OPEN_STATES]
