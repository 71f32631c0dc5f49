"""Withdrawal of one of the citizen's dossiers without a result (route /ho-so-cua-toi/rut-ho-so?ma=):
the page calls ``onestop_center.dossiers.withdrawal.withdraw`` (the lifecycle stops the dossier)."""

from frappe import _

from onestop_center.portal.access import page_context
from onestop_center.portal.my_dossiers import page_dossier

no_cache = 1
sitemap = 0


def get_context(context):
	context.dossier = page_dossier(context)
	page_context(context)
	if not context.dossier:
		context.title = _("Dossier not found")
		return context
	context.title = _("Withdraw the dossier")
	return context
