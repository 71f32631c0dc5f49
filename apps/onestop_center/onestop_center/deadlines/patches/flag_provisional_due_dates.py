# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Issue 7: statutory days off of years without official calendar; provisional due dates.

1. The engine's version hash of every Working Calendar now covers the statutory rule and the
   calendar's official years: refresh the version shown on the documents.
2. Dossiers received before this change whose reception → due moment touches a year without
   official calendar were counted without that year's statutory days off: flag them
   ``due_at_provisional`` so that the list filter finds them for an audited recomputation. Their
   dates are not changed (promises don't drift). Idempotent: only sets the flag.
"""

import frappe
from frappe.utils import get_datetime

from onestop_center.deadlines import store

BATCH = 500


def execute():
	store.refresh_stored_versions()
	default = frappe.db.get_value(store.DOCTYPE, {"is_default": 1}, "name")
	calendars = {}
	flagged = []
	rows = frappe.get_all(
		"Dossier",
		filters={"due_at": ("is", "set"), "due_at_provisional": 0},
		fields=["name", "working_calendar", "effective_received_at", "received_at", "due_at"],
	)
	for row in rows:
		name = row.working_calendar or default
		if not name or not frappe.db.exists(store.DOCTYPE, name):
			continue
		if name not in calendars:
			calendars[name] = store.get_calendar(name)
		start = get_datetime(row.effective_received_at or row.received_at or row.due_at)
		if calendars[name].is_provisional_between(start.date(), get_datetime(row.due_at).date()):
			flagged.append(row.name)
	for i in range(0, len(flagged), BATCH):
		frappe.db.sql(
			"update `tabDossier` set due_at_provisional = 1 where name in %(names)s",
			{"names": flagged[i : i + BATCH]},
		)
