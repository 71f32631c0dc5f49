"""The dossier lifecycle: preconditions and side effects of the workflow's transitions.

States, transitions and the roles allowed to take them are the Workflow "Dossier Lifecycle"
(created once at install, then the site's: the administrator edits it in the desk;
``workflow_state_field = "status"``; see ``dossiers/lifecycle_workflow.py``). The behaviour here
attaches to the *kinds* of states and actions (``dossiers/state_kinds.py``, the mapping the
administrator sets in "Lifecycle Kinds"), never to their names: a state the administrator adds
(a deputy head's review) behaves as its kind. This module adds what a workflow cannot express
(see ``docs/dossier-lifecycle.md``):

* :func:`validate` (from ``Dossier.validate``) — when ``status`` changes: the transition must be one
  of the workflow's, allowed to the user's roles (a Vietnamese message otherwise), its
  preconditions must hold (documents complete, reasons written, consultations answered, fees paid,
  receiver recorded…) and its effects on the dossier are applied (routing, hand-over rows,
  timestamps, clock pause/resume, step results).
* :func:`on_update` (from ``Dossier.on_update``) — effects after the save: the timeline comment of
  system transitions, the immediate transfer of dossiers resolved immediately and, at reception,
  the dossier code (the provisional name of a draft is renamed to it, last).

Other modules call :func:`transfer` (transfer windows), :func:`apply` (code and tests) and
:func:`open_states` / :func:`final_states` (the state sets live in ``state_kinds``).

Routing: the steps frozen on the dossier (``Dossier Step``) form groups. A group starts with a
sequential step (its *lead* agency holds the dossier) and takes in the steps sharing its order and
the parallel steps after it (consultations, phối hợp, sent at the same time as the lead gets the
dossier). Groups run in order (liên thông). ``Dossier.agency`` is the lead agency of the current
group, ``Dossier.current_step`` its order. Parallel steps before the first sequential step run
with the first group. Whether a group follows the current one is computed here once
(:func:`update_routing` → ``Dossier.has_next_step``) and the workflow's "Finish Step" conditions
read that field, so the workflow and the routing cannot disagree.

Every save made here is the lifecycle's own (``field_policy.allow_lifecycle_write``): users change
lifecycle-owned fields only through these actions (see :mod:`onestop_center.dossiers.field_policy`).
A department action (accept, send back, finish the step, ask for a supplement, refuse, return) is
taken by a user of the agency holding the dossier who holds the role of the current step
(:func:`check_department_actor`; a Department Head may act for a Specialist's step).
"""

from dataclasses import dataclass, field

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.model.workflow import (
	WorkflowPermissionError,
	WorkflowTransitionError,
	apply_workflow,
	get_workflow_name,
	is_transition_condition_satisfied,
)
from frappe.utils import cint, flt, get_datetime

from onestop_center import arguments
from onestop_center.dossiers import field_policy
from onestop_center.dossiers import state_kinds as kinds
from onestop_center.security.access import get_readable
from onestop_center.setup.roles import DEPARTMENT_HEAD, DEPARTMENT_SPECIALIST

WORKFLOW = "Dossier Lifecycle"

# The shipped workflow's state and action names (``lifecycle.IN_PROGRESS``, ``lifecycle.RECEIVE``…)
# are the kinds' labels (``state_kinds``, where each is described). The code keys on kinds; use
# the names only to drive the shipped workflow (tests, demo data).
from onestop_center.dossiers.state_kinds import (  # noqa: F401 (re-exported: lifecycle.RECEIVE…)
	ACCEPT,
	COLLECT_RESULT,
	DRAFT,
	FINISH_STEP,
	IN_PROGRESS,
	NEEDS_COMPLETION,
	PENDING_RECEPTION,
	RECEIVE,
	RECEIVED,
	REFUSE,
	REFUSED,
	REQUEST_COMPLETION,
	REQUEST_SUPPLEMENT,
	RESEND,
	RESOLVE_IMMEDIATELY,
	RESULT_AT_CENTRE,
	RESULT_READY,
	RETURN_BY_DEPARTMENT,
	RETURN_RESULT,
	RETURNED,
	SEND_BACK,
	SENT_BACK,
	STOP_PROCESSING,
	STOPPED,
	SUBMIT_ONLINE,
	SUPPLEMENT_RECEIVED,
	SUPPLEMENT_REQUESTED,
	TRANSFER,
	TRANSFERRED,
	WITHDRAW,
)


def __getattr__(name):
	"""The state sets of old (``lifecycle.FINAL_STATES``…), read from the kinds mapping at each use.

	Prefer the functions of ``state_kinds`` (:func:`~onestop_center.dossiers.state_kinds.final_states`,
	``not_received_states``, ``department_states``, ``all_states``).
	"""
	sets = {
		"STATES": lambda: tuple(kinds.all_states()),
		"FINAL_STATES": lambda: frozenset(kinds.final_states()),
		# before reception: the dossier has a provisional name, its code is given at reception
		"NOT_RECEIVED": lambda: frozenset(kinds.not_received_states()),
		# at a department (department users of the holding agency may edit it)
		"DEPARTMENT_STATES": lambda: frozenset(kinds.department_states()),
	}
	if name in sets:
		return sets[name]()
	raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Fields a transition may be given through :func:`apply` (the desk fills them on the form).
