"""Delegation (ủy quyền) at action time: when a deputy holds a head's authority, and the record of it.

A head (Department Head of an agency, or a Centre Leader) delegates their approvals to a named
deputy for a period with a submitted *Delegation* (``delegation/doctype/delegation``). Nothing is
granted ahead of time and nothing has to be revoked: every action that needs the head's role asks
here, with the app's clock (:func:`onestop_center.dossiers.deadline.now`), whether a delegation is
in force at that moment (submitted, ``valid_from <= now < valid_to``, not revoked) for the agency
concerned, and whether its head still holds what was delegated. So a delegation takes effect and
expires by itself, to the second, with no scheduled job in the way (the hourly job in
:mod:`onestop_center.delegation.status` only refreshes the status shown in lists).

Where it is asked:

* :func:`acting_for_dossier` — around :func:`onestop_center.dossiers.lifecycle.apply`: a workflow
  action whose transition is allowed only to the head's role (Stop Processing, Refuse at the
  department) or a step reserved to the head's role (an approval step) is taken by the deputy with
  the head's role added for that one action, in that request only (the workflow, Frappe's
  ``apply_workflow`` and the permission checks all see it), then the deputy's own roles again;
* :func:`covering` — for the head-only checks outside the workflow: issuing the apology letter
  (Mẫu 04), directives, assignment of a dossier to officers.

Every action taken under a delegation is recorded as on behalf of the head (:func:`record_action`):
a *Delegated Action* row (who, for whom, as KT./TL./TUQ., which document and action, when) and a
line on the document's timeline, ``Nguyễn Văn A (KT. Giám đốc Trần Văn B): …``. The printed forms
read that record to sign ``KT. GIÁM ĐỐC`` / ``PHÓ GIÁM ĐỐC`` / deputy's name
(:func:`delegated_signature`, Decree 30/2020/NĐ-CP Article 13 and Appendix I).
"""

from contextlib import contextmanager
from datetime import timedelta

import frappe
from frappe import _
from frappe.utils import get_datetime

from onestop_center.setup.roles import CENTRE_LEADER, DEPARTMENT_HEAD

# The authorities a head may delegate (Delegation.role) and how a deputy signs for them.
HEAD_ROLES = (DEPARTMENT_HEAD, CENTRE_LEADER)
KT = "KT."  # ký thay: a deputy head signs for the head
TL = "TL."  # thừa lệnh: the head of a unit of the agency signs by the head's order
TUQ = "TUQ."  # thừa ủy quyền: signed by written authorisation, for a limited time
KINDS = (KT, TL, TUQ)

FIELDS = [
	"name",
	"delegator",
	"delegator_name",
	"deputy",
	"deputy_name",
	"role",
	"agency",
	"kind",
	"delegator_title",
	"deputy_title",
	"valid_from",
	"valid_to",
]


def now():
	"""The app's clock (tests freeze ``deadline.now``)."""
	from onestop_center.dossiers import deadline

	return get_datetime(deadline.now()).replace(microsecond=0)


# -- which delegation is in force -------------------------------------------------------------------


def in_force(user: str | None = None, at=None) -> list:
	"""The submitted delegations naming ``user`` as deputy that are in force at ``at`` (now)."""
	user = user or frappe.session.user
	if not user or user in ("Guest", "Administrator"):
		return []
	at = get_datetime(at) if at else now()
	return frappe.get_all(
		"Delegation",
		filters={"deputy": user, "docstatus": 1, "valid_from": ("<=", at), "valid_to": (">", at)},
		fields=FIELDS,
		order_by="valid_from asc",
	)


def covering(agency: str | None, role: str, user: str | None = None, at=None):
	"""The delegation in force under which ``user`` holds ``role`` for ``agency``, or None.

	A Department Head's delegation covers its agency and the agency's sub-units; a Centre Leader's
	covers the whole centre. It counts only while its head still holds the role (and, for a
	Department Head, the agency): a head cannot pass on what they no longer hold.
	"""
	for row in in_force(user, at):
		if row.role != role:
			continue
		if role == DEPARTMENT_HEAD and not (agency and within(agency, row.agency)):
			continue
		if holds_authority(row.delegator, role, row.agency):
			return row
	return None


