# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""The citizen's withdrawal of a dossier from the portal (issue 8 item 6; legal-spec §3.9).

Under khoản 1 Điều 21 NĐ 118/2025 an applicant may withdraw a dossier that has no result yet; the
centre then stops processing it and issues the *Thông báo dừng giải quyết hồ sơ* (TT 03/2025
Mẫu 05, print format "Thông báo dừng giải quyết hồ sơ"). At the counter a reception officer
records the request with the workflow action "Withdraw" (``lifecycle.take_action``); on the
portal the citizen calls :func:`withdraw`. Both end in the lifecycle's state Stopped with the same
handler (reason, who asked, when, the clock stopped).

Only the dossier's own citizen may call it (ownership is the portal's rule,
``portal/access.py``: filed online from the account, ``Dossier.portal_user``, or filed under the
registry entry the account is verified for, ``Applicant.user``); another's dossier and a missing
one get the same answer (404).
"""

import frappe
from frappe import _

from onestop_center import arguments
from onestop_center.dossiers import lifecycle
from onestop_center.dossiers import state_kinds as kinds


class WithdrawalNotPossible(frappe.ValidationError):
	"""The dossier cannot be withdrawn in its state (closed, or a result already exists)."""


def withdrawable_states() -> set[str]:
	"""States the workflow lets a dossier be withdrawn from (an action of kind "Withdraw" to a
	state of kind "Stopped")."""
	return {
		row.state
		for row in lifecycle.get_workflow().transitions
		if kinds.action_kind(row.action) == kinds.WITHDRAW and kinds.is_kind(row.next_state, kinds.STOPPED)
	}


def check_withdrawable(doc) -> None:
	"""Refuse, in Vietnamese, the withdrawal of a dossier that is closed or has a result."""
	if kinds.is_kind(doc.status, *kinds.FINAL_KINDS):
		frappe.throw(
			_("Dossier {0} is already closed ({1}): it can no longer be withdrawn").format(
				doc.name, _(doc.status)
			),
			WithdrawalNotPossible,
			title=_("Withdrawal not possible"),
		)
	if doc.result_ready_at or doc.status not in withdrawable_states():
		frappe.throw(
			_("Dossier {0} already has a result: it can no longer be withdrawn").format(doc.name),
			WithdrawalNotPossible,
			title=_("Withdrawal not possible"),
		)


@frappe.whitelist(methods=["POST"])
def withdraw(dossier: str | None = None, reason: str | None = None) -> dict:
	"""The citizen withdraws their own dossier (no result yet): the lifecycle stops it.

	Returns the dossier's name, state and stop time. Refused with a Vietnamese message to guests
	and staff accounts (403), for a dossier that is not the citizen's (404, as a missing one), a
	closed dossier or one with a result (417), and without a reason.
	"""
	from onestop_center.portal.access import get_own_dossier, require_citizen

	require_citizen()
	dossier = arguments.name(dossier, "Dossier")
	reason = arguments.text(reason, "Reason for Stopping", required=False)
	if not reason:
		frappe.throw(
			_("Write the reason for withdrawing the dossier"),
			frappe.MandatoryError,
			title=_("Missing information"),
		)
	doc = get_own_dossier(dossier, for_update=True)
	check_withdrawable(doc)
	doc = lifecycle.stop_on_portal(doc, reason)
	return {"name": doc.name, "status": doc.status, "stopped_at": doc.stopped_at}