TRANSITION_FIELDS = frozenset(
	{
		"refusal_reason",
		"supplement_request",
		"sent_back_reason",
		"result_number",
		"result_summary",
		"result_file",
		"receiver_name",
		"receiver_id_number",
		"postal_tracking_number",
		"postage",
		"remarks",
		"stop_reason",
		"withdrawal_requested_by",
	}
)
# What each action records, given with it through take_action (the remarks with any action):
# receiver, result and reasons are written only by the action they belong to.
RETURN_FIELDS = frozenset({"receiver_name", "receiver_id_number", "postal_tracking_number", "postage"})
ACTION_FIELDS = {
	REFUSE: frozenset({"refusal_reason"}),
	SEND_BACK: frozenset({"sent_back_reason"}),
	REQUEST_COMPLETION: frozenset({"supplement_request"}),
	REQUEST_SUPPLEMENT: frozenset({"supplement_request"}),
	FINISH_STEP: frozenset({"result_number", "result_summary", "result_file"}),
	RETURN_RESULT: RETURN_FIELDS,
	RETURN_BY_DEPARTMENT: RETURN_FIELDS,
	WITHDRAW: frozenset({"stop_reason", "withdrawal_requested_by"}),
	STOP_PROCESSING: frozenset({"stop_reason"}),
}
# How a stopped dossier was stopped (Dossier.stop_kind) and where a withdrawal was asked for.
WITHDRAWAL = "Withdrawal"
AGENCY_DECISION = "Agency Decision"
AT_COUNTER = "Counter"
ON_PORTAL = "Portal"
STEP_RESULTS = ("Early", "On Time", "Late")
PARALLEL = "Parallel"


def open_states() -> list[str]:
	"""States in which a dossier is still open (not returned, refused or stopped)."""
	return kinds.open_states()


def final_states() -> list[str]:
	"""Closed states (returned, refused, stopped)."""
	return kinds.final_states()


def transition_to(state: str, action_kind: str) -> frappe._dict | None:
	"""The workflow's transition from ``state`` by an action of ``action_kind`` (the first), or None."""
	for row in get_workflow().transitions:
		if row.state == state and kinds.action_kind(row.action) == action_kind:
			return row
	return None


def now():
	"""The current local time, from the deadline module (the one place tests freeze)."""
	from onestop_center.dossiers import deadline

	return get_datetime(deadline.now()).replace(microsecond=0)


# -- entry points ------------------------------------------------------------------------------------


def apply(dossier, action: str, **data) -> Document:
	"""Take the workflow action ``action`` on a dossier, with the data it needs.

	``data`` are dossier fields the transition requires (``refusal_reason``, ``receiver_name``,
	``postal_tracking_number``…, see :data:`TRANSITION_FIELDS`). Runs Frappe's ``apply_workflow``
	(roles, conditions, timeline comment) as the current user; refused with a Vietnamese message
	when the action is not possible in the dossier's state or not allowed to the user's roles.
	Returns the saved dossier — after a reception (Receive, Resolve Immediately) under its new
	name, the dossier code that replaced the draft's provisional name.

	A head's action (a transition or a step reserved to the head's role) is taken by a deputy
	while a Delegation names them for the dossier's agency, and recorded as on behalf of the head
	(``delegation/authority.py``).
	"""
	from onestop_center.delegation import authority

	with authority.acting_for_dossier(dossier, action) as delegation:
		doc = _apply(dossier, action, **data)
		if delegation:
			authority.record_action(delegation, "Dossier", doc.name, action)
	return doc


def _apply(dossier, action: str, **data) -> Document:
	unknown = set(data) - TRANSITION_FIELDS
	if unknown:
		raise TypeError(f"apply() got fields a transition cannot set: {', '.join(sorted(unknown))}")
	doc = dossier if isinstance(dossier, Document) else frappe.get_doc("Dossier", dossier)
	state = frappe.db.get_value("Dossier", doc.name, "status")
	rows = [t for t in get_workflow().transitions if t.state == state and t.action == action]
	if not rows:
		_refuse_out_of_order(state, action=action)
	if not _allowed_rows(rows):
		_refuse_role(state, action)
	doc.flags.transition_data = data
	doc.flags.lifecycle_action = action
	doc.flags.in_lifecycle_action = True
	field_policy.allow_lifecycle_write(doc)
	doc = apply_workflow(doc, action)
	doc.flags.in_lifecycle_action = False
	if doc.flags.pop("dossier_code_pending", None):
		# reception: the code (series row lock until the commit) comes after everything else
		from onestop_center.dossiers.intake import give_dossier_code

		give_dossier_code(doc)
	return doc


@frappe.whitelist(methods=["POST"])
def take_action(
	dossier: str | None = None, action: str | None = None, data: str | dict | None = None
) -> dict:
	"""Desk entry point: a workflow action together with the data it needs, in one transaction.

	The form asks for the reason, the result or the receiver before the action; sending them
	here (instead of saving first and then running the action) means a refused action leaves the
	dossier exactly as it was. Roles, order and preconditions are checked by :func:`apply`, and
	write permission by the save. The answer's ``name`` is the dossier's name afterwards (its code
	after a reception): the desk opens the dossier under it.
	"""
	dossier = arguments.name(dossier, "Dossier")
	action = arguments.name(action, "Action")
	values = arguments.json_object(data, "Data")
	allowed = ACTION_FIELDS.get(kinds.action_kind(action), frozenset()) | {"remarks"}
	fields = {key: value for key, value in values.items() if key in allowed}
	# read permission first: another agency's dossier is "not found", its state never told
	return apply(get_readable("Dossier", dossier), action, **fields).as_dict()


def transfer(dossier, batch: str | None = None, at=None) -> Document:
	"""Received → Transferred: hand the dossier to the lead agency of its current step group.

	A system transition (transfer windows; dossiers resolved immediately at once): no role check.
	Appends a hand-over row (centre → lead agency, with the batch) and opens the group's
	consultations. Returns the saved dossier.
	"""
	doc = dossier if isinstance(dossier, Document) else frappe.get_doc("Dossier", dossier, for_update=True)
	if not kinds.is_kind(doc.status, kinds.RECEIVED):
		frappe.throw(
			_("Dossier {0} is “{1}”; only a received dossier can be transferred").format(
				doc.name, _(doc.status)
			),
			WorkflowTransitionError,
			title=_("Not transferred"),
		)
	row = transition_to(doc.status, kinds.TRANSFER)
	doc.status = row.next_state if row else kinds.state_of_kind(kinds.TRANSFERRED)
	doc.flags.system_transition = True
	doc.flags.transfer_batch = batch
	doc.flags.transition_at = get_datetime(at) if at else None
	field_policy.allow_lifecycle_write(doc)
	doc.save(ignore_permissions=True)
	return doc


