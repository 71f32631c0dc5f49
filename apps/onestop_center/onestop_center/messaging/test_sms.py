# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""SMS through a real local gateway: accepted messages count as sent, refused ones never do."""

import frappe
from frappe.tests.utils import FrappeTestCase

from onestop_center.lateness.notices import notify_citizen
from onestop_center.messaging import sms
from onestop_center.messaging.fake_gateway import FakeSmsGateway
from onestop_center.testing import make_dossier


def configure(url: str, use_post: bool = False) -> None:
	settings = frappe.get_single("SMS Settings")
	settings.sms_gateway_url = url
	settings.message_parameter = "text"
	settings.receiver_parameter = "to"
	settings.use_post = int(use_post)
	settings.set("parameters", [{"parameter": "apikey", "value": "secret", "header": 0}])
	settings.save(ignore_permissions=True)


class TestSms(FrappeTestCase):
	def tearDown(self):
		frappe.db.set_single_value("SMS Settings", "sms_gateway_url", "")

	def test_each_number_goes_to_the_gateway_and_is_logged(self):
		for use_post in (False, True):
			with self.subTest(use_post=use_post), FakeSmsGateway() as gateway:
				configure(gateway.url, use_post)
				outcome = sms.send(["0901234567", "0907654321"], "Hồ sơ đã có kết quả")
				self.assertEqual((outcome.status, outcome.sent_to), ("Sent", ["0901234567", "0907654321"]))
				self.assertEqual(
					[(r["to"], r["text"], r["apikey"]) for r in gateway.received],
					[("0901234567", "Hồ sơ đã có kết quả", "secret"), ("0907654321", "Hồ sơ đã có kết quả", "secret")],
				)
				log = frappe.get_doc("SMS Log", outcome.log)
				self.assertEqual((log.status, log.no_of_requested_sms, log.no_of_sent_sms), ("Sent", 2, 2))

	def test_a_refused_number_is_not_counted_as_sent_and_the_others_still_go(self):
		with FakeSmsGateway(refuse={"0901111111"}) as gateway:
			configure(gateway.url)
			outcome = sms.send(["0901111111", "0902222222"], "Thông báo")
		self.assertEqual((outcome.status, outcome.sent_to), ("Partly Sent", ["0902222222"]))
		self.assertEqual(len(gateway.received), 2)
		log = frappe.get_doc("SMS Log", outcome.log)
		self.assertEqual((log.status, log.no_of_sent_sms, log.sent_to), ("Partly Sent", 1, "0902222222"))
		self.assertIn("0901111111", log.error)

	def test_unreachable_gateway_and_no_gateway_are_failures(self):
		with FakeSmsGateway() as gateway:
			url = gateway.url  # closed when the block ends: nothing listens there any more
		configure(url)
		self.assertEqual(sms.send(["0901234567"], "x").status, "Failed")
		frappe.db.set_single_value("SMS Settings", "sms_gateway_url", "")
		outcome = sms.send(["0901234567"], "x")
		self.assertEqual((outcome.status, frappe.db.get_value("SMS Log", outcome.log, "status")), ("Failed", "Failed"))

	def test_a_citizen_notice_refused_by_the_gateway_is_recorded_as_not_sent(self):
		dossier = make_dossier(phone="0903333333", notify_by="SMS")
		self.assertTrue(dossier.phone)
		with FakeSmsGateway(refuse={dossier.phone}) as gateway:
			configure(gateway.url)
			refused = notify_citizen(dossier.name, "Kết quả", "Hồ sơ đã có kết quả")
			gateway.refuse.clear()
			accepted = notify_citizen(dossier.name, "Kết quả", "Hồ sơ đã có kết quả")
		self.assertFalse(refused.sent)
		self.assertTrue(accepted.sent)
		logs = frappe.get_all("SMS Log", {"reference_name": dossier.name}, pluck="status", order_by="creation asc")
		self.assertEqual(logs, ["Failed", "Sent"])
