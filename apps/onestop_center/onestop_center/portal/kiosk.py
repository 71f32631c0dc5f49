"""The lobby kiosk (/kiosk…): its start screen's buttons and what every kiosk page shares.

Buttons of other workstreams' kiosk pages (the survey /kiosk/danh-gia, the queue ticket
/kiosk/lay-so) show only once their page exists in the app, so that no button of the kiosk leads
to a "not found" page (which has the site's menu: a way out of the kiosk).
"""

import os

import frappe
from frappe import _

KIOSK_IDLE_SECONDS = 60


def kiosk_buttons() -> list[dict]:
	buttons = [
		{
			"key": "lookup",
			"route": "/kiosk/tra-cuu",
			"page": "tra-cuu",
			"label": _("Dossier lookup"),
			"hint": _("Scan or type the code on your receipt"),
		},
		{
			"key": "catalogue",
			"route": "/kiosk/thu-tuc",
			"page": "thu-tuc",
			"label": _("Administrative procedures"),
			"hint": _("Documents, fees and processing times"),
		},
		{
			"key": "survey",
			"route": "/kiosk/danh-gia",
			"page": "danh-gia",
			"label": _("Satisfaction survey"),
			"hint": _("Rate how your dossier was handled"),
		},
		{
			"key": "ticket",
			"route": "/kiosk/lay-so",
			"page": "lay-so",
			"label": _("Take a queue number"),
			"hint": _("Get your number for the counter"),
		},
	]
	return [button for button in buttons if kiosk_page_exists(button["page"])]


def kiosk_page_exists(page: str) -> bool:
	folder = frappe.get_app_path("onestop_center", "www", "kiosk")
	return any(
		os.path.isfile(os.path.join(folder, page + suffix))
		for suffix in (".html", ".md", "/index.html", "/index.md")
	)


def kiosk_context(context, start: bool = False):
	"""What every kiosk page needs: no cache, no breadcrumbs, the idle time, the centre's name."""
	context.no_cache = 1
	context.no_breadcrumbs = True
	context.kiosk_start = start
	context.kiosk_idle_seconds = KIOSK_IDLE_SECONDS
	context.kiosk_centre_name = centre_name()
	context.title = _("Self-service kiosk") if start else context.get("title")
	return context


def centre_name() -> str:
	settings = frappe.get_cached_doc("OneStop Settings")
	return settings.get("centre_name") or _("Public Administration Service Centre")