def submit_online(dossier) -> Document:
	"""Draft / Needs Completion → Pending Reception: a citizen sends an online dossier to the centre.

	A system transition, like :func:`transfer`: the caller (``portal/filing.py``) has checked that
	the dossier is the citizen's own. The workflow's transition (action "Submit Online", online
	dossiers only) and its handler (every mandatory document uploaded) still apply. Returns the
	saved dossier, still under its provisional name: the code is given at reception.
	"""
	doc = dossier if isinstance(dossier, Document) else frappe.get_doc("Dossier", dossier, for_update=True)
	row = transition_to(doc.status, kinds.SUBMIT_ONLINE)
	doc.status = row.next_state if row else kinds.state_of_kind(kinds.PENDING_RECEPTION)
	doc.flags.system_transition = True
	field_policy.allow_lifecycle_write(doc)
	doc.save(ignore_permissions=True)
	return doc


def validate(doc) -> None:
	"""From ``Dossier.validate``: check and prepare a change of ``status``."""
	_take_transition_data(doc)
	if doc.is_new():
		initial = kinds.state_of_kind(kinds.DRAFT)
		if doc.status and not kinds.is_kind(doc.status, kinds.DRAFT):
			frappe.throw(
				_("A new dossier starts as “{0}”; it moves on only through the workflow actions").format(
					_(initial)
				),
				WorkflowTransitionError,
				title=_("Action not possible"),
			)
		doc.status = doc.status or initial
		return
	before = doc.get_doc_before_save()
	old = before.status if before else None
	if not old or (old == doc.status and not _is_self_transition(doc, old)):
		return
	row = check_transition(doc, old, doc.status)
	doc.flags.lifecycle_action = row.action
	at = doc.flags.transition_at or now()
	handler = transition_handler(old, doc.status, row.action)
	if handler:
		handler(doc, at)
	_record_event(doc, at)
	doc.flags.lifecycle_transition = frappe._dict(old=old, new=doc.status, action=row.action, at=at)


def _record_event(doc, at) -> None:
	"""Who took the action a printed form records, and when (issue 11: a form is dated by its event
	and signed by its actor, never by whoever reprints it); a late return without an apology letter
	is flagged for the reports."""
	kind = kinds.kind_of(doc.status)
	if kind in (kinds.NEEDS_COMPLETION, kinds.SUPPLEMENT_REQUESTED):
		doc.supplement_requested_at = at
		doc.supplement_requested_by = frappe.session.user
	elif kind == kinds.REFUSED:
		doc.refused_by = frappe.session.user
	elif kind == kinds.RETURNED and doc.due_at and not doc.get("apology_letter"):
		doc.late_without_letter = int(get_datetime(at) > get_datetime(doc.due_at))


def _is_self_transition(doc, state: str) -> bool:
	"""An action that keeps the state (Finish Step onto a step of the same agency: In Progress)."""
	action = doc.flags.lifecycle_action
	return bool(action) and any(
		t.state == state and t.next_state == state and t.action == action for t in get_workflow().transitions
	)


def on_update(doc) -> None:
	"""From ``Dossier.on_update``: timeline and follow-up transitions."""
	transition = doc.flags.pop("lifecycle_transition", None)
	doc.flags.pop("transfer_batch", None)
	doc.flags.pop("transition_at", None)
	doc.flags.pop("lifecycle_action", None)
	doc.flags.pop("withdrawal_channel", None)
	doc.flags.pop("ignore_children_type", None)  # for the reception's save only (keep_child_rows)
	if not transition:
		return
	# messages to other systems (national portal, departments' systems, DMS), in this transaction
	from onestop_center.integration.events import record_transition

	record_transition(doc, transition)
	if doc.flags.pop("system_transition", None):
		# Frappe's apply_workflow comments user actions; system transitions are commented here.
		doc.add_comment("Workflow", _(transition.new))
	note = _timeline_note(doc, transition)
	if note:
		doc.add_comment("Info", note)
	late_step = doc.flags.pop("late_step", None)
	if late_step:
		from onestop_center.lateness.statistics import record_lateness

		record_lateness(doc, agency=late_step[0], step=late_step[1])
	old_kind, new_kind = kinds.kind_of(transition.old), kinds.kind_of(transition.new)
	if old_kind == kinds.RESULT_READY and new_kind == kinds.RESULT_AT_CENTRE:
		_notify_result_ready(doc)
	if new_kind == kinds.STOPPED:
		_close_assignments(doc)
	if new_kind == kinds.RECEIVED and cint(doc.resolved_immediately):
		# Procedures resolved immediately do not wait for a transfer window.
		transfer(frappe.get_doc("Dossier", doc.name), at=transition.at)
	if old_kind in kinds.NOT_RECEIVED_KINDS and new_kind in (kinds.RECEIVED, kinds.RESULT_AT_CENTRE):
		# Reception (also decided at once): the dossier code replaces the provisional name, last,
		# once everything has been recorded under the old name (the rename moves it all): after
		# the workflow's save and comment when taken through apply(), else now.
		if doc.flags.in_lifecycle_action:
			doc.flags.dossier_code_pending = True
		else:
			from onestop_center.dossiers.intake import give_dossier_code

			give_dossier_code(doc)


def validate_workflow_bypass(doc) -> bool:
	"""True when Frappe's workflow check must be skipped: a system transition checked here."""
	return bool(doc.flags.system_transition)


# -- transition checks -------------------------------------------------------------------------------


