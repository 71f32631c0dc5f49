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

	The processing states of the lifecycle's kinds (:func:`onestop_center.dossiers.state_kinds.processing_states`):
	not those before reception, those whose result already exists, or closed ones.
	"""
	from onestop_center.dossiers import state_kinds

	return state_kinds.processing_states()
