"""Reception of a dossier: preparing a new Dossier from its procedure, and a helper to create one."""

import frappe
from frappe import _
from frappe.utils import cint, flt, getdate, now_datetime

from onestop_center.dossiers.dossier_code import next_dossier_code
from onestop_center.dossiers.procedure_snapshot import freeze_procedure


def prepare_new_dossier(dossier) -> None:
	"""Before insert: reception time and officer, handling agency and the frozen procedure copy."""
	procedure = frappe.get_doc("Procedure", dossier.procedure)
	if not procedure.is_active:
		frappe.throw(
			_("Procedure {0} is not active and cannot receive dossiers").format(frappe.bold(procedure.name)),
			title=_("Inactive procedure"),
		)
	dossier.received_at = dossier.received_at or now_datetime()
	dossier.received_by = dossier.received_by or frappe.session.user
	dossier.agency = procedure.responsible_agency
	freeze_procedure(dossier, procedure)


def dossier_code_for(dossier) -> str:
	"""The dossier code: the responsible agency's identifier code, the reception day, a sequence."""
	procedure_agency = frappe.db.get_value("Procedure", dossier.procedure, "responsible_agency")
	identifier_code = frappe.db.get_value("Agency", procedure_agency, "identifier_code")
	return next_dossier_code(identifier_code, dossier.received_at)


def validate_dossier(dossier) -> None:
	if cint(dossier.number_of_sets) < 1:
		frappe.throw(_("The number of sets must be at least 1"))
	if dossier.channel != "Counter":
		dossier.counter = None
	dossier.total_fee = sum(flt(fee.amount) for fee in dossier.fees)
	dossier.due_date = getdate(dossier.due_at) if dossier.due_at else None


def create_dossier(applicant: str, procedure: str, channel: str = "Counter", **fields):
	"""Receive a dossier for an applicant and a procedure; returns the inserted Dossier.

	Extra ``fields`` (counter, received_at, number_of_sets, result_delivery, notify_by, remarks,
	status…) are set as given. Permissions apply as for the current user.
	"""
	dossier = frappe.get_doc(
		{"doctype": "Dossier", "applicant": applicant, "procedure": procedure, "channel": channel, **fields}
	)
	return dossier.insert()