def get_workflow():
	return frappe.get_cached_doc("Workflow", get_workflow_name("Dossier") or WORKFLOW)


def _allowed_rows(rows):
	roles = set(frappe.get_roles())
	return [row for row in rows if row.allowed in roles]


def check_transition(doc, old: str, new: str):
	"""The workflow transition old → new for this user, or a Vietnamese refusal."""
	rows = [t for t in get_workflow().transitions if t.state == old and t.next_state == new]
	if doc.flags.lifecycle_action:
		# two actions may lead to the same state (Withdraw, Stop Processing): the one taken
		rows = [t for t in rows if t.action == doc.flags.lifecycle_action]
	if not rows:
		_refuse_out_of_order(old, new=new)
	if not doc.flags.system_transition:
		rows = _allowed_rows(rows)
		if not rows:
			_refuse_role(old, _action_of(old, new))
	before = doc.get_doc_before_save()
	satisfied = [row for row in rows if is_transition_condition_satisfied(row, before)]
	if not satisfied:
		frappe.throw(
			_("The action “{0}” is not possible for this dossier").format(_(rows[0].action)),
			WorkflowTransitionError,
			title=_("Action not possible"),
		)
	if not doc.flags.system_transition:
		check_department_actor(before, old, satisfied[0].action)
	return satisfied[0]


class ActionNotPermitted(WorkflowPermissionError, frappe.PermissionError):
	"""The user may not take this workflow action (role, agency or step role): HTTP 403."""

	http_status_code = 403


def is_department_action(state: str, action: str) -> bool:
	"""Department actions: taken by the agency holding the dossier, in the role of its current step.

	An action from a state of a department kind whose kind is a department one (accept, send back,
	finish the step, ask for a supplement, refuse, return, stop, an internal step) or that has no
	kind (a move the administrator added: a review, an approval).
	"""
	action_kind = kinds.action_kind(action)
	return kinds.kind_of(state) in kinds.DEPARTMENT_KINDS and (
		action_kind is None or action_kind in kinds.DEPARTMENT_ACTION_KINDS
	)

# A step's role and the roles that may act for it: heads direct their specialists' work and may
# process a specialist's step themselves; a head's step (approval) is the head's alone.
STEP_ROLE_HOLDERS = {
	DEPARTMENT_SPECIALIST: frozenset({DEPARTMENT_SPECIALIST, DEPARTMENT_HEAD}),
}


def check_department_actor(stored, state: str, action: str, user: str | None = None) -> None:
	"""Refuse a department action to a user outside the holding agency or the current step's role.

	``stored`` is the dossier as stored (its agency and current step, never the client's copy).
	Reception and system actions are not concerned; Administrator may take any action.
	"""
	if not is_department_action(state, action):
		return
	from onestop_center.permissions import get_user_agencies

	user = user or frappe.session.user
	if user == "Administrator":
		return
	if not stored.agency or stored.agency not in get_user_agencies(user):
		frappe.throw(
			_("Only users of {0}, the agency holding the dossier, can take the action “{1}”").format(
				_agency_label(stored.agency), _(action)
			),
			ActionNotPermitted,
			title=_("Not permitted"),
		)
	group = current_group(stored)
	role = group.lead.get("role") if group else None
	if role and not STEP_ROLE_HOLDERS.get(role, frozenset({role})) & set(frappe.get_roles(user)):
		frappe.throw(
			_("Step {0} (“{1}”) is for the role “{2}”: your role cannot take the action “{3}”").format(
				group.order, group.lead.get("step_name") or "", _(role), _(action)
			),
			ActionNotPermitted,
			title=_("Not permitted"),
		)


def _action_of(old, new) -> str:
	for row in get_workflow().transitions:
		if row.state == old and row.next_state == new:
			return row.action
	return new


def _refuse_out_of_order(state: str, action: str | None = None, new: str | None = None):
	possible = sorted({_(t.action) for t in get_workflow().transitions if t.state == state})
	what = _("the action “{0}”").format(_(action)) if action else _("the state “{0}”").format(_(new))
	message = _("A dossier in state “{0}” cannot go to {1}.").format(_(state), what)
	if possible:
		message += " " + _("Possible actions: {0}.").format(", ".join(possible))
	else:
		message += " " + _("The dossier is closed.")
	frappe.throw(message, WorkflowTransitionError, title=_("Action not possible"))


def _refuse_role(state: str, action: str):
	frappe.throw(
		_("Your role does not allow the action “{0}” on a dossier in state “{1}”.").format(
			_(action), _(state)
		),
		ActionNotPermitted,
		title=_("Not permitted"),
	)


def _take_transition_data(doc) -> None:
	data = doc.flags.pop("transition_data", None) or {}
	for fieldname, value in data.items():
		doc.set(fieldname, value)


def _require(doc, fieldname: str, message: str) -> None:
	if not (doc.get(fieldname) or "").strip():
		frappe.throw(message, frappe.MandatoryError, title=_("Missing information"))


# -- routing -----------------------------------------------------------------------------------------


@dataclass
class StepGroup:
	order: int
	lead: object
	consulted: list = field(default_factory=list)

	@property
	def agency(self):
		return self.lead.agency


def step_groups(doc) -> list[StepGroup]:
	"""The dossier's steps as groups: a sequential lead and its parallel (consulted) steps.

	A step sharing the order of the group's lead, and a parallel step after it, join the group;
	parallel steps before the first sequential step join the first group (they run from the
	reception, as the deadline plan has them); a plan of parallel steps only is one group led by
	its first step.
	"""
	groups: list[StepGroup] = []
	waiting: list = []  # parallel steps before the first sequential one
	for row in sorted(doc.get("steps") or [], key=lambda r: (cint(r.step_order), cint(r.idx))):
		current = groups[-1] if groups else None
		if current and (row.mode == PARALLEL or cint(row.step_order) == current.order):
			current.consulted.append(row)
		elif not current and row.mode == PARALLEL:
			waiting.append(row)
		else:
			groups.append(StepGroup(order=cint(row.step_order), lead=row, consulted=waiting))
			waiting = []
	if waiting:
		groups.append(StepGroup(order=cint(waiting[0].step_order), lead=waiting[0], consulted=waiting[1:]))
	return groups


