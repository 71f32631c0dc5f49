# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""E-mail for real (issue 12 §8): the app's notices leave Frappe's queue over SMTP to a local
server (aiosmtpd, started by the test) and arrive with the right recipient, a Vietnamese subject,
the body meant — and no personal data beyond it. Also the sign-up's confirmation link."""

from datetime import datetime
from unittest.mock import patch
from urllib.parse import parse_qs, urlsplit

import frappe
from frappe.utils import formatdate, get_datetime

from onestop_center.dossiers import lifecycle
from onestop_center.dossiers.lifecycle import apply
from onestop_center.dossiers.test_lifecycle import MONDAY, as_user, frozen
from onestop_center.lateness.notices import notify_citizen
from onestop_center.messaging.fake_smtp import SENDER, LocalSmtp, deliver
from onestop_center.permissions import set_user_agency
from onestop_center.portal import accounts, filing, notifications
from onestop_center.portal.test_portal import PortalTestCase, applicant_data
from onestop_center.setup.roles import CENTRE_LEADER, CITIZEN, DEPARTMENT_HEAD, RECEPTION_OFFICER
from onestop_center.staffing import terms
from onestop_center.testing import make_agency, make_dossier, make_user, unique_digits, unique_token

# what an applicant is, that no notice may carry
PERSON = applicant_data(
	full_name="Võ Thị Riêng Tư",
	id_number="079" + unique_digits(9),
	phone="0911" + unique_digits(6),
	address="17 Hẻm Kín, Phường Bí Mật",
)


def personal_data_in(message) -> list[str]:
	seen = f"{message.subject}\n{message.text}"
	return [value for key, value in PERSON.items() if key != "email" and value in seen]


class TestEmailOverSmtp(PortalTestCase):
	def setUp(self):
		super().setUp()
		frappe.local.lang = "vi"
		notifications.ensure_notifications()

	def test_citizen_notices_reach_the_smtp_server(self):
		with LocalSmtp() as smtp:
			smtp.account()
			draft = self.file_online(**PERSON)
			with as_user(self.officer), frozen(f"{MONDAY} 09:00"):
				apply(draft, lifecycle.REQUEST_COMPLETION, supplement_request="Tờ khai có chữ ký")
			with as_user(self.citizen), frozen(f"{MONDAY} 10:00"):
				filing.submit(draft)
			with as_user(self.officer), frozen(f"{MONDAY} 11:00"):
				code = apply(draft, lifecycle.RECEIVE).name
			sent = deliver(reference_doctype="Dossier", reference_name=["in", [draft, code]])
			self.assertTrue(sent)
			for name in sent:
				self.assertEqual(frappe.db.get_value("Email Queue", name, "status"), "Sent")
			mails = smtp.to(self.citizen)

		subjects = sorted(m.subject for m in mails)
		self.assertEqual(subjects, sorted(["Yêu cầu bổ sung, hoàn thiện hồ sơ", f"Hồ sơ {code} đã được tiếp nhận"]))
		received = next(m for m in mails if m.subject.endswith("đã được tiếp nhận"))
		procedure_name = frappe.db.get_value("Dossier", code, "procedure_name")
		due = get_datetime(frappe.db.get_value("Dossier", code, "due_at")).strftime("%d/%m/%Y %H:%M")
		self.assertIn(f"Hồ sơ {code} ({procedure_name}) đã được tiếp nhận lúc", received.text)
		self.assertIn(f"Ngày hẹn trả kết quả: {due}", received.text)
		self.assertTrue(any(link.endswith("/ho-so-cua-toi") for link in received.links))
		self.assertNotIn(draft, received.text)  # under its code, never the draft's name
		completion = next(m for m in mails if m.subject.startswith("Yêu cầu bổ sung"))
		self.assertIn("Tờ khai có chữ ký", completion.text)
		for mail in mails:
			self.assertEqual(mail.sender, SENDER)
			self.assertEqual(mail.recipients, [self.citizen])
			self.assertEqual(personal_data_in(mail), [])

	def test_a_lateness_notice_chosen_by_email_is_delivered(self):
		address = f"nhan-thong-bao-{unique_token(6).lower()}@onestop.invalid"
		dossier = make_dossier(notify_by="Email")
		frappe.db.set_value("Dossier", dossier.name, "email", address)
		with LocalSmtp() as smtp:
			smtp.account()
			result = notify_citizen(dossier.name, "Hồ sơ đã có kết quả", "Mời ông/bà đến nhận kết quả.")
			self.assertTrue(result.sent)
			deliver(reference_doctype="Dossier", reference_name=dossier.name)
			mails = smtp.to(address)
		self.assertEqual([(m.subject, m.recipients) for m in mails], [("Hồ sơ đã có kết quả", [address])])
		self.assertIn("Mời ông/bà đến nhận kết quả.", mails[0].text)

	def test_a_secondment_notice_reaches_the_department_and_the_centre_once(self):
		agency = make_agency().name
		head, leader, officer = make_user(DEPARTMENT_HEAD), make_user(CENTRE_LEADER), make_user(RECEPTION_OFFICER)
		set_user_agency(head, agency)
		frappe.db.set_value("User", officer, {"first_name": "Cán Bộ Biệt Phái", "full_name": "Cán Bộ Biệt Phái"})
		clock = "onestop_center.dossiers.deadline.now"
		with patch(clock, return_value=datetime(2026, 4, 1, 7)):
			term = frappe.get_doc(
				{
					"doctype": "Secondment",
					"officer": officer,
					"home_agency": agency,
					"start_date": "2026-04-01",
					"end_date": "2027-03-31",
				}
			).insert()
		with LocalSmtp() as smtp:
			smtp.account()
			with patch(clock, return_value=datetime(2027, 3, 1, 7)):
				self.assertIn(term.name, terms.remind_ending_terms()["notified"])
			deliver(reference_doctype="Secondment", reference_name=term.name)
			to_head, to_leader = smtp.to(head), smtp.to(leader)
		# a long Vietnamese subject, folded over several encoded words: every space arrives
		subject = (
			f"Thời hạn biệt phái của Cán Bộ Biệt Phái kết thúc ngày {formatdate('2027-03-31')}: "
			"đề nghị cử người thay thế"
		)
		for mails in (to_head, to_leader):
			self.assertEqual([m.subject for m in mails], [subject])
			self.assertIn(formatdate("2027-03-04"), mails[0].text)  # the replacement's due date


