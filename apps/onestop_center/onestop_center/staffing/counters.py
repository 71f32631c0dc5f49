# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""The counter an officer works at today, so that reception fills it in by itself.

Who sits at a counter (product.md §5): the counter's own officer, or, while a secondment is covered
(leave or sick-leave replacement), the replacement officer named on that Secondment; a seconded
officer whose Secondment names a counter works there during the term.
"""

import frappe
from frappe.utils import getdate

COVER_KINDS = ("Replacement for Leave", "Sick-leave Cover")


def officer_counter(user: str | None = None, day=None) -> str | None:
	"""The active counter ``user`` works at on ``day`` (default: today on the app's clock), or None.

	A replacement covering someone's counter comes first (the covered officer is away), then the
	counter whose officer the user is, then the counter of the user's own current secondment.
	"""
	from onestop_center.dossiers import deadline

	user = user or frappe.session.user
	if not user or user == "Guest":
		return None
	day = getdate(day or deadline.now())
	in_term = {"start_date": ("<=", day), "end_date": (">=", day), "counter": ("is", "set")}
	candidates = [
		*frappe.get_all(
			"Secondment",
			filters={**in_term, "replacement_officer": user, "kind": ("in", COVER_KINDS)},
			pluck="counter",
			order_by="start_date desc",
		),
		*frappe.get_all("Counter", filters={"officer": user}, pluck="name", order_by="counter_number asc"),
		*frappe.get_all(
			"Secondment", filters={**in_term, "officer": user}, pluck="counter", order_by="start_date desc"
		),
	]
	for counter in candidates:
		if frappe.db.get_value("Counter", counter, "is_active"):
			return counter
	return None


def fill_dossier_counter(dossier) -> None:
	"""A dossier opened at the counter without one: the receiving officer's counter."""
	if dossier.channel == "Counter" and not dossier.counter:
		dossier.counter = officer_counter(dossier.received_by or frappe.session.user)


def extend_bootinfo(bootinfo) -> None:
	"""The desk's new dossier form shows the officer's counter before anything is saved."""
	if frappe.session.user != "Guest":
		bootinfo.onestop_counter = officer_counter()
