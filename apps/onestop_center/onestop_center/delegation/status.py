"""The status shown in the Delegation list (Scheduled → Active → Expired), refreshed by a job.

Only for display and filters: whether a deputy may act is decided at each action from the period
itself (:mod:`onestop_center.delegation.authority`), never from this column, so a late or missed
run of the job changes nothing but the list. Idempotent: each run sets what the clock says.
"""

import frappe

from onestop_center.delegation.authority import now


def refresh_statuses(at=None) -> int:
	"""Set the status of submitted delegations from their period at ``at`` (now); rows changed."""
	at = at or now()
	table = frappe.qb.DocType("Delegation")
	changed = 0
	for status, condition in (
		("Scheduled", table.valid_from > at),
		("Active", (table.valid_from <= at) & (table.valid_to > at)),
		("Expired", table.valid_to <= at),
	):
		names = (
			frappe.qb.from_(table)
			.select(table.name)
			.where((table.docstatus == 1) & condition & (table.status != status))
			.run(pluck=True)
		)
		if names:
			frappe.qb.update(table).set(table.status, status).where(table.name.isin(names)).run()
			changed += len(names)
	return changed
