"""The centre's own branding on every page a citizen sees (issue 8: no "Frappe" anywhere).

- Website Settings (kept on every migrate, never overwriting what an administrator set): the
  centre's name as the site's name (login: "Đăng nhập vào <centre>"), brand and copyright, the
  portal's menu, no language picker and no newsletter sign-up in the footer.
- Every rendered page (``update_website_context`` hook): the centre's favicon and logo instead of
  Frappe's, the page title in Vietnamese (Frappe gives some pages English titles such as "Login").
- Guests always get Vietnamese (``before_request`` hook), whatever their browser asks for.
- Frappe's "Built on Frappe" footer line, its 404 and error pages are replaced by the app's
  templates (``templates/includes/footer/footer_powered.html``, ``www/404.html``, ``www/error.html``).
"""

import base64

import frappe
from frappe import _

LANGUAGE = "vi"
DEFAULT_CENTRE_NAME = "Trung tâm Phục vụ hành chính công"

# The portal's menu (Website Settings "Top Bar Items"): other public pages add a row here.
NAV_ITEMS = (
	("Dossier lookup", "/tra-cuu"),
	("Administrative procedures", "/thu-tuc"),
)

# A plain mark of the centre (no third-party logo): a blue rounded square with "1C" (một cửa).
LOGO_SVG = (
	'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" role="img" aria-label="Một cửa">'
	'<rect width="64" height="64" rx="12" fill="#0b4f8a"/>'
	'<text x="32" y="42" font-family="Arial,Helvetica,sans-serif" font-size="28" font-weight="700" '
	'text-anchor="middle" fill="#ffffff">1C</text></svg>'
)
LOGO_URI = "data:image/svg+xml;base64," + base64.b64encode(LOGO_SVG.encode()).decode()
FRAPPE_MARKS = ("frappe-favicon", "frappe-framework-logo", "frappe-logo")


def centre_name() -> str:
	name = frappe.db.get_single_value("OneStop Settings", "centre_name") if _has_settings() else None
	return name or DEFAULT_CENTRE_NAME


def _has_settings() -> bool:
	return bool(frappe.db.exists("DocType", "OneStop Settings"))


def apply_branding() -> None:
	"""Website Settings of the centre (after_install / after_migrate; idempotent, keeps edits)."""
	settings = frappe.get_single("Website Settings")
	name = centre_name()
	defaults = {
		"app_name": name,
		"brand_html": name,
		"copyright": name,
		"show_language_picker": 0,
		"hide_footer_signup": 1,
	}
	changed = False
	for field, value in defaults.items():
		current = settings.get(field)
		if current in (None, "", "Frappe") or field in ("show_language_picker", "hide_footer_signup"):
			if current != value:
				settings.set(field, value)
				changed = True
	known = {row.url for row in settings.top_bar_items}
	for label, url in NAV_ITEMS:
		if url not in known:
			# stored in English: the navbar translates each label when it renders it
			settings.append("top_bar_items", {"label": label, "url": url, "right": 0})
			changed = True
	if changed:
		settings.flags.ignore_permissions = True
		settings.save()
	if frappe.db.get_single_value("System Settings", "app_name") in (None, "", "Frappe"):
		frappe.db.set_single_value("System Settings", "app_name", name)


def site_head() -> str:
	"""What every web page gets in its <head> (templates/onestop/site_head.html): static, rendered once."""
	if _SITE_HEAD.get("html") is None:
		_SITE_HEAD["html"] = frappe.render_template("templates/onestop/site_head.html", {})
	return _SITE_HEAD["html"]


_SITE_HEAD = {}


PRINTVIEW_WITHOUT_DOCUMENT = "<p>Parameters doctype and name required</p>"


def update_website_context(context):
	"""Every rendered page: the centre's favicon and logo, the app name, a Vietnamese title, the
	contrast fixes of Frappe's own web pages."""
	if "onestop-site-style" not in (context.get("head_html") or ""):
		context.head_html = (context.get("head_html") or "") + site_head()
	favicon = context.get("favicon") or ""
	if not favicon or any(mark in favicon for mark in FRAPPE_MARKS):
		context.favicon = LOGO_URI
	logo = context.get("logo")
	if not logo or any(mark in logo for mark in FRAPPE_MARKS):
		context.logo = LOGO_URI
	if context.get("app_name") in (None, "", "Frappe"):
		context.app_name = centre_name()
	title = context.get("title")
	if isinstance(title, str) and title:
		context.title = _(title)
	if PRINTVIEW_WITHOUT_DOCUMENT in (context.get("body") or ""):
		# Frappe's /printview without a document: English text and the request echoed back
		context.body = (
			f"<h1>{_('Nothing to print')}</h1>"
			f"<p>{_('Open the document to print from its page: this address names no document.')}</p>"
		)
		context.title = _("Nothing to print")


def citizen_language() -> None:
	"""``before_request``: guests get the site in Vietnamese whatever their browser asks for."""
	if getattr(frappe.local, "session", None) and frappe.session.user == "Guest":
		frappe.local.lang = LANGUAGE
