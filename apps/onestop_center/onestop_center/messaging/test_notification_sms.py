# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Frappe's SMS paths go through the logged one: Notification records of channel SMS, and the
whitelisted "send SMS" (administrators only). A real local gateway refuses and accepts."""

import frappe
from frappe.tests.utils import FrappeTestCase

from onestop_center.messaging import notification
from onestop_center.messaging.fake_gateway import FakeSmsGateway
from onestop_center.messaging.test_sms import configure
from onestop_center.setup.roles import CITIZEN, ONESTOP_ADMINISTRATOR, RECEPTION_OFFICER
from onestop_center.testing import make_dossier, make_user


def sms_notice() -> "notification.OnestopNotification":
	return frappe.get_doc(
		{
			"doctype": "Notification",
			"name": "SMS probe",
			"document_type": "Dossier",
			"channel": "SMS",
			"event": "Save",
			"subject": "SMS probe",
			"message": "Ho so {{ doc.name }} da co ket qua.",
			"recipients": [{"receiver_by_document_field": "phone"}],
		}
	)


class TestNotificationSms(FrappeTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.set_single_value("SMS Settings", "sms_gateway_url", "")

	def test_a_notice_refused_by_the_gateway_is_logged_as_failed_not_sent(self):
		dossier = make_dossier()
		self.assertTrue(dossier.phone)  # the applicant's
		notice = sms_notice()
		self.assertIsInstance(notice, notification.OnestopNotification)
		with FakeSmsGateway(refuse={dossier.phone}) as gateway:
			configure(gateway.url)
			notice.send(dossier)
			gateway.refuse.clear()
			notice.send(dossier)
		self.assertEqual([r["to"] for r in gateway.received], [dossier.phone, dossier.phone])
		self.assertEqual(gateway.received[0]["text"], f"Ho so {dossier.name} da co ket qua.")
		logs = frappe.get_all(
			"SMS Log",
			{"reference_doctype": "Dossier", "reference_name": dossier.name},
			["status", "no_of_sent_sms"],
			order_by="creation asc",
		)
		self.assertEqual([(log.status, log.no_of_sent_sms) for log in logs], [("Failed", 0), ("Sent", 1)])

	def test_only_administrators_send_sms_from_the_desk(self):
		method = frappe.get_hooks("override_whitelisted_methods")["frappe.core.doctype.sms_settings.sms_settings.send_sms"]
		self.assertEqual(method, ["onestop_center.messaging.notification.send_sms"])
		with FakeSmsGateway() as gateway:
			configure(gateway.url)
			for role in (CITIZEN, RECEPTION_OFFICER):
				frappe.set_user(make_user(role, user_type="Website User" if role == CITIZEN else "System User"))
				self.assertRaises(frappe.PermissionError, notification.send_sms, '["0905555555"]', "Quảng cáo")
			self.assertEqual(gateway.received, [])
			frappe.set_user(make_user(ONESTOP_ADMINISTRATOR))
			answer = notification.send_sms('["0905555555", "0906666666"]', "Thông báo bảo trì hệ thống")
		self.assertEqual((answer["status"], answer["sent_to"]), ("Sent", ["0905555555", "0906666666"]))
		self.assertEqual(frappe.db.get_value("SMS Log", answer["log"], "no_of_sent_sms"), 2)
