"""Kinds of the lifecycle's states and actions: what the code keys on, instead of their names.

The Workflow "Dossier Lifecycle" belongs to the administrator: states can be renamed, added (a
deputy head's review inside a department) or given other roles, actions relabelled. The code does
not know those names. It knows *kinds* — what a state means to the lifecycle (not received yet,
at a department, clock stopped for a supplement, result at the centre, closed…) and what an
action does (receive, transfer, finish the step, hand over…) — and reads which names have which
kind from one small mapping, the single DocType **Lifecycle Kinds** (desk: /app/lifecycle-kinds),
which the OneStop Administrator sees and sets:

* each workflow state → a state kind (several states may share a kind: "Chờ phó trưởng phòng
  duyệt" of kind "In Progress" is handled, seen and counted like "In Progress");
* each workflow action → an action kind (an action without a kind, or of kind "Internal Step",
  only moves the dossier: no effect but the department checks when taken at a department).

The kinds' labels are the names the shipped workflow gives its states and actions (so the
shipped mapping is "each state is its own kind"). Everything else asks this module: the state
sets (:func:`not_received_states`, :func:`department_states`, :func:`final_states`,
:func:`open_states`…), :func:`kind_of`, :func:`action_kind`, and the desk's JavaScript through
the boot info (:func:`extend_bootinfo`, ``frappe.boot.onestop_lifecycle``). The mapping is cached
(Redis, then per request) and the cache is cleared when it is saved.
"""

import frappe

SETTINGS = "Lifecycle Kinds"
CACHE_KEY = "onestop_lifecycle_kinds"

# -- state kinds --------------------------------------------------------------------------------------
DRAFT = "Draft"  # a dossier being prepared (counter or online), not received
NEEDS_COMPLETION = "Needs Completion"  # sent back to the applicant to complete, not received
PENDING_RECEPTION = "Pending Reception"  # filed online, waiting for the centre's check
RECEIVED = "Received"  # received at the centre, waiting for its transfer
TRANSFERRED = "Transferred"  # handed to a department, not yet accepted there
SENT_BACK = "Sent Back"  # a department sent it back to the centre
IN_PROGRESS = "In Progress"  # being processed at a department (reviews and approvals too)
SUPPLEMENT_REQUESTED = "Supplement Requested"  # waiting for the applicant's supplement, clock stopped
RESULT_READY = "Result Ready"  # the department has the result
RESULT_AT_CENTRE = "Result at Centre"  # the result is at the centre, to hand over
RETURNED = "Returned"  # the result was handed over (closed)
REFUSED = "Refused"  # refused (closed)
STOPPED = "Stopped"  # withdrawn or stopped before a result (closed)

STATE_KINDS = (
	DRAFT,
	NEEDS_COMPLETION,
	PENDING_RECEPTION,
	RECEIVED,
	TRANSFERRED,
	SENT_BACK,
	IN_PROGRESS,
	SUPPLEMENT_REQUESTED,
	RESULT_READY,
	RESULT_AT_CENTRE,
	RETURNED,
	REFUSED,
	STOPPED,
)
# groups of kinds, the one definition of each state set
NOT_RECEIVED_KINDS = frozenset({DRAFT, NEEDS_COMPLETION, PENDING_RECEPTION})
FINAL_KINDS = frozenset({RETURNED, REFUSED, STOPPED})
# at a department: department users of the holding agency may edit the dossier
DEPARTMENT_KINDS = frozenset({TRANSFERRED, IN_PROGRESS, SUPPLEMENT_REQUESTED, RESULT_READY})
# the result exists (the deadline's clock no longer runs, timeliness is final)
FINISHED_KINDS = frozenset({RESULT_READY, RESULT_AT_CENTRE, RETURNED})

# -- action kinds -------------------------------------------------------------------------------------
RECEIVE = "Receive"
REQUEST_COMPLETION = "Request Completion"
REFUSE = "Refuse"
RESOLVE_IMMEDIATELY = "Resolve Immediately"
TRANSFER = "Transfer"
ACCEPT = "Accept"
SEND_BACK = "Send Back"
RESEND = "Resend"
FINISH_STEP = "Finish Step"
REQUEST_SUPPLEMENT = "Request Supplement"
SUPPLEMENT_RECEIVED = "Supplement Received"
COLLECT_RESULT = "Collect Result"
RETURN_BY_DEPARTMENT = "Return by Department"
RETURN_RESULT = "Return Result"
WITHDRAW = "Withdraw"
STOP_PROCESSING = "Stop Processing"
SUBMIT_ONLINE = "Submit Online"
# a move inside the holding agency (a review, an approval): no effect of its own
INTERNAL_STEP = "Internal Step"

ACTION_KINDS = (
	RECEIVE,
	REQUEST_COMPLETION,
	REFUSE,
	RESOLVE_IMMEDIATELY,
	TRANSFER,
	ACCEPT,
	SEND_BACK,
	RESEND,
	FINISH_STEP,
	REQUEST_SUPPLEMENT,
	SUPPLEMENT_RECEIVED,
	COLLECT_RESULT,
	RETURN_BY_DEPARTMENT,
	RETURN_RESULT,
	WITHDRAW,
	STOP_PROCESSING,
	SUBMIT_ONLINE,
	INTERNAL_STEP,
)
# actions a department takes on a dossier it holds (agency and step role checked)
DEPARTMENT_ACTION_KINDS = frozenset(
	{
		ACCEPT,
		SEND_BACK,
		FINISH_STEP,
		REQUEST_SUPPLEMENT,
		REFUSE,
		RETURN_BY_DEPARTMENT,
		STOP_PROCESSING,
		INTERNAL_STEP,
	}
)

