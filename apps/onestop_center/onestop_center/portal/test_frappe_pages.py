# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Frappe's own pages a citizen can reach by a link speak Vietnamese: /unsubscribe (the app's
template, Frappe's logic) and /printview without a document (no English, nothing echoed back)."""

import frappe
from frappe.tests.utils import FrappeTestCase
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request


ENGLISH = ("Unsubscribe", "Invalid Request", "Select groups", "mailing list", "Parameters", "Error")


class TestFrappePagesInVietnamese(FrappeTestCase):
	def setUp(self):
		frappe.local.lang = "vi"

	def tearDown(self):
		frappe.local.lang = "en"

	def page(self, path: str, **query) -> str:
		"""The page as Frappe's website renderer serves it to a guest."""
		from frappe.website.serve import get_response

		frappe.local.request = Request(EnvironBuilder(path=f"/{path}", query_string=query).get_environ())
		frappe.local.form_dict = frappe._dict(query)
		frappe.set_user("Guest")
		try:
			return get_response(path).get_data(as_text=True)
		finally:
			frappe.set_user("Administrator")
			del frappe.local.request

	def test_unsubscribe_page_speaks_vietnamese(self):
		html = self.page("unsubscribe")
		self.assertIn("Hủy nhận thư điện tử", html)
		self.assertIn("Liên kết hủy nhận thư không hợp lệ", html)
		body = html.split('class="onestop-page"', 1)[1].split("<footer", 1)[0]
		self.assertEqual([word for word in ENGLISH if word in body], [])

	def test_printview_without_a_document(self):
		html = self.page("printview", echo="<b>dội lại</b>")
		self.assertIn("Hãy mở hồ sơ, văn bản cần in từ trang của nó: địa chỉ này không chỉ đến văn bản nào.", html)
		self.assertNotIn("Parameters doctype and name required", html)
		self.assertNotIn("dội lại", html)  # Frappe echoed the request's arguments back