class TestSignUpConfirmation(PortalTestCase):
	def setUp(self):
		super().setUp()
		frappe.local.lang = "vi"

	def sign_up(self, email, password="Matkhau@2026"):
		with as_user("Guest"):
			frappe.flags.in_import = True  # Frappe's 60-users-an-hour throttle counts the suites' users
			try:
				return accounts.sign_up(
					email=email, full_name="Lê Văn Xác Nhận", phone="09" + unique_digits(8), password=password
				)
			finally:
				frappe.flags.in_import = False

	def test_the_emailed_link_confirms_the_address_and_opens_online_filing(self):
		email = f"xacnhan-{unique_token(6).lower()}@onestop.invalid"
		with LocalSmtp() as smtp:
			smtp.account()
			answer = self.sign_up(email)
			self.assertTrue(answer["confirmation_sent"])
			# before the link: a login without the Citizen role, and filing refused with the reason
			self.assertNotIn(CITIZEN, frappe.get_roles(email))
			self.assertTrue(accounts.awaiting_confirmation(email))
			procedure = self.online_procedure()
			with as_user(email), self.assertRaises(frappe.PermissionError) as refused:
				filing.create_dossier(procedure=procedure, applicant=frappe.as_json(applicant_data()))
			self.assertIn("xác nhận địa chỉ e-mail", str(refused.exception))
			# signing up again while unconfirmed: a new link, the password unchanged
			again = self.sign_up(email, password="Khac@2026xx")
			self.assertEqual((again["resent"], again["confirmation_sent"]), (True, True))
			deliver(reference_doctype="User", reference_name=email)
			mails = smtp.to(email)
		self.assertEqual(len(mails), 2)
		mail = mails[-1]
		self.assertEqual(mail.subject, "Xác nhận địa chỉ e-mail để sử dụng dịch vụ công trực tuyến")
		self.assertIn("Chào Lê Văn Xác Nhận,", mail.text)
		link = next(link for link in mail.links if "/dang-ky?" in link)
		key = parse_qs(urlsplit(link).query)["xac-nhan"][0]
		self.assertIsNone(accounts.confirm_email("x" * 32))
		with as_user("Guest"):
			self.assertEqual(accounts.confirm_email(key), email)
		self.assertIsNone(accounts.confirm_email(key))  # once only
		self.assertIn(CITIZEN, frappe.get_roles(email))
		self.assertFalse(accounts.awaiting_confirmation(email))
		from frappe.utils.password import check_password

		self.assertEqual(check_password(email, "Matkhau@2026"), email)
		self.assertRaises(frappe.AuthenticationError, check_password, email, "Khac@2026xx")
		with as_user(email):
			answer = filing.create_dossier(procedure=procedure, applicant=frappe.as_json(applicant_data()))
		self.assertEqual(frappe.db.get_value("Dossier", answer["name"], "portal_user"), email)
		# a confirmed address cannot be signed up again
		self.assertRaises(accounts.AccountError, self.sign_up, email)