def current_group(doc) -> StepGroup | None:
	"""The group the dossier is at (or goes to next, before its first transfer)."""
	groups = step_groups(doc)
	if not groups:
		return None
	order = cint(doc.get("current_step"))
	for group in groups:
		if group.order == order:
			return group
	return groups[0]


def next_group(doc) -> StepGroup | None:
	"""The group after the current one (None at the last group): where "Finish Step" hands on."""
	groups = step_groups(doc)
	current = current_group(doc)
	if current is None:
		return None
	position = next(i for i, group in enumerate(groups) if group.order == current.order)
	return groups[position + 1] if position + 1 < len(groups) else None


def update_routing(doc) -> None:
	"""From ``Dossier.validate``, last: whether a step group follows the current one.

	The one source of the workflow's "Finish Step" conditions (``doc.has_next_step``): hand on to
	the next group (→ Transferred) or finish the dossier (→ Result Ready).
	"""
	following = next_group(doc)
	doc.has_next_step = 1 if following else 0
	# a hand-over inside the same agency keeps the dossier there, In Progress (issue 11 item 10)
	doc.next_step_here = 1 if following and following.agency == holder_agency(doc) else 0


def holder_agency(doc) -> str:
	"""The agency the dossier goes to at its next transfer (the current group's lead)."""
	group = current_group(doc)
	return group.agency if group else doc.agency


def centre_agency() -> str | None:
	return frappe.db.get_single_value("OneStop Settings", "centre_agency") or None


def _hand_over(doc, from_agency, to_agency, at, note=None, step_result=None, batch=None):
	doc.append(
		"handovers",
		{
			"from_agency": from_agency,
			"to_agency": to_agency,
			"handed_at": at,
			"step_order": cint(doc.get("current_step")) or None,
			"step_result": step_result if step_result in STEP_RESULTS else None,
			"transfer_batch": batch,
			"note": note,
			"handed_by": frappe.session.user,
		},
	)


def _send_consultations(doc, group: StepGroup, at) -> None:
	"""Open a consultation for every consulted agency of the group (once per step and agency)."""
	open_rows = {(cint(c.step_order), c.agency) for c in doc.get("consultations") or []}
	for step in group.consulted:
		if step.agency == group.agency or (cint(step.step_order), step.agency) in open_rows:
			continue
		doc.append(
			"consultations",
			{
				"step_order": cint(step.step_order),
				"agency": step.agency,
				"requested_at": at,
				"due_at": step.get("due_at"),
			},
		)


def open_consultations(doc, group: StepGroup | None = None) -> list:
	"""Unanswered consultations (of the group's steps, if given)."""
	orders = {cint(s.step_order) for s in ([group.lead, *group.consulted] if group else [])}
	return [
		row
		for row in doc.get("consultations") or []
		if not row.answered_at and (not orders or cint(row.step_order) in orders)
	]


def _check_consultations_answered(doc, group) -> None:
	waiting = open_consultations(doc, group)
	if waiting:
		frappe.throw(
			_("The step cannot be finished while consultations are unanswered: {0}").format(
				", ".join(sorted({_agency_label(row.agency) for row in waiting}))
			),
			title=_("Consultations open"),
		)


def _agency_label(agency) -> str:
	return (
		frappe.db.get_value("Agency", agency, "short_name")
		or frappe.db.get_value("Agency", agency, "agency_name")
		or agency
	)


def _finish_group(doc, group: StepGroup | None, at) -> str | None:
	"""Record the end of the current group's lead step; returns its result (Early / On Time / Late)."""
	if not group:
		return None
	from onestop_center.dossiers import deadline

	deadline.finish_step(doc, group.lead.name or cint(group.lead.step_order), finished_at=at, save=False)
	result = group.lead.get("timeliness")
	if result == "Late":
		doc.flags.late_step = (group.agency, group.order)
	return result if result in STEP_RESULTS else None


# -- preconditions -----------------------------------------------------------------------------------


def missing_documents(doc) -> list[str]:
	return [row.document_name for row in doc.get("documents") or [] if row.mandatory and not row.received]


def _check_documents_complete(doc) -> None:
	missing = missing_documents(doc)
	if missing:
		before = doc.get_doc_before_save()
		completion = transition_to(before.status if before else doc.status, kinds.REQUEST_COMPLETION)
		frappe.throw(
			_(
				"The dossier is incomplete: {0}. Tick the documents received, or use “{1}” to give the applicant the guidance to complete the file (Form 01)."
			).format("; ".join(missing), _(completion.action if completion else REQUEST_COMPLETION)),
			title=_("Documents missing"),
		)


def fee_paid(doc) -> float:
	"""Amount paid on the dossier's submitted Fee Receipts (cancelled ones do not count)."""
	amounts = frappe.get_all("Fee Receipt", filters={"dossier": doc.name, "docstatus": 1}, pluck="amount")
	return sum(flt(amount) for amount in amounts)


def _check_fees(doc) -> None:
	total = flt(doc.total_fee)
	if total > 0 and flt(fee_paid(doc)) + 0.005 < total:
		frappe.throw(
			_(
				"Fees and charges of {0} must be paid before the result is handed over: submit a Fee Receipt for the dossier first."
			).format(frappe.format_value(total, {"fieldtype": "Currency", "options": "VND"})),
			title=_("Fees not paid"),
		)


