"""Kiosk start screen (route /kiosk): big buttons for the lobby's touch screen."""

from onestop_center.portal.kiosk import kiosk_buttons, kiosk_context

no_cache = 1
sitemap = 0


def get_context(context):
	kiosk_context(context, start=True)
	context.kiosk_buttons = kiosk_buttons()
	return context
