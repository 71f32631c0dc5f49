# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt
"""The centre's branding: Website Settings, favicon and logo, Vietnamese titles and language."""

import unicodedata

import frappe
from frappe.tests.utils import FrappeTestCase

from onestop_center.portal import branding


class TestBranding(FrappeTestCase):
	def test_website_settings_carry_the_centre_and_keep_edits(self):
		# as on a new site: no name yet (another test may have renamed the centre since)
		frappe.db.set_single_value("Website Settings", {"app_name": "", "brand_html": ""})
		branding.apply_branding()
		settings = frappe.get_single("Website Settings")
		self.assertEqual(settings.app_name, branding.centre_name())
		self.assertEqual(settings.brand_html, branding.centre_name())
		self.assertFalse(settings.show_language_picker)
		self.assertEqual(
			{url for _label, url in branding.NAV_ITEMS} - {row.url for row in settings.top_bar_items}, set()
		)
		# an administrator's own name stays; the menu is not duplicated
		settings.app_name = "Trung tâm Hành chính công tỉnh Thử"
		settings.save()
		branding.apply_branding()
		settings.reload()
		self.assertEqual(settings.app_name, "Trung tâm Hành chính công tỉnh Thử")
		urls = [row.url for row in settings.top_bar_items]
		self.assertEqual(len(urls), len(set(urls)))

	def test_pages_get_the_centre_favicon_logo_and_vietnamese_title(self):
		frappe.local.lang = "vi"
		try:
			context = frappe._dict(
				favicon="/assets/frappe/images/frappe-favicon.svg",
				logo="/assets/frappe/images/frappe-framework-logo.svg",
				app_name="Frappe",
				title="Login",
			)
			branding.update_website_context(context)
			self.assertEqual(context.favicon, branding.LOGO_URI)
			self.assertEqual(context.logo, branding.LOGO_URI)
			self.assertEqual(context.app_name, branding.centre_name())
			self.assertEqual(unicodedata.normalize("NFC", context.title), "Đăng nhập")
			own = frappe._dict(favicon="/files/centre.png", logo="/files/centre-logo.png", title="Tra cứu hồ sơ")
			branding.update_website_context(own)
			self.assertEqual((own.favicon, own.logo, own.title), ("/files/centre.png", "/files/centre-logo.png", "Tra cứu hồ sơ"))
		finally:
			frappe.local.lang = "en"

	def test_guests_get_vietnamese(self):
		lang = frappe.local.lang
		try:
			frappe.set_user("Guest")
			frappe.local.lang = "en"
			branding.citizen_language()
			self.assertEqual(frappe.local.lang, "vi")
			frappe.set_user("Administrator")
			frappe.local.lang = "en"
			branding.citizen_language()
			self.assertEqual(frappe.local.lang, "en")
		finally:
			frappe.set_user("Administrator")
			frappe.local.lang = lang
