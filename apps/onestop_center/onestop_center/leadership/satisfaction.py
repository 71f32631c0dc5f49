# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""How the leaders' figures read a Survey Response (surveys are h6's model; this follows it).

With the 2018 model (``satisfaction``: Very Satisfied / Satisfied / Dissatisfied) a response is
*satisfied* unless Dissatisfied, and the figure shown is the share of satisfied responses (%);
with the older star rating (``overall_satisfaction``, a fraction of 1) it is the average out of 5
and a response at or below ``dissatisfied_max`` stars is dissatisfied.
"""

import frappe

DISSATISFIED = "Dissatisfied"


def model() -> str:
	meta = frappe.get_meta("Survey Response")
	if meta.has_field("satisfaction"):
		return "choice"
	return "stars" if meta.has_field("overall_satisfaction") else "none"


def value_sql(alias: str = "s") -> tuple[str, str, str]:
	"""(SQL of one response's value, SQL condition of an answered response, fieldtype of the value)."""
	kind = model()
	if kind == "choice":
		return (
			f"if({alias}.satisfaction = '{DISSATISFIED}', 0, 100)",
			f"{alias}.satisfaction is not null",
			"Percent",
		)
	if kind == "stars":
		return f"{alias}.overall_satisfaction * 5", f"{alias}.overall_satisfaction > 0", "Float"
	return "0", "1=0", "Float"


def dissatisfied_sql(max_stars: int, alias: str = "s") -> str:
	"""SQL condition of a dissatisfied response."""
	kind = model()
	if kind == "choice":
		return f"{alias}.satisfaction = '{DISSATISFIED}'"
	if kind == "stars":
		return f"({alias}.overall_satisfaction > 0 and {alias}.overall_satisfaction * 5 <= {int(max_stars)})"
	return "1=0"
