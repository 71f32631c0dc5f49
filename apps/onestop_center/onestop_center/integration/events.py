# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Where dossier events enter the outbox: one call from the lifecycle, per transition.

``dossiers/lifecycle.on_update`` calls :func:`record_transition` once for every transition it
has checked and applied (user actions, transfers, portal withdrawals), inside the transaction
of the change. Each receiver decides which transitions concern it (``national.py``,
``departments.py``, ``dms.py``); while every connection is switched off nothing is done beyond
reading the cached settings.
"""

from onestop_center.integration import departments, dms, national, outbox


def record_transition(doc, transition) -> None:
	"""Queue the messages of a lifecycle transition (``transition``: old, new, action, at)."""
	if not outbox.is_installed():
		return
	settings = outbox.get_settings()
	national.record(doc, transition, settings)
	departments.record(doc, transition, settings)
	dms.record_result(doc, transition, settings)
