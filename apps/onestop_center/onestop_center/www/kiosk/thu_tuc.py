"""Kiosk: procedure catalogue (route /kiosk/thu-tuc, /kiosk/thu-tuc/<national code>)."""

from onestop_center.portal.kiosk import kiosk_context
from onestop_center.portal.pages import catalogue_context

no_cache = 1
sitemap = 0


def get_context(context):
	return catalogue_context(kiosk_context(context), kiosk=True)