# The shipped mapping: the shipped workflow's names are the kinds' labels.
DEFAULT_STATE_KINDS = {kind: kind for kind in STATE_KINDS}
DEFAULT_ACTION_KINDS = {kind: kind for kind in ACTION_KINDS if kind != INTERNAL_STEP}


# -- the mapping ----------------------------------------------------------------------------------------


def mapping() -> frappe._dict:
	"""``{"states": {state: kind}, "actions": {action: kind}}``, in the mapping's order (cached)."""
	cached = getattr(frappe.local, CACHE_KEY, None)
	if cached is None:
		cached = frappe._dict(frappe.cache.get_value(CACHE_KEY, generator=_load))
		setattr(frappe.local, CACHE_KEY, cached)
	return cached


def _load() -> dict:
	states, actions = {}, {}
	if frappe.db.table_exists("Lifecycle State Kind"):
		for table, target in (("Lifecycle State Kind", states), ("Lifecycle Action Kind", actions)):
			key = "state" if table == "Lifecycle State Kind" else "action"
			for name, kind in frappe.get_all(
				table,
				filters={"parenttype": SETTINGS, "parent": SETTINGS},
				fields=[key, "kind"],
				order_by="idx asc",
				as_list=True,
			):
				target.setdefault(name, kind)
	# before the mapping is installed (a site being migrated to it), the shipped one
	return {"states": states or dict(DEFAULT_STATE_KINDS), "actions": actions or dict(DEFAULT_ACTION_KINDS)}


def clear_cache() -> None:
	"""Forget the cached mapping (every process: Redis; this request: ``frappe.local``)."""
	frappe.cache.delete_value(CACHE_KEY)
	if hasattr(frappe.local, CACHE_KEY):
		delattr(frappe.local, CACHE_KEY)


def kind_of(state: str | None) -> str | None:
	"""The kind of a workflow state (None for a state without one)."""
	return mapping().states.get(state) if state else None


def action_kind(action: str | None) -> str | None:
	"""The kind of a workflow action (None for an action without one: a plain move)."""
	return mapping().actions.get(action) if action else None


def is_kind(state: str | None, *kinds: str) -> bool:
	"""Whether ``state`` is of one of ``kinds``."""
	return kind_of(state) in kinds


def states_of(*kinds: str) -> list[str]:
	"""The states of the given kinds, in the mapping's order."""
	return [state for state, kind in mapping().states.items() if kind in kinds]


def state_of_kind(kind: str) -> str:
	"""The first state of a kind: where the lifecycle puts a dossier itself (a new dossier's state,
	the state a clock resumed without a remembered state goes back to)."""
	states = states_of(kind)
	return states[0] if states else DEFAULT_STATE_KINDS[kind]


def all_states() -> list[str]:
	"""Every state with a kind, in the mapping's order."""
	return list(mapping().states)


def not_received_states() -> list[str]:
	"""Before reception: provisional name, no code, no deadline; no department sees the dossier."""
	return states_of(*NOT_RECEIVED_KINDS)


def final_states() -> list[str]:
	"""Closed: returned, refused, stopped."""
	return states_of(*FINAL_KINDS)


def open_states() -> list[str]:
	"""Every state but the closed ones (drafts included)."""
	return [state for state in all_states() if kind_of(state) not in FINAL_KINDS]


def department_states() -> list[str]:
	"""At a department: users of the holding agency may edit the dossier."""
	return states_of(*DEPARTMENT_KINDS)


def finished_states() -> list[str]:
	"""The result exists (ready at the department, at the centre or handed over)."""
	return states_of(*FINISHED_KINDS)


def processing_states() -> list[str]:
	"""Received and not finished or closed: the deadline's clock runs (or is stopped)."""
	return [
		state
		for state in all_states()
		if kind_of(state) not in NOT_RECEIVED_KINDS | FINAL_KINDS | FINISHED_KINDS
	]


def extend_bootinfo(bootinfo) -> None:
	"""The mapping for the desk's scripts: ``frappe.boot.onestop_lifecycle``."""
	if frappe.session.user == "Guest":
		return
	bootinfo.onestop_lifecycle = {
		"states": dict(mapping().states),
		"actions": dict(mapping().actions),
		"not_received": not_received_states(),
		"final": final_states(),
		"department": department_states(),
	}


# -- install and upkeep -----------------------------------------------------------------------------------


def ensure_default_mapping() -> None:
	"""Give the mapping its shipped rows once (an empty table): never overwrites an administrator's."""
	doc = frappe.get_single(SETTINGS)
	changed = False
	if not doc.get("states"):
		for state, kind in DEFAULT_STATE_KINDS.items():
			doc.append("states", {"state": state, "kind": kind})
		changed = True
	if not doc.get("actions"):
		for action, kind in DEFAULT_ACTION_KINDS.items():
			doc.append("actions", {"action": action, "kind": kind})
		changed = True
	if changed:
		doc.flags.ignore_permissions = True
		doc.flags.ignore_links = True
		doc.save()
	clear_cache()
