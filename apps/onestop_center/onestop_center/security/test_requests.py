# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""The client address behind (un)trusted proxies, and the argument checks of whitelisted methods.

The HTTP behaviour (rate limits, login locks, status codes) is tested over real HTTP in
tests/e2e/test_rate_limits.py and tests/e2e/test_fuzz.py.
"""

from datetime import date

import frappe
from frappe.tests.utils import FrappeTestCase
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from onestop_center import arguments
from onestop_center.security.requests import client_ip


def request(peer: str, forwarded: str | None = None) -> Request:
	headers = {"X-Forwarded-For": forwarded} if forwarded else {}
	return Request(EnvironBuilder(headers=headers, environ_base={"REMOTE_ADDR": peer}).get_environ())


class TestClientAddress(FrappeTestCase):
	def setUp(self):
		self.saved = frappe.local.conf.get("onestop_trusted_proxies")

	def tearDown(self):
		frappe.local.conf["onestop_trusted_proxies"] = self.saved

	def trust(self, proxies):
		frappe.local.conf["onestop_trusted_proxies"] = proxies

	def test_without_trusted_proxies_the_socket_address_is_the_client(self):
		self.trust(None)
		self.assertEqual(client_ip(request("192.0.2.7", "203.0.113.9")), "192.0.2.7")
		self.assertEqual(client_ip(request("127.0.0.1", "203.0.113.9")), "127.0.0.1")

	def test_an_untrusted_peer_cannot_name_another_client(self):
		self.trust(["127.0.0.1"])
		self.assertEqual(client_ip(request("192.0.2.7", "203.0.113.9")), "192.0.2.7")

	def test_behind_trusted_proxies_the_rightmost_untrusted_entry_is_the_client(self):
		self.trust("127.0.0.1, 10.0.0.0/8")
		self.assertEqual(client_ip(request("127.0.0.1", "203.0.113.9")), "203.0.113.9")
		chain = "198.51.100.1, 203.0.113.9, 10.1.2.3"
		self.assertEqual(client_ip(request("127.0.0.1", chain)), "203.0.113.9")
		# all hops trusted: the left-most one; a malformed hop: the last trusted address
		self.assertEqual(client_ip(request("127.0.0.1", "10.0.0.5")), "10.0.0.5")
		self.assertEqual(client_ip(request("127.0.0.1", "garbage, 10.0.0.5")), "10.0.0.5")
		self.assertEqual(client_ip(request("127.0.0.1", "<script>")), "127.0.0.1")

	def test_ipv6_and_bad_configuration(self):
		self.trust(["::1", "not-an-address"])
		self.assertEqual(client_ip(request("::1", "2001:db8::7")), "2001:db8::7")


class TestArguments(FrappeTestCase):
	def assertRefused(self, exc, fn, *args, **kwargs):
		with self.assertRaises(exc):
			fn(*args, **kwargs)
		frappe.local.message_log = []

	def test_dates_are_real_calendar_dates(self):
		self.assertEqual(arguments.calendar_date("2026-02-28", "From Date"), date(2026, 2, 28))
		self.assertIsNone(arguments.calendar_date("", "From Date"))
		for value in ("2026-02-30", "2026-13-01", "28/02/2026", "0000-00-00", ["2026-02-28"], 20260228):
			self.assertRefused(arguments.InvalidArgumentError, arguments.calendar_date, value, "From Date")

	def test_json_objects_hold_plain_values(self):
		self.assertEqual(arguments.json_object('{"remarks": "ok"}', "Data"), {"remarks": "ok"})
		self.assertEqual(arguments.json_object(None, "Data"), {})
		for value in ("not json", "[1, 2]", '"x"', '{"remarks": [1]}', '{"remarks": {"a": 1}}', 5):
			self.assertRefused(arguments.InvalidArgumentError, arguments.json_object, value, "Data")
		self.assertRefused(
			arguments.InvalidArgumentError, arguments.json_object, '{"x": 1}', "Data", allowed={"remarks"}
		)

	def test_texts_names_and_records(self):
		self.assertEqual(arguments.text("  Kiểm tra  ", "Directive"), "Kiểm tra")
		self.assertRefused(frappe.MandatoryError, arguments.text, "   ", "Directive")
		self.assertRefused(arguments.InvalidArgumentError, arguments.text, "x" * 10_001, "Directive")
		self.assertRefused(arguments.InvalidArgumentError, arguments.name, "x" * 141, "Dossier")
		self.assertRefused(frappe.DoesNotExistError, arguments.existing, "Agency", "Không có", "Agency")
		self.assertIsNone(arguments.existing("Agency", "", "Agency", required=False))

	def test_numbers_and_choices(self):
		self.assertEqual(arguments.integer("12", "Days", 0, 100), 12)
		for value in ("1e3", "abc", 1.5, True, "101", [1]):
			self.assertRefused(arguments.InvalidArgumentError, arguments.integer, value, "Days", 0, 100)
		self.assertEqual(arguments.choice("Post", "Channel", ["Counter", "Post"]), "Post")
		self.assertRefused(arguments.InvalidArgumentError, arguments.choice, "Fax", "Channel", ["Post"])
