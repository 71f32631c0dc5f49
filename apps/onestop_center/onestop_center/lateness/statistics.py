# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Which department and which step made a dossier late (Dossier ``late_agency``, ``late_step``).

Recorded by the late-warning job (dossier still open past its due moment), by the Apology Letter
(the issuing department, always) and by the lifecycle when a step finishes late
(:func:`record_lateness`). The first cause recorded wins, except for an Apology Letter, which names
the late department explicitly.
"""

from __future__ import annotations

import frappe


def record_lateness(
	dossier, agency: str | None = None, step: int | None = None, overwrite: bool = False
) -> bool:
	"""Record ``agency`` and ``step`` (default: the dossier's current ones) as the cause of lateness.

	``dossier`` is a name or a Dossier document. Without ``overwrite`` an existing record is kept
	(the first late step caused the delay). Returns True when something was written. The legal
	``due_at`` and the dossier's timeliness are not touched.
	"""
	if isinstance(dossier, str):
		dossier = frappe.get_doc("Dossier", dossier)
	if dossier.get("late_agency") and not overwrite:
		return False
	agency = agency or dossier.get("agency")
	if not agency:
		return False
	if step is None:
		step = dossier.get("current_step")
	values = {"late_agency": agency, "late_step": step or 0}
	if all(dossier.get(key) == value for key, value in values.items()):
		return False
	dossier.db_set(values, notify=True)
	return True


def count_late_letters(from_date=None, to_date=None, agency: str | None = None) -> int:
	"""Apology letters issued after the dossier's deadline had passed (``issued_late``), by issue day."""
	filters = {"docstatus": 1, "issued_late": 1}
	if agency:
		filters["agency"] = agency
	if from_date and to_date:
		filters["issued_at"] = ["between", [from_date, to_date]]
	return frappe.db.count("Apology Letter", filters)


def count_late_returns_without_letter(from_date=None, to_date=None) -> int:
	"""Dossiers returned after their deadline without an apology letter (``late_without_letter``)."""
	filters = {"late_without_letter": 1}
	if from_date and to_date:
		filters["returned_at"] = ["between", [from_date, to_date]]
	return frappe.db.count("Dossier", filters)