def within(agency: str, ancestor: str) -> bool:
	"""True if ``agency`` is ``ancestor`` or one of its sub-units (the Agency tree)."""
	if agency == ancestor:
		return True
	bounds = frappe.db.get_value("Agency", ancestor, ["lft", "rgt"])
	inner = frappe.db.get_value("Agency", agency, ["lft", "rgt"])
	if not bounds or not inner or not bounds[0]:
		return False
	return bounds[0] < inner[0] and inner[1] < bounds[1]


def holds_authority(user: str, role: str, agency: str | None) -> bool:
	"""Whether ``user`` holds ``role`` in their own right (not by delegation) for ``agency``."""
	from onestop_center.permissions import get_user_agencies

	if not user or not frappe.db.get_value("User", user, "enabled"):
		return False
	if not frappe.db.exists("Has Role", {"parenttype": "User", "parent": user, "role": role}):
		return False
	if role == DEPARTMENT_HEAD:
		return bool(agency) and agency in get_user_agencies(user)
	return True


# -- acting under a delegation ------------------------------------------------------------------


@contextmanager
def acting_as(delegation):
	"""Within the block the session user also holds the delegated role: this request only.

	The role is added to this request's copy of the user's roles (Frappe's per-request cache in
	front of Redis), never to the user or to Redis; the copy and the per-request permission cache
	are restored when the block ends, whatever happens in it. ``None``: nothing changes.
	"""
	if not delegation:
		yield None
		return
	user = frappe.session.user
	own = list(frappe.get_roles(user))  # fills the request's cache from Redis/the database
	key = frappe.cache.make_key("roles")
	local = frappe.local.cache.setdefault(key, {})
	previous = local.get(user)
	local[user] = own if delegation.role in own else [*own, delegation.role]
	_forget_permission_cache()
	frappe.flags.acting_under_delegation = delegation.name
	try:
		yield delegation
	finally:
		frappe.flags.acting_under_delegation = None
		if previous is None:
			local.pop(user, None)
		else:
			local[user] = previous
		_forget_permission_cache()


def _forget_permission_cache() -> None:
	if getattr(frappe.local, "role_permissions", None) is not None:
		frappe.local.role_permissions = {}
	frappe.local.user_perms = None


@contextmanager
def acting_for_dossier(dossier, action: str):
	"""Around a workflow action on a dossier: the delegation it is taken under (None: own right).

	A delegation is used only when the user's own roles do not allow the action — the workflow's
	transition is for a role the user lacks, or the current step is reserved to one — and a
	delegation in force gives that role for the agency holding the dossier. The action itself is
	then checked as usual (agency, state, conditions) with the delegated role.
	"""
	delegation = delegation_needed(dossier, action)
	with acting_as(delegation):
		yield delegation


def delegation_needed(dossier, action: str):
	"""The delegation the user needs for ``action`` on ``dossier``, or None (see above)."""
	user = frappe.session.user
	candidates = in_force(user)
	if not candidates:
		return None
	from onestop_center.dossiers import lifecycle

	name = dossier if isinstance(dossier, str) else dossier.name
	stored = frappe.get_doc("Dossier", name)
	own = set(frappe.get_roles(user))
	rows = [t for t in lifecycle.get_workflow().transitions if t.state == stored.status and t.action == action]
	if not rows:
		return None  # refused as out of order by the lifecycle, with or without a delegation
	if not any(row.allowed in own for row in rows):
		wanted = {row.allowed for row in rows}
	else:
		wanted = set()
		if lifecycle.is_department_action(stored.status, action):
			group = lifecycle.current_group(stored)
			role = group.lead.get("role") if group else None
			holders = lifecycle.STEP_ROLE_HOLDERS.get(role, frozenset({role})) if role else frozenset()
			if role and not holders & own:
				wanted = set(holders)
	for role in HEAD_ROLES:
		if role in wanted:
			delegation = covering(stored.agency, role, user)
			if delegation:
				return delegation
	return None


# -- the record: on behalf of -------------------------------------------------------------------------


def title_case(title: str | None) -> str:
	"""``GIÁM ĐỐC`` → ``Giám đốc`` (the head's title inside a sentence)."""
	title = (title or "").strip()
	return f"{title[:1].upper()}{title[1:].lower()}" if title else ""