def _check_receiver(doc) -> None:
	if doc.result_delivery == "Post":
		_require(
			doc, "postal_tracking_number", _("Enter the postal tracking number of the result sent by post")
		)
		if flt(doc.postage) <= 0:
			frappe.throw(
				_("Enter the postage paid for sending the result by post"),
				frappe.MandatoryError,
				title=_("Missing information"),
			)
		doc.receiver_name = doc.receiver_name or doc.applicant_name
	elif doc.result_delivery == "Electronic":
		_require(doc, "result_file", _("Attach the electronic result before handing it over"))
		doc.receiver_name = doc.receiver_name or doc.applicant_name
	else:
		_require(doc, "receiver_name", _("Enter the name of the person receiving the result"))
		_require(doc, "receiver_id_number", _("Enter the ID number of the person receiving the result"))


# -- handlers (old state, new state) -> effect ---------------------------------------------------------


def _on_receive(doc, at):
	_check_documents_complete(doc)
	if not doc.due_at:
		# first reception: the receipt's time is the moment the file was found complete, which is
		# also when the deadline starts (a draft may have been opened earlier)
		doc.received_at = at
		doc.received_by = doc.received_by or frappe.session.user
	_keep_child_rows(doc)


def _keep_child_rows(doc):
	from onestop_center.dossiers.intake import keep_child_rows

	keep_child_rows(doc)


def _on_submit_online(doc, at):
	if doc.channel != "Online":
		frappe.throw(_("Only dossiers filed online are submitted online"), title=_("Action not possible"))
	missing = [
		row.document_name for row in doc.get("documents") or [] if row.mandatory and not row.get("attachment")
	]
	if missing:
		frappe.throw(
			_("Upload every required document before submitting: {0}").format("; ".join(missing)),
			frappe.MandatoryError,
			title=_("Documents missing"),
		)
	# waiting in the centre's queue since now; nobody has received it yet (reception stamps both)
	doc.received_at = at
	doc.received_by = None


def _on_request_completion_online(doc, at):
	_require(doc, "supplement_request", _("List what the applicant must complete or add"))


def _on_refuse_at_reception(doc, at):
	_require(doc, "refusal_reason", _("Write the reason for refusing the dossier"))
	doc.finished_at = doc.finished_at or at


def _on_resolve_immediately(doc, at):
	if not cint(doc.resolved_immediately):
		frappe.throw(
			_("Only procedures resolved immediately can be decided at the counter"),
			title=_("Action not possible"),
		)
	_check_documents_complete(doc)
	if not doc.due_at:
		# received and decided in one sitting: the reception is now (code, clock)
		doc.received_at = at
		doc.received_by = doc.received_by or frappe.session.user
	doc.finished_at = at
	doc.result_ready_at = at
	doc.result_collected_at = at
	_keep_child_rows(doc)


def _on_transfer(doc, at):
	group = current_group(doc)
	if group:
		doc.current_step = group.order
		doc.agency = group.agency
		_send_consultations(doc, group, at)
	else:
		doc.current_step = cint(doc.current_step) or 1
	_hand_over(doc, centre_agency(), doc.agency, at, batch=doc.flags.transfer_batch)


def _on_accept(doc, at):
	for row in reversed(doc.get("handovers") or []):
		if row.to_agency == doc.agency:
			row.received_by = row.received_by or frappe.session.user
			break


def _on_send_back(doc, at):
	_require(doc, "sent_back_reason", _("Write why the dossier is sent back to the one-stop centre"))
	_hand_over(doc, doc.agency, centre_agency(), at, note=doc.sent_back_reason)


def _on_resend(doc, at):
	pass


def _on_finish_step_next(doc, at):
	group = current_group(doc)
	_check_consultations_answered(doc, group)
	result = _finish_group(doc, group, at)
	following = next_group(doc)
	if not following:
		frappe.throw(_("This is the last step: the result is ready"), title=_("Action not possible"))
	from_agency = doc.agency
	doc.current_step = following.order
	doc.agency = following.agency
	_hand_over(doc, from_agency, following.agency, at, step_result=result)
	doc.handovers[-1].step_order = group.order if group else None
	_send_consultations(doc, following, at)


def _on_finish_step_here(doc, at):
	"""In Progress → In Progress: the next step group is led by the same agency, which goes on
	with it (no transfer, no acceptance, no hand-over row: the dossier never left the agency)."""
	group = current_group(doc)
	_check_consultations_answered(doc, group)
	_finish_group(doc, group, at)
	following = next_group(doc)
	if not following or following.agency != doc.agency:
		frappe.throw(_("The next step is not at the same agency"), title=_("Action not possible"))
	doc.current_step = following.order
	_send_consultations(doc, following, at)


def _on_finish_last_step(doc, at):
	group = current_group(doc)
	_check_consultations_answered(doc, group)
	doc.flags.last_step_result = _finish_group(doc, group, at)
	doc.finished_at = at
	doc.result_ready_at = at


def _on_request_supplement(doc, at):
	from onestop_center.dossiers import clock_stops

	_require(doc, "supplement_request", _("Write what the applicant must add to the dossier"))
	stop = clock_stops.current_stop(doc)
	before = doc.get_doc_before_save()
	stored = {row.name for row in before.get("clock_stops") or []} if before else set()
	if stop is not None and stop.reason == clock_stops.SUPPLEMENT_REASON and stop.name not in stored:
		return  # opened in this save by clock_stops.pause_clock
	clock_stops.pause(doc, clock_stops.SUPPLEMENT_REASON, note=doc.supplement_request, at=at)


def _on_supplement_received(doc, at):
	from onestop_center.dossiers import clock_stops

	if clock_stops.is_paused(doc):
		clock_stops.resume(doc, at=at, restore_status=False)


def _on_refuse_by_department(doc, at):
	_require(doc, "refusal_reason", _("Write the reason for refusing the dossier"))
	_finish_group(doc, current_group(doc), at)
	doc.finished_at = at


def _on_collect_result(doc, at):
	group = current_group(doc)
	result = group.lead.get("timeliness") if group else None
	_hand_over(doc, doc.agency, centre_agency(), at, step_result=result, note=doc.result_number)
	doc.result_collected_at = at


