"""One of the citizen's dossiers (route /ho-so-cua-toi/ho-so?ma=<dossier>): state, timeline, files,
result, fee receipts; online completion and the way to withdraw it (portal/my_dossiers.py)."""

import frappe
from frappe import _

from onestop_center.portal.access import page_context
from onestop_center.portal.filing import ALLOWED_FILES, MAX_UPLOAD_MB
from onestop_center.portal.my_dossiers import page_dossier

no_cache = 1
sitemap = 0


def get_context(context):
	context.dossier = page_dossier(context)
	page_context(context)
	if not context.dossier:
		context.title = _("Dossier not found")
		return context
	context.title = _("Dossier") + " " + context.dossier["name"]
	context.sent = frappe.form_dict.get("gui") == "1"
	context.accept = ",".join(f".{extension}" for extension in ALLOWED_FILES)
	context.max_mb = MAX_UPLOAD_MB
	return context
