"""Every public page a citizen can open (no login), for the accessibility, branding and 375 px checks.

The list builds itself: every page under the app's ``www/`` folder is in it (a page another
workstream adds — the survey, the feedback form, the kiosk's ticket page — is checked as soon as
it lands), plus the pages that need a parameter to show their content (``EXTRA_PAGES``, with
``{dossier}`` and ``{procedure}`` filled from the demo data) and Frappe's own pages a citizen
meets (login, not found). Add a page here only when it needs parameters; ``SKIP`` is for routes
that are not pages (none today).
"""

import json
import re
from pathlib import Path

WWW = Path(__file__).resolve().parents[2] / "apps" / "onestop_center" / "onestop_center" / "www"

EXTRA_PAGES = {
	"lookup-found": "/tra-cuu?code={dossier}",
	"lookup-unknown": "/tra-cuu?code=000.00.01.H15-261130-9999",
	"procedure": "/thu-tuc/{procedure}",
	"catalogue-search": "/thu-tuc?q=gi%E1%BA%A5y",
	"kiosk-lookup-found": "/kiosk/tra-cuu?code={dossier}",
	"kiosk-procedure": "/kiosk/thu-tuc/{procedure}",
	"login": "/login",
	"signup": "/login#signup",
	"forgot-password": "/login#forgot",
	"not-found": "/trang-khong-ton-tai",
	# Frappe's stock pages a citizen could type: sent to the centre's home (hooks website_redirects)
	"about": "/about",
	"contact": "/contact",
}
# www files that are not pages of their own
SKIP = {"error", "404"}
# pages made for a screen of their own, not a phone: the lobby's queue display (a TV, h8's
# /hien-thi) is checked for branding and accessibility but not for the 375 px width
WIDE_SCREEN_PAGES = {"/hien-thi"}


def www_routes() -> dict[str, str]:
	routes = {}
	for path in sorted(WWW.rglob("*")):
		if path.suffix not in (".html", ".md") or path.name.startswith("_"):
			continue
		route = path.relative_to(WWW).with_suffix("").as_posix()
		route = re.sub(r"(^|/)index$", "", route)
		if route in SKIP:
			continue
		name = route.replace("/", "-") or "home"
		routes[name] = "/" + route
	return routes


def public_pages(demo: dict) -> dict[str, str]:
	pages = {"home": "/"}
	pages.update(www_routes())
	pages.update({name: url.format(**demo) for name, url in EXTRA_PAGES.items()})
	return pages


def demo_targets(admin) -> dict[str, str]:
	"""A received demo dossier's code and an active procedure's national code."""
	dossier = admin.get(
		"/api/resource/Dossier",
		params={
			"filters": json.dumps([["status", "in", ["Received", "Transferred", "In Progress"]]]),
			"limit_page_length": 1,
		},
	).json()["data"][0]["name"]
	procedure = admin.get(
		"/api/resource/Procedure",
		params={"filters": json.dumps([["is_active", "=", 1]]), "limit_page_length": 1},
	).json()["data"][0]["name"]
	return {"dossier": dossier, "procedure": procedure}
