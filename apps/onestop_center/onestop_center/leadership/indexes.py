# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Indexes the leaders' figures need (kept on every migrate; ``add_index`` is idempotent).

The period figures select dossiers received before the period's end and not closed before its
start (``received_at`` is indexed by the DocType; ``finished_at`` here), the monthly charts group
by ``received_at``/``finished_at``, the books read hand-overs, consultations, fee receipts, apology
letters and surveys by their own time. The department condition itself (agency held, consulted,
handed over) is the permission layer's: one semi-join on ``Dossier Routing`` (agency, dossier),
see ``dossiers/routing.py``.
"""

import frappe

INDEXES = {
	"Dossier": (["finished_at"], ["procedure", "received_at"]),
	"Dossier Hand-over": (["handed_at"],),
	"Dossier Consultation": (["requested_at"],),
	"Fee Receipt": (["paid_at"],),
	"Apology Letter": (["issued_at"],),
	"Survey Response": (["submitted_at"],),
}


def ensure_indexes() -> None:
	for doctype, indexes in INDEXES.items():
		if not frappe.db.table_exists(doctype):
			continue
		columns = set(frappe.db.get_table_columns(doctype))
		for fields in indexes:
			if set(fields) <= columns:
				# quoted: ``procedure`` is a reserved word of MariaDB
				frappe.db.add_index(doctype, [f"`{f}`" for f in fields], "leaders_" + "_".join(fields))
