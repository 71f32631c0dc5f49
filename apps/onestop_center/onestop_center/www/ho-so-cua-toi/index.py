""" "Hồ sơ của tôi" (route /ho-so-cua-toi): the citizen's dossiers (portal/my_dossiers.py)."""

from frappe import _

from onestop_center.portal.access import page_context, require_login_page, verified_applicant
from onestop_center.portal.my_dossiers import list_dossiers

no_cache = 1
sitemap = 0


def get_context(context):
	require_login_page()
	context.title = _("My Dossiers")
	page_context(context)
	context.show_sidebar = 1
	context.dossiers = list_dossiers()
	context.verified = bool(verified_applicant())
	return context
