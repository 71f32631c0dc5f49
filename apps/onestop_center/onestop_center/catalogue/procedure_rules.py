"""Validation of a Procedure's processing time and steps."""

import frappe
from frappe import _
from frappe.utils import cint, flt


def validate_procedure(procedure) -> None:
	validate_durations(procedure)
	validate_fees(procedure)
	validate_steps(procedure)


def validate_durations(procedure) -> None:
	for fieldname in ("duration_in_person", "duration_online"):
		if flt(procedure.get(fieldname)) < 0:
			frappe.throw(
				_("{0} cannot be negative").format(_(procedure.meta.get_label(fieldname))),
				title=_("Invalid duration"),
			)
	if not procedure.resolved_immediately and flt(procedure.duration_in_person) <= 0:
		frappe.throw(
			_("In-person duration is required unless the procedure is resolved immediately"),
			title=_("Invalid duration"),
		)


def validate_fees(procedure) -> None:
	for fee in procedure.fees:
		if flt(fee.amount) < 0:
			frappe.throw(
				_("Row {0}: the amount of fee {1} cannot be negative").format(
					fee.idx, frappe.bold(fee.fee_name)
				)
			)


def validate_steps(procedure) -> None:
	"""Step orders are unique and positive; budgets fit the procedure's duration.

	Sequential steps (liên thông) follow one another, so their budgets add up; a parallel step
	(phối hợp) runs alongside them, so it alone must fit. Budgets in another unit than the
	procedure's are not compared (the conversion needs the working calendar).
	"""
	seen = set()
	for step in procedure.steps:
		order = cint(step.step_order)
		if order < 1:
			frappe.throw(_("Row {0}: the step order must be a positive number").format(step.idx))
		if order in seen:
			frappe.throw(
				_("Step order {0} is used more than once").format(order), title=_("Invalid processing steps")
			)
		seen.add(order)
		if flt(step.time_budget) < 0:
			frappe.throw(_("Row {0}: the time budget cannot be negative").format(step.idx))

	duration = flt(procedure.duration_in_person)
	same_unit = [
		s for s in procedure.steps if (s.time_unit or procedure.duration_unit) == procedure.duration_unit
	]
	sequential_total = sum(flt(s.time_budget) for s in same_unit if s.mode != "Parallel")
	if sequential_total > duration:
		frappe.throw(
			_("The sequential steps take {0} {1}, more than the procedure's duration of {2} {1}").format(
				sequential_total, _(procedure.duration_unit), duration
			),
			title=_("Invalid processing steps"),
		)
	for step in same_unit:
		if step.mode == "Parallel" and flt(step.time_budget) > duration:
			frappe.throw(
				_(
					"Row {0}: the parallel step takes {1} {2}, more than the procedure's duration of {3} {2}"
				).format(step.idx, flt(step.time_budget), _(procedure.duration_unit), duration),
				title=_("Invalid processing steps"),
			)