def _on_return(doc, at):
	_check_fees(doc)
	_check_receiver(doc)
	doc.returned_at = at


def _on_return_by_department(doc, at):
	if doc.result_returned_by != "Department":
		frappe.throw(
			_("The result of this procedure is returned by the one-stop centre"),
			title=_("Action not possible"),
		)
	_on_return(doc, at)


def _on_stop(doc, at):
	"""Any open state → Stopped: the applicant's withdrawal or the competent agency's decision.

	Records the reason, who asked (withdrawal) and who recorded it when; the clock's open stop,
	if any, ends now (``clock_stops.sync_clock_with_status``) and the classification stays as it
	was (a stopped dossier is neither finished nor overdue). Fees paid stay on their receipts.
	"""
	action = doc.flags.lifecycle_action
	_require(doc, "stop_reason", _("Write the reason for stopping the processing of the dossier"))
	if kinds.action_kind(action) == kinds.WITHDRAW:
		if doc.result_ready_at:
			frappe.throw(
				_("Dossier {0} already has a result: it can no longer be withdrawn").format(doc.name),
				WorkflowTransitionError,
				title=_("Action not possible"),
			)
		doc.stop_kind = WITHDRAWAL
		doc.withdrawal_channel = doc.flags.withdrawal_channel or AT_COUNTER
		doc.withdrawal_requested_by = (doc.withdrawal_requested_by or "").strip() or doc.applicant_name
	else:
		doc.stop_kind = AGENCY_DECISION
		doc.withdrawal_channel = None
		doc.withdrawal_requested_by = None
	doc.stopped_at = at
	doc.stopped_by = frappe.session.user


def stop_on_portal(dossier, reason: str) -> Document:
	"""The citizen's withdrawal from the portal: → Stopped as a system transition.

	The caller (:func:`onestop_center.dossiers.withdrawal.withdraw`) has checked that the dossier
	is the citizen's own; the workflow's "Withdraw" transition from the stored state, the reason
	and the "no result yet" rule still apply here.
	"""
	doc = dossier if isinstance(dossier, Document) else frappe.get_doc("Dossier", dossier, for_update=True)
	row = transition_to(doc.status, kinds.WITHDRAW)
	doc.status = row.next_state if row else kinds.state_of_kind(kinds.STOPPED)
	doc.stop_reason = reason
	doc.withdrawal_requested_by = doc.applicant_name
	doc.flags.lifecycle_action = row.action if row else WITHDRAW
	doc.flags.withdrawal_channel = ON_PORTAL
	doc.flags.system_transition = True
	field_policy.allow_lifecycle_write(doc)
	doc.save(ignore_permissions=True)
	return doc


def _close_assignments(doc) -> None:
	"""A stopped dossier leaves every worklist: its open assignments (ToDo) are closed."""
	from frappe.desk.form.assign_to import close_all_assignments

	close_all_assignments("Dossier", doc.name, ignore_permissions=True)


# What each kind of action does (kinds in dossiers/state_kinds.py); an action without a kind, or
# of kind Internal Step, only moves the dossier.
ACTION_HANDLERS = {
	kinds.RECEIVE: _on_receive,
	kinds.SUBMIT_ONLINE: _on_submit_online,
	kinds.RESOLVE_IMMEDIATELY: _on_resolve_immediately,
	kinds.TRANSFER: _on_transfer,
	kinds.ACCEPT: _on_accept,
	kinds.SEND_BACK: _on_send_back,
	kinds.RESEND: _on_resend,
	kinds.REQUEST_SUPPLEMENT: _on_request_supplement,
	kinds.SUPPLEMENT_RECEIVED: _on_supplement_received,
	kinds.COLLECT_RESULT: _on_collect_result,
	kinds.RETURN_BY_DEPARTMENT: _on_return_by_department,
	kinds.RETURN_RESULT: _on_return,
	kinds.WITHDRAW: _on_stop,
	kinds.STOP_PROCESSING: _on_stop,
}
# Finish Step: by the kind of state it leads to (next agency, same agency, result)
FINISH_STEP_HANDLERS = {
	kinds.TRANSFERRED: _on_finish_step_next,
	kinds.IN_PROGRESS: _on_finish_step_here,
	kinds.RESULT_READY: _on_finish_last_step,
}


def transition_handler(old: str, new: str, action: str):
	"""The effect of the transition old → new by ``action``, from the kinds of the three (or None)."""
	action_kind = kinds.action_kind(action)
	if action_kind == kinds.FINISH_STEP:
		return FINISH_STEP_HANDLERS.get(kinds.kind_of(new))
	if action_kind == kinds.REFUSE:
		if kinds.kind_of(old) in kinds.DEPARTMENT_KINDS:
			return _on_refuse_by_department
		return _on_refuse_at_reception
	if action_kind == kinds.REQUEST_COMPLETION:
		# online dossiers: the completion request is written (the counter hands Form 01 over)
		return _on_request_completion_online if kinds.is_kind(old, kinds.PENDING_RECEPTION) else None
	return ACTION_HANDLERS.get(action_kind)


def _notify_result_ready(doc) -> None:
	"""Tell the citizen, by the channel they chose, that the result is at the centre."""
	from onestop_center.lateness.notices import CITIZEN_LANGUAGE, notify_citizen

	if doc.result_delivery == "Post":
		message = _(
			"The result of dossier {0} is ready and will be sent to you by post.", lang=CITIZEN_LANGUAGE
		)
	else:
		message = _(
			"The result of dossier {0} is ready: please collect it at the one-stop centre.",
			lang=CITIZEN_LANGUAGE,
		)
	notify_citizen(
		doc,
		_("Dossier {0}: result ready", lang=CITIZEN_LANGUAGE).format(doc.name),
		message.format(doc.name),
	)


