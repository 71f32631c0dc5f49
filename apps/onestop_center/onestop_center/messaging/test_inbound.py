# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Texting "TC <code>": the status comes back by SMS through the gateway, with no personal data."""

import frappe

from onestop_center.dossiers.test_lifecycle import LifecycleTestCase
from onestop_center.messaging import inbound
from onestop_center.messaging.fake_gateway import FakeSmsGateway
from onestop_center.messaging.test_sms import configure

TOKEN = "gateway-secret-1"


class TestInboundSms(LifecycleTestCase):
	def setUp(self):
		super().setUp()
		settings = frappe.get_single("OneStop Settings")
		settings.sms_inbound_token = TOKEN
		settings.save(ignore_permissions=True)

	def tearDown(self):
		frappe.db.set_single_value("SMS Settings", "sms_gateway_url", "")
		super().tearDown()

	def test_a_code_texted_gets_the_status_by_sms_and_nothing_personal(self):
		dossier = self.receive()
		applicant = frappe.get_doc("Applicant", dossier.applicant)
		with FakeSmsGateway() as gateway:
			configure(gateway.url)
			answer = inbound.receive_sms(token=TOKEN, sender="0912345678", text=f"tc  {dossier.name} ")
		self.assertTrue(answer["sent"])
		self.assertIn(dossier.name, answer["reply"])
		self.assertIn(frappe.utils.get_datetime(dossier.due_at).strftime("%d/%m/%Y %H:%M"), answer["reply"])
		self.assertEqual([(r["to"], r["text"]) for r in gateway.received], [("0912345678", answer["reply"])])
		for personal in (applicant.full_name, applicant.get("phone"), applicant.get("id_number")):
			if personal:
				self.assertNotIn(personal, answer["reply"])

	def test_unknown_codes_and_other_texts_get_instructions(self):
		with FakeSmsGateway() as gateway:
			configure(gateway.url)
			unknown = inbound.receive_sms(token=TOKEN, sender="0912345678", text="TC 000.00.99.H99-261130-9999")
			other = inbound.receive_sms(token=TOKEN, sender="0912345678", text="xin chao")
		self.assertIn("000.00.99.H99-261130-9999", unknown["reply"])
		self.assertIn("TC", other["reply"])
		self.assertEqual(len(gateway.received), 2)

	def test_only_the_gateway_with_its_token_is_heard(self):
		for token in (None, "", "wrong", TOKEN + "x"):
			with self.subTest(token=token), self.assertRaises(frappe.PermissionError):
				inbound.receive_sms(token=token, sender="0912345678", text="TC x")
		for sender in (None, "abc", "12", "0912345678" * 3):
			with self.subTest(sender=sender), self.assertRaises(frappe.ValidationError):
				inbound.receive_sms(token=TOKEN, sender=sender, text="TC x")