def on_behalf_of(delegation) -> str:
	"""``Nguyễn Văn A (KT. Giám đốc Trần Văn B)``: the deputy, signing for the head."""
	deputy = delegation.deputy_name or frappe.utils.get_fullname(delegation.deputy)
	head = delegation.delegator_name or frappe.utils.get_fullname(delegation.delegator)
	return f"{deputy} ({delegation.kind} {title_case(delegation.delegator_title)} {head})".replace("  ", " ")


def record_action(
	delegation, reference_doctype: str, reference_name: str, action: str, timeline: tuple | None = None
):
	"""Record that the session user took ``action`` on a document under ``delegation``.

	A *Delegated Action* row (append-only; nobody may create or change one through the desk or
	REST) and a timeline line on the document (and on ``timeline``, another document, e.g. the
	dossier of an apology letter).
	"""
	if isinstance(delegation, str):
		delegation = frappe.db.get_value("Delegation", delegation, FIELDS, as_dict=True)
	signed_as = on_behalf_of(delegation)
	text = f"{signed_as}: {_(action)}"
	row = frappe.get_doc(
		{
			"doctype": "Delegated Action",
			"delegation": delegation.name,
			"kind": delegation.kind,
			"agency": delegation.agency,
			"taken_at": now(),
			"deputy": frappe.session.user,
			"delegator": delegation.delegator,
			"on_behalf_of": signed_as,
			"reference_doctype": reference_doctype,
			"reference_name": reference_name,
			"action": action,
			"summary": text[:500],
		}
	)
	row.insert(ignore_permissions=True)
	for doctype, name in {(reference_doctype, reference_name), *([timeline] if timeline else [])}:
		frappe.get_doc(
			{
				"doctype": "Comment",
				"comment_type": "Info",
				"reference_doctype": doctype,
				"reference_name": name,
				"content": frappe.utils.escape_html(text),
			}
		).insert(ignore_permissions=True)
	return row


def recorded(reference_doctype: str, reference_name: str, action: str | None = None, deputy=None, at=None):
	"""The latest Delegated Action on a document (of ``action``; by ``deputy``; within a minute of ``at``).

	The forms find the record of the event they print by who took it and when (the dossier's
	``stopped_by``/``stopped_at``…), which does not depend on what the workflow calls the action.
	"""
	filters = {"reference_doctype": reference_doctype, "reference_name": reference_name}
	if action:
		filters["action"] = action
	if deputy:
		filters["deputy"] = deputy
	if at:
		moment = get_datetime(at)
		filters["taken_at"] = ("between", [moment - timedelta(minutes=1), moment + timedelta(minutes=1)])
	rows = frappe.get_all(
		"Delegated Action",
		filters=filters,
		fields=["delegation", "deputy", "delegator", "kind", "on_behalf_of", "taken_at"],
		order_by="taken_at desc, creation desc",
		limit=1,
	)
	return rows[0] if rows else None


def delegated_signature(
	reference_doctype: str, reference_name: str, action: str | None = None, deputy=None, at=None
) -> dict:
	"""The signature block of a document signed under a delegation, for the printed forms.

	``{"authority": "KT. GIÁM ĐỐC", "title": "PHÓ GIÁM ĐỐC", "name": "Nguyễn Văn A"}`` — the
	abbreviation before the head's title, the signer's own title on the line below, and the
	signer's name (Decree 30/2020/NĐ-CP, Article 13 and Appendix I: titles in capitals, the name
	in ordinary case); ``{}`` when the document was not signed under a delegation.
	"""
	if not reference_name:
		return {}
	row = recorded(reference_doctype, reference_name, action, deputy, at)
	if not row:
		return {}
	titles = frappe.db.get_value(
		"Delegation", row.delegation, ["delegator_title", "deputy_title", "deputy_name"], as_dict=True
	)
	if not titles:
		return {}
	return {
		"authority": f"{row.kind} {(titles.delegator_title or '').strip().upper()}".strip(),
		"title": (titles.deputy_title or "").strip().upper(),
		"name": titles.deputy_name or frappe.utils.get_fullname(row.deputy),
		"on_behalf_of": row.on_behalf_of,
	}


def directive_delegation(dossier: str | None):
	"""The delegation under which the user gives a head's directive on a dossier, or None."""
	if not dossier or not isinstance(dossier, str) or not in_force():
		return None
	agency = frappe.db.get_value("Dossier", dossier, "agency")
	return covering(agency, DEPARTMENT_HEAD) or covering(agency, CENTRE_LEADER)
