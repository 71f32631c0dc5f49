# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Chỉ số QĐ 766 (số liệu tham khảo nội bộ): the indicators of a period, for the user's scope and,
on request, for each agency (see :mod:`onestop_center.leadership.indicators`)."""

import frappe
from frappe import _

from onestop_center import arguments
from onestop_center.leadership import figures, indicators
from onestop_center.leadership.columns import columns as columns_of
from onestop_center.leadership.period import period_of
from onestop_center.leadership.scope import report_filter_sql


def execute(filters=None):
	filters = arguments.report_filters(filters)
	from_date, to_date = period_of(filters)
	sql, values = report_filter_sql(filters)
	agency = filters.get("agency")
	per_dossier = figures.period_figures(from_date, to_date, None, sql, values)
	config = indicators.settings()
	scope_label = frappe.db.get_value("Agency", agency, "agency_name") if agency else _("Whole scope")
	rows = block(scope_label, indicators.compute(per_dossier, config), 0)
	if filters.get("by_agency"):
		by_agency: dict[str, list] = {}
		for item in per_dossier:
			by_agency.setdefault(item.agency or "", []).append(item)
		names = dict(frappe.get_all("Agency", fields=["name", "agency_name"], as_list=True))
		for key in sorted(by_agency, key=lambda k: names.get(k, k)):
			rows += block(names.get(key) or _("(not set)"), indicators.compute(by_agency[key], config), 0)
	message = _(
		"Internal reference figures (số liệu tham khảo nội bộ) computed from the centre's own data; the official figures are those of the National Public Service Portal."
	)
	return columns(), rows, message


def block(label: str, computed: list[dict], indent: int) -> list[dict]:
	rows = [{"indicator": label, "indent": indent, "bold": 1}]
	procedure_names = {}
	for row in computed:
		rows.append({**{k: v for k, v in row.items() if k != "per_procedure"}, "indent": indent + 1})
		for sub in row.get("per_procedure") or []:
			if sub["procedure"] not in procedure_names:
				procedure_names[sub["procedure"]] = (
					frappe.db.get_value("Procedure", sub["procedure"], "procedure_name") or sub["procedure"]
				)
			rows.append(
				{
					"code": "",
					"indicator": procedure_names[sub["procedure"]],
					"denominator": sub["denominator"],
					"value": sub["value"],
					"unit": _("working days"),
					"indent": indent + 2,
				}
			)
	return rows


def columns() -> list[dict]:
	return columns_of(
		("code", "Code", "Data", 60),
		("indicator", "Indicator", "Data", 340),
		("numerator", "Numerator", "Float", 100),
		("denominator", "Denominator", "Int", 100),
		("value", "Value", "Float", 90),
		("unit", "Unit", "Data", 90),
		("target", "Target (%)", "Float", 90),
		("max_points", "Maximum Points", "Float", 90),
		("score", "Points", "Float", 80),
	)
