"""Kiosk: dossier lookup (route /kiosk/tra-cuu), scanner-friendly, in the kiosk's layout."""

from onestop_center.portal.kiosk import kiosk_context
from onestop_center.portal.pages import lookup_context

no_cache = 1
sitemap = 0


def get_context(context):
	return lookup_context(kiosk_context(context), kiosk=True)
