# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Whose dossiers a user's statistics count (seed Phụ lục 01, II.8; issue 9 item 6).

One rule for every card, chart, report and book of the leaders' module, the same as the lists':

* the centre's leaders, reception, general affairs and administrators: every dossier;
* a department head (and any department user): the dossiers their agencies (sub-units included)
  hold, were handed or are consulted on — :func:`onestop_center.permissions.dossier_query_conditions`,
  the very condition of the Dossier list;
* a department specialist who is given User Permissions on *Procedure Field* (lĩnh vực): only the
  dossiers of those fields, within their agency. A specialist without any is scoped to the agency.

Everything is SQL on the unaliased ``tabDossier`` so that the statistics queries filter in the
database (index plan: ``received_at``, ``finished_at``, ``(status, due_at)``, ``procedure``).
"""

import frappe
from frappe.core.doctype.user_permission.user_permission import get_user_permissions
from frappe.utils.nestedset import get_descendants_of

from onestop_center import arguments
from onestop_center.permissions import dossier_query_conditions, is_department_user, sql_values
from onestop_center.setup.roles import DEPARTMENT_HEAD, DEPARTMENT_SPECIALIST


def specialist_fields(user: str | None = None) -> list[str] | None:
	"""The fields (lĩnh vực) a specialist is in charge of; None when not restricted by field."""
	user = user or frappe.session.user
	if not is_department_user(user):
		return None
	roles = set(frappe.get_roles(user))
	if DEPARTMENT_SPECIALIST not in roles or DEPARTMENT_HEAD in roles:
		return None
	fields = sorted({p.doc for p in get_user_permissions(user).get("Procedure Field", [])})
	return fields or None


def dossier_condition(user: str | None = None) -> str:
	"""SQL on ``tabDossier`` keeping a user's statistics to what they may see ("" = everything)."""
	user = user or frappe.session.user
	conditions = []
	if listed := dossier_query_conditions(user):
		conditions.append(f"({listed})")
	if fields := specialist_fields(user):
		conditions.append(
			"`tabDossier`.`procedure` in (select `tabProcedure`.`name` from `tabProcedure`"
			f" where `tabProcedure`.`procedure_field` in ({sql_values(fields)}))"
		)
	return " and ".join(conditions)


def dossier_filter_sql(user: str | None = None) -> str:
	"""``and <condition>`` to append to a WHERE clause on ``tabDossier`` ("" when unrestricted)."""
	condition = dossier_condition(user)
	return f" and {condition}" if condition else ""


def restricted_agencies(user: str | None = None) -> list[str] | None:
	"""The agencies a department user's figures are limited to; None for centre-wide users."""
	from onestop_center.permissions import restricted_agencies as agencies

	return agencies(user)


def agency_filter_sql(column: str, user: str | None = None) -> str:
	"""``and <column> in (...)`` for records kept by agency (apology letters, fee receipts…)."""
	agencies = restricted_agencies(user)
	if agencies is None:
		return ""
	if not agencies:
		return " and 1=0"
	return f" and {column} in ({sql_values(agencies)})"


def report_filter_sql(filters) -> tuple[str, dict]:
	"""SQL (and values) of a report's optional filters: agency with sub-units, field, procedure,
	applicant name. Needs ``tabDossier`` and its procedure joined as ``p``."""
	sql, values = [], {}
	if agency := arguments.existing("Agency", filters.get("agency"), "Agency", required=False):
		values["agencies"] = [agency, *get_descendants_of("Agency", agency)]
		sql.append(" and p.responsible_agency in %(agencies)s")
	if field := arguments.existing(
		"Procedure Field", filters.get("procedure_field"), "Field", required=False
	):
		values["field"] = field
		sql.append(" and p.procedure_field = %(field)s")
	if procedure := arguments.existing("Procedure", filters.get("procedure"), "Procedure", required=False):
		values["procedure"] = procedure
		sql.append(" and `tabDossier`.procedure = %(procedure)s")
	if applicant := arguments.text(
		filters.get("applicant_name"), "Applicant", required=False, max_length=140
	):
		values["applicant"] = f"%{applicant}%"
		sql.append(" and `tabDossier`.applicant_name like %(applicant)s")
	return "".join(sql), values