def _timeline_note(doc, transition) -> str | None:
	"""A line on the dossier's timeline with what the transition recorded."""
	new, old = kinds.kind_of(transition.new), kinds.kind_of(transition.old)
	if new == kinds.TRANSFERRED:
		row = doc.handovers[-1] if doc.get("handovers") else None
		if row and row.transfer_batch:
			return _("Transferred to {0} in batch {1}").format(
				_agency_label(row.to_agency), row.transfer_batch
			)
		if row:
			return _("Transferred to {0}").format(_agency_label(row.to_agency))
	if new == kinds.REFUSED:
		return _("Refused: {0}").format(doc.refusal_reason)
	if new == kinds.STOPPED and doc.stop_kind == WITHDRAWAL:
		return _("Withdrawn at the request of {0} ({1}): {2}").format(
			doc.withdrawal_requested_by, _(doc.withdrawal_channel), doc.stop_reason
		)
	if new == kinds.STOPPED:
		return _("Processing stopped by decision of the competent agency: {0}").format(doc.stop_reason)
	if new == kinds.SENT_BACK:
		return _("Sent back to the one-stop centre: {0}").format(doc.sent_back_reason)
	if new == kinds.SUPPLEMENT_REQUESTED:
		return _("Supplement requested: {0}").format(doc.supplement_request)
	if new == kinds.NEEDS_COMPLETION and old == kinds.PENDING_RECEPTION:
		return _("Completion requested: {0}").format(doc.supplement_request)
	if new == kinds.PENDING_RECEPTION:
		return _("Submitted online by the applicant")
	if new == kinds.RETURNED:
		if doc.result_delivery == "Post":
			return _("Result sent by post, tracking number {0}").format(doc.postal_tracking_number)
		return _("Result handed to {0} (ID number {1})").format(doc.receiver_name, doc.receiver_id_number)
	if new == kinds.IN_PROGRESS and kinds.action_kind(transition.action) == kinds.FINISH_STEP:
		return _("Step finished; the next step ({0}) stays with {1}").format(
			doc.current_step, _agency_label(doc.agency)
		)
	if new == kinds.IN_PROGRESS and old == kinds.SUPPLEMENT_REQUESTED:
		return _("Supplement received; processing resumed")
	return None


# -- actions on an open dossier ------------------------------------------------------------------------


@frappe.whitelist()
def add_directive(dossier: str | None = None, text: str | None = None) -> dict:
	"""A directive of the Department Head or the Centre Leader on a dossier (timeline too)."""
	from onestop_center.setup.roles import CENTRE_LEADER, DEPARTMENT_HEAD, ONESTOP_ADMINISTRATOR

	dossier = arguments.name(dossier, "Dossier")
	text = arguments.text(text, "Directive", required=False)
	if not text:
		frappe.throw(_("Write the directive"), frappe.MandatoryError, title=_("Missing information"))
	roles = set(frappe.get_roles())
	# or a deputy while a Delegation of a head's authority is in force (delegation/authority.py)
	from onestop_center.delegation.authority import directive_delegation, record_action

	delegation = None
	if not roles & {DEPARTMENT_HEAD, CENTRE_LEADER, ONESTOP_ADMINISTRATOR, "System Manager"}:
		delegation = directive_delegation(dossier)
		if not delegation:
			frappe.throw(
				_("Only a Department Head or the Centre Leader can give directives"), frappe.PermissionError
			)
	doc = get_readable("Dossier", dossier)
	if kinds.is_kind(doc.status, *kinds.FINAL_KINDS):
		frappe.throw(_("The dossier is closed"), title=_("Action not possible"))
	row = doc.append("directives", {"given_at": now(), "given_by": frappe.session.user, "directive": text})
	doc.flags.ignore_permissions = True
	field_policy.allow_lifecycle_write(doc)
	doc.save()
	doc.add_comment("Comment", _("Directive: {0}").format(text))
	if delegation:
		record_action(delegation, "Dossier", doc.name, DIRECTIVE)
	return row.as_dict()


# the action recorded when a deputy gives a directive on behalf of the head
DIRECTIVE = "Directive"


@frappe.whitelist()
def answer_consultation(
	dossier: str | None = None, agency: str | None = None, opinion: str | None = None
) -> dict:
	"""The consulted agency's opinion on a dossier (phối hợp); only that agency's users may answer."""
	from onestop_center.permissions import get_user_agencies, is_department_user

	dossier = arguments.name(dossier, "Dossier")
	agency = arguments.name(agency, "Agency")
	opinion = arguments.text(opinion, "Opinion", required=False)
	if not opinion:
		frappe.throw(_("Write the opinion"), frappe.MandatoryError, title=_("Missing information"))
	user = frappe.session.user
	roles = set(frappe.get_roles(user))
	is_manager = user == "Administrator" or "System Manager" in roles
	if not is_manager and not (is_department_user(user) and agency in get_user_agencies(user)):
		frappe.throw(
			_("Only users of {0} can answer its consultation").format(_agency_label(agency)),
			frappe.PermissionError,
		)
	doc = get_readable("Dossier", dossier, for_update=True)
	if kinds.is_kind(doc.status, *kinds.FINAL_KINDS):
		frappe.throw(_("The dossier is closed"), title=_("Action not possible"))
	row = next((c for c in doc.get("consultations") or [] if c.agency == agency and not c.answered_at), None)
	if not row:
		frappe.throw(
			_("{0} has no open consultation on dossier {1}").format(_agency_label(agency), doc.name),
			title=_("No consultation"),
		)
	row.update({"answered_at": now(), "answered_by": user, "opinion": opinion})
	doc.flags.ignore_permissions = True
	field_policy.allow_lifecycle_write(doc)
	doc.save()
	doc.add_comment("Comment", _("Opinion of {0}: {1}").format(_agency_label(agency), opinion))
	return row.as_dict()
