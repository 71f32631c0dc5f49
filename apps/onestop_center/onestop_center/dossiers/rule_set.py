# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Which rule set (QĐ 09/2015, TT 01/2018, TT 03/2025) governs a dossier.

legal-spec §0: forms, numbering and lead times are versioned rule sets, each in force from a date
(OneStop Settings ``rule_set_<year>_from``); a dossier keeps the set in force on the day it was
received (``Dossier.rule_set``, written by the lifecycle at reception: :func:`freeze_rule_set`),
so changing the settings later never re-labels the forms of dossiers already received.

The global ``rule_set`` of OneStop Settings is only the fallback when no effective date is set.
"""

from datetime import date, datetime

import frappe
from frappe.utils import getdate

RULE_SET_2015 = "QĐ 09/2015"
RULE_SET_2018 = "TT 01/2018"
RULE_SET_2025 = "TT 03/2025"
RULE_SETS = (RULE_SET_2015, RULE_SET_2018, RULE_SET_2025)
DEFAULT_RULE_SET = RULE_SET_2025

SETTINGS = "OneStop Settings"
# rule set → OneStop Settings field with the date it is in force from
EFFECTIVE_DATE_FIELDS = {
	RULE_SET_2015: "rule_set_2015_from",
	RULE_SET_2018: "rule_set_2018_from",
	RULE_SET_2025: "rule_set_2025_from",
}


def _settings_value(fieldname: str):
	"""A OneStop Settings value, or None while the field does not exist (before migrate)."""
	if not frappe.get_meta(SETTINGS).has_field(fieldname):
		return None
	return frappe.db.get_single_value(SETTINGS, fieldname)


def global_rule_set() -> str:
	"""The centre-wide switch (OneStop Settings ``rule_set``), 2025 when unset."""
	value = _settings_value("rule_set")
	return value if value in RULE_SETS else DEFAULT_RULE_SET


def effective_dates() -> dict[str, date]:
	"""rule set → the date it is in force from, for the sets whose date is set."""
	dates = {}
	for rule_set, fieldname in EFFECTIVE_DATE_FIELDS.items():
		value = _settings_value(fieldname)
		if value:
			dates[rule_set] = getdate(value)
	return dates


def rule_set_on(moment: date | datetime | str | None) -> str:
	"""The rule set in force at ``moment`` (the latest one whose date has come).

	Without a moment, or when no effective date is set or none has come yet, the global switch.
	"""
	if not moment:
		return global_rule_set()
	day = getdate(moment)
	in_force = [(since, rule_set) for rule_set, since in effective_dates().items() if since <= day]
	return max(in_force)[1] if in_force else global_rule_set()


def of_dossier(doc) -> str:
	"""The dossier's rule set: the frozen one, else the one in force when it was received (or opened)."""
	value = doc.get("rule_set") if doc else None
	if value in RULE_SETS:
		return value
	return rule_set_on(doc.get("received_at") if doc else None)


def freeze_rule_set(doc, received_at=None) -> None:
	"""At reception (lifecycle): keep the rule set in force on the reception day, once."""
	if doc.get("rule_set") in RULE_SETS:
		return
	doc.rule_set = rule_set_on(received_at or doc.get("received_at"))
