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


class InvalidStepPlan(frappe.ValidationError):
	"""A processing-step plan the dossier lifecycle could not run (see :func:`validate_steps`)."""


def _refuse(message: str) -> None:
	frappe.throw(message, InvalidStepPlan, title=_("Invalid processing steps"))


def _step_label(step) -> str:
	return step.step_name or _("step {0}").format(cint(step.step_order))


def validate_steps(procedure) -> None:
	"""Refuse a step plan that ``dossiers/lifecycle.py`` and ``dossiers/deadline.py`` cannot run.

	Each refusal names the row and the reason. What the lifecycle needs:

	* unique, positive step orders: a dossier's steps are planned, found and finished by their
	  order (``deadline.plan_dossier_steps``/``find_step``), two rows of one order would collide;
	* an agency on every row, active and not the one-stop centre itself: a transfer hands the
	  dossier from the centre to the lead agency of the step group, a consultation is sent to the
	  consulted agency;
	* a time budget on every step of a procedure not resolved immediately: a step of zero time is
	  late the moment it starts;
	* the role of a step that leads a group must be able to take the workflow's "Accept" (when
	  the dossier reaches the group by a transfer) and "Finish Step" actions
	  (``lifecycle.check_department_actor``), or no one could move the dossier on;
	* sequential steps (liên thông) follow one another, so their budgets add up and must fit the
	  procedure's duration (and the online duration, when shorter); a parallel step (phối hợp)
	  runs alongside them, so it alone must fit. Budgets in another unit than the procedure's are
	  not compared (the conversion needs the working calendar).

	What the lifecycle does run is accepted: an empty plan (the responsible agency handles the
	dossier as one step), two groups in a row at the same agency (the dossier stays there, In
	Progress), a plan shorter than the duration (a notice says so, the legal deadline stands).
	"""
	seen = {}
	immediate = cint(procedure.resolved_immediately)
	centre = frappe.db.get_single_value("OneStop Settings", "centre_agency")
	for step in procedure.steps:
		order = cint(step.step_order)
		if order < 1:
			_refuse(_("Row {0}: the step order must be a positive number").format(step.idx))
		if order in seen:
			_refuse(
				_("Row {0}: step order {1} is already used by row {2}; each step needs its own order").format(
					step.idx, order, seen[order]
				)
			)
		seen[order] = step.idx
		if not step.agency:
			_refuse(
				_("Row {0}: choose the agency that handles {1}").format(step.idx, frappe.bold(_step_label(step)))
			)
		if step.agency == centre:
			_refuse(
				_(
					"Row {0}: {1} is the one-stop centre itself; a step is handled by an agency the centre transfers the dossier to"
				).format(step.idx, frappe.bold(step.agency))
			)
		if not cint(frappe.db.get_value("Agency", step.agency, "is_active")):
			_refuse(
				_("Row {0}: agency {1} is not active and cannot receive dossiers").format(
					step.idx, frappe.bold(step.agency)
				)
			)
		if flt(step.time_budget) < 0:
			_refuse(_("Row {0}: the time budget cannot be negative").format(step.idx))
		if not immediate and flt(step.time_budget) <= 0:
			_refuse(
				_(
					"Row {0}: {1} has no time budget; a step without time is late as soon as it starts (only procedures resolved immediately have steps of zero time)"
				).format(step.idx, frappe.bold(_step_label(step)))
			)
	validate_step_roles(procedure)
	validate_step_budgets(procedure)


def validate_step_roles(procedure) -> None:
	"""The role of each group's lead step can take the department actions the dossier needs there."""
	from onestop_center.dossiers import lifecycle

	groups = lifecycle.step_groups(procedure)
	if not any(group.lead.get("role") for group in groups):
		return  # any user of the agency may act
	if not frappe.db.exists("Workflow", lifecycle.WORKFLOW):
		return  # installing: the workflow comes later (a procedure loaded before it is not checked)
	workflow = lifecycle.get_workflow()
	previous = None
	for group in groups:
		role = group.lead.get("role")
		needed = [lifecycle.FINISH_STEP]
		if previous is None or previous.agency != group.agency:
			needed.insert(0, lifecycle.ACCEPT)
		previous = group
		if not role:
			continue
		holders = lifecycle.STEP_ROLE_HOLDERS.get(role, frozenset({role}))
		for action in needed:
			allowed = {t.allowed for t in workflow.transitions if _action_kind(t.action) == action}
			if allowed and not holders & allowed:
				_refuse(
					_(
						"Row {0}: the role {1} cannot take the action “{2}” in the workflow {3}, so no one could move the dossier on from {4}; roles allowed: {5}"
					).format(
						group.lead.idx,
						frappe.bold(_(role)),
						_(action),
						frappe.bold(workflow.name),
						frappe.bold(_step_label(group.lead)),
						", ".join(sorted(_(r) for r in allowed)) or "-",
					)
				)


def _action_kind(action: str) -> str:
	"""The kind of a workflow action (the administrator may rename actions; kinds stay)."""
	try:
		from onestop_center.dossiers import state_kinds
	except ImportError:  # before the kinds mapping: actions are known by their names
		return action
	return state_kinds.action_kind(action) or action


def validate_step_budgets(procedure) -> None:
	"""Sequential budgets add up within the duration(s); a parallel budget alone fits them."""
	if not procedure.steps:
		return
	unit = procedure.duration_unit
	duration = flt(procedure.duration_in_person)
	online = flt(procedure.duration_online)
	same_unit = [s for s in procedure.steps if (s.time_unit or unit) == unit]
	sequential_total = sum(flt(s.time_budget) for s in same_unit if s.mode != "Parallel")
	if sequential_total > duration:
		_refuse(
			_("The sequential steps take {0} {1}, more than the procedure's duration of {2} {1}").format(
				sequential_total, _(unit), duration
			)
		)
	if 0 < online < sequential_total:
		_refuse(
			_(
				"The sequential steps take {0} {1}, more than the online duration of {2} {1}: online dossiers would be planned past their deadline"
			).format(sequential_total, _(unit), online)
		)
	limit = min(duration, online) if online > 0 else duration
	for step in same_unit:
		if step.mode == "Parallel" and flt(step.time_budget) > limit:
			_refuse(
				_(
					"Row {0}: the parallel step takes {1} {2}, more than the procedure's duration of {3} {2}"
				).format(step.idx, flt(step.time_budget), _(unit), limit)
			)
	if len(same_unit) == len(procedure.steps) and 0 < sequential_total < duration:
		frappe.msgprint(
			_(
				"The sequential steps take {0} {1} of the procedure's {2} {1}: the step plan ends before the legal deadline"
			).format(sequential_total, _(unit), duration),
			title=_("Processing steps"),
			indicator="orange",
			alert=True,
		)
