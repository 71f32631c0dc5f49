# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""The citizens' portal: online filing through the same lifecycle as the counter, completion
online, "Hồ sơ của tôi" and its files — each citizen reaching only their own dossiers."""

import frappe
from frappe.utils import get_datetime

from onestop_center.dossiers import lifecycle
from onestop_center.dossiers.dossier_code import is_provisional
from onestop_center.dossiers.lifecycle import apply
from onestop_center.dossiers.test_lifecycle import MONDAY, LifecycleTestCase, as_user, frozen
from onestop_center.portal import accounts, filing, my_dossiers, notifications
from onestop_center.portal.access import is_own_dossier, own_dossier_names
from onestop_center.security.access import NotFoundOrNotPermitted
from onestop_center.setup.roles import CITIZEN
from onestop_center.testing import make_applicant, make_user, unique_digits, unique_token
from onestop_center.transfers.windows import run_window

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def make_citizen() -> str:
	return make_user(
		CITIZEN, user_type="Website User", first_name="Công dân", mobile_no="09" + unique_digits(8)
	)


def applicant_data(**values) -> dict:
	return {
		"full_name": "Trần Thị Trực Tuyến",
		"id_number": "0" + unique_digits(11),
		"phone": "0987654321",
		"email": "tructuyen@onestop.invalid",
		"address": "2 Trần Phú, Vũng Tàu",
		**values,
	}


class PortalTestCase(LifecycleTestCase):
	def setUp(self):
		super().setUp()
		self.citizen, self.other = make_citizen(), make_citizen()

	def online_procedure(self):
		options = frappe.get_meta("Procedure").get_field("online_level").options.split("\n")
		return self.procedure(online_level=next(option for option in options if option))

	def file_online(self, citizen=None, procedure=None, moment=f"{MONDAY} 08:00", **data):
		procedure = procedure or self.online_procedure()
		with as_user(citizen or self.citizen), frozen(moment):
			answer = filing.create_dossier(
				procedure=procedure,
				applicant=frappe.as_json(applicant_data(**data)),
				result_delivery="Electronic",
			)
			for row in answer["documents"]:
				filing.add_file(answer["name"], row["row"], "don.pdf", PDF)
			return filing.submit(answer["name"])["name"]


class TestOnlineFiling(PortalTestCase):
	def test_online_dossier_goes_through_the_counters_reception(self):
		procedure = self.online_procedure()
		with as_user(self.citizen), frozen(f"{MONDAY} 08:00"):
			answer = filing.create_dossier(
				procedure=procedure, applicant=frappe.as_json(applicant_data()), result_delivery="Counter"
			)
			name = answer["name"]
			self.assertTrue(is_provisional(name))
			self.assertEqual(len(answer["documents"]), 2)
			# nothing uploaded yet: not sent
			self.assertRaises(frappe.MandatoryError, filing.submit, name)
			for row in answer["documents"]:
				filing.add_file(name, row["row"], "giay to.pdf", PDF)
			self.assertEqual(filing.submit(name)["status"], lifecycle.PENDING_RECEPTION)
		doc = frappe.get_doc("Dossier", name)
		self.assertEqual((doc.channel, doc.portal_user, doc.received_by), ("Online", self.citizen, None))
		self.assertFalse(doc.due_at)
		# the officer asks for completion, listing what is missing
		with as_user(self.officer), frozen(f"{MONDAY} 09:00"):
			self.assertRaises(frappe.MandatoryError, apply, name, lifecycle.REQUEST_COMPLETION)
			apply(name, lifecycle.REQUEST_COMPLETION, supplement_request="Bản sao sổ hộ khẩu")
		with as_user(self.citizen):
			details = my_dossiers.dossier_details(name)
			self.assertEqual(details["status"], lifecycle.NEEDS_COMPLETION)
			self.assertEqual(details["completion_request"], "Bản sao sổ hộ khẩu")
			self.assertTrue(details["can_edit_files"])
			filing.add_file(name, None, "ho khau.png", PNG)
			with frozen(f"{MONDAY} 10:00"):
				filing.submit(name)
			self.assertEqual(len(my_dossiers.dossier_details(name)["files"]), 3)
		# received exactly as at the counter: code, officer, deadline from the reception
		with as_user(self.officer), frozen(f"{MONDAY} 14:00"):
			doc = apply(name, lifecycle.RECEIVE)
		self.assertFalse(is_provisional(doc.name))
		self.assertEqual(doc.status, lifecycle.RECEIVED)
		self.assertEqual(doc.received_by, self.officer)
		self.assertEqual(get_datetime(doc.received_at), get_datetime(f"{MONDAY} 14:00"))
		self.assertTrue(doc.due_at)
		with as_user(self.citizen):
			self.assertEqual([d["name"] for d in my_dossiers.list_dossiers()], [doc.name])
			details = my_dossiers.dossier_details(doc.name)
			self.assertTrue(details["has_code"])
			self.assertTrue(details["due_at"])
			self.assertFalse(details["can_edit_files"])
			self.assertRaises(frappe.ValidationError, filing.add_file, doc.name, None, "x.pdf", PDF)

	def test_files_are_checked_by_type_size_and_content(self):
		procedure = self.online_procedure()
		with as_user(self.citizen):
			name = filing.create_dossier(procedure=procedure, applicant=frappe.as_json(applicant_data()))[
				"name"
			]
			for filename, content in (
				("virus.exe", b"MZ\x90\x00"),
				("fake.pdf", b"<html>not a pdf</html>"),
				("empty.pdf", b""),
				("big.pdf", b"%PDF-" + b"0" * (filing.MAX_UPLOAD_MB * 1024 * 1024)),
				("noextension", PDF),
			):
				with self.subTest(filename):
					self.assertRaises(filing.UploadRefused, filing.add_file, name, None, filename, content)
			self.assertEqual(filing.add_file(name, None, "../../etc/a<b>.pdf", PDF)["file_name"], "a_b_.pdf")
		file_doc = frappe.get_doc("File", {"attached_to_name": name})
		self.assertTrue(file_doc.is_private)

	def test_procedures_not_offered_online_are_refused(self):
		offline, online = self.procedure(), self.online_procedure()
		with as_user(self.citizen):
			self.assertRaises(
				frappe.ValidationError,
				filing.create_dossier,
				procedure=offline,
				applicant=frappe.as_json(applicant_data()),
			)
			self.assertRaises(
				frappe.MandatoryError,
				filing.create_dossier,
				procedure=online,
				applicant=frappe.as_json(applicant_data()),
				result_delivery="Post",
			)

	def test_staff_and_guests_cannot_file_online(self):
		procedure = self.online_procedure()
		for user in (self.officer, "Guest"):
			with as_user(user):
				self.assertRaises(
					frappe.PermissionError,
					filing.create_dossier,
					procedure=procedure,
					applicant=frappe.as_json(applicant_data()),
				)


class TestCitizenSeesOnlyTheirOwn(PortalTestCase):
	def test_another_citizen_reaches_nothing(self):
		name = self.file_online()
		file_name = frappe.db.get_value("File", {"attached_to_name": name}, "name")
		with as_user(self.other):
			self.assertEqual(own_dossier_names(), [])
			self.assertEqual(my_dossiers.list_dossiers(), [])
			self.assertRaises(NotFoundOrNotPermitted, my_dossiers.dossier_details, name)
			self.assertRaises(NotFoundOrNotPermitted, filing.add_file, name, None, "x.pdf", PDF)
			self.assertRaises(NotFoundOrNotPermitted, filing.submit, name)
			self.assertRaises(NotFoundOrNotPermitted, my_dossiers.download, name, file_name)
			self.assertFalse(frappe.has_permission("Dossier", "read", doc=name))
			self.assertFalse(frappe.has_permission("File", "read", doc=file_name))
			# no role permission on dossiers at all: Frappe's list, REST and desk refuse
			self.assertRaises(frappe.PermissionError, frappe.get_list, "Dossier", filters={"name": name})
		with as_user(self.citizen):
			self.assertTrue(is_own_dossier(name))
			my_dossiers.download(name, file_name)
			self.assertEqual(frappe.safe_encode(frappe.local.response.filecontent), PDF)
			# a file of the dossier the citizen did not upload (an officer's) is not theirs to download
			with as_user("Administrator"):
				internal = frappe.get_doc(
					{
						"doctype": "File",
						"file_name": "ghi-chu-noi-bo.pdf",
						"attached_to_doctype": "Dossier",
						"attached_to_name": name,
						"is_private": 1,
						"content": PDF,
					}
				).insert()
			self.assertRaises(NotFoundOrNotPermitted, my_dossiers.download, name, internal.name)

	def test_typing_an_id_number_never_links_the_registry(self):
		registered = make_applicant()
		counter = self.receive(applicant=registered.name)
		online = self.file_online(id_number=registered.id_number)
		self.assertEqual(frappe.db.get_value("Dossier", online, "applicant"), registered.name)
		self.assertFalse(frappe.db.get_value("Applicant", registered.name, "user"))
		with as_user(self.citizen):
			self.assertEqual(own_dossier_names(), [online])
			self.assertRaises(NotFoundOrNotPermitted, my_dossiers.dossier_details, counter.name)
			self.assertFalse(filing.prefill()["verified"])
		# a citizen cannot verify themselves; an officer who saw the ID card can
		with as_user(self.citizen):
			self.assertRaises(frappe.PermissionError, accounts.verify_account, registered.name, self.citizen)
		with as_user(self.officer):
			accounts.verify_account(registered.name, self.citizen)
		with as_user(self.citizen):
			self.assertEqual(set(own_dossier_names()), {online, counter.name})
			self.assertEqual(my_dossiers.dossier_details(counter.name)["name"], counter.name)
			self.assertEqual(filing.prefill()["id_number"], registered.id_number)
		with as_user(self.officer):
			self.assertRaises(frappe.ValidationError, accounts.verify_account, registered.name, self.other)


class TestAccounts(PortalTestCase):
	def test_sign_up_gives_an_account_to_confirm(self):
		email = f"dangky-{unique_token(6).lower()}@onestop.invalid"
		with as_user("Guest"):
			frappe.flags.in_import = True  # Frappe's 60-users-an-hour throttle counts the suites' users
			try:
				accounts.sign_up(
					email=email,
					full_name="Lê Văn Mới",
					phone=f"0901 {unique_digits(3)} {unique_digits(3)}",
					password="Matkhau@2026",
				)
			finally:
				frappe.flags.in_import = False
			# the same address again before it is confirmed: a new link, no second account
			again = accounts.sign_up(email=email, full_name="Lê Văn Mới", phone="0901234567", password="Matkhau@2026")
			self.assertEqual((again["user"], again["resent"]), (email, True))
			for phone, password in (("12345", "Matkhau@2026"), ("0901234567", "short")):
				self.assertRaises(
					accounts.AccountError,
					accounts.sign_up,
					email="x" + email,
					full_name="A",
					phone=phone,
					password=password,
				)
		user = frappe.get_doc("User", email)
		self.assertEqual(user.user_type, "Website User")
		self.assertTrue(user.mobile_no.startswith("0901") and len(user.mobile_no) == 10)
		# a citizen once the e-mailed link is opened (messaging/test_email.py follows the link)
		self.assertNotIn(CITIZEN, frappe.get_roles(email))
		self.assertTrue(accounts.awaiting_confirmation(email))


class TestSupplementAndNotices(PortalTestCase):
	def test_a_departments_supplement_request_is_answered_online(self):
		name = self.file_online()
		with as_user(self.officer), frozen(f"{MONDAY} 08:30"):
			name = apply(name, lifecycle.RECEIVE).name
		run_window(get_datetime(f"{MONDAY} 10:30"), now=get_datetime(f"{MONDAY} 10:30"))
		self.act(self.specialist(self.a), name, lifecycle.ACCEPT)
		self.act(
			self.specialist(self.a),
			name,
			lifecycle.REQUEST_SUPPLEMENT,
			supplement_request="Bản vẽ sơ đồ nhà đất",
		)
		with as_user(self.citizen), frozen(f"{MONDAY} 15:00"):
			details = my_dossiers.dossier_details(name)
			self.assertEqual(details["completion_request"], "Bản vẽ sơ đồ nhà đất")
			self.assertTrue(details["can_edit_files"] and details["supplement_only"])
			self.assertRaises(frappe.MandatoryError, filing.submit, name)
			filing.add_file(name, details["documents"][0]["row"], "so do.pdf", PDF)
			self.assertTrue(filing.submit(name)["supplement_sent"])
		doc = frappe.get_doc("Dossier", name)
		self.assertEqual(doc.status, lifecycle.SUPPLEMENT_REQUESTED)
		# the document rows of a received dossier stay as recorded: the supplement is a further file
		self.assertEqual(
			frappe.db.get_value("File", {"file_name": "so do.pdf"}, "attached_to_field"), "supplement"
		)
		self.assertTrue(
			frappe.db.exists(
				"Comment",
				{"reference_name": name, "content": ["like", "%so do.pdf%"], "comment_type": "Info"},
			)
		)
		self.act(self.officer, name, lifecycle.SUPPLEMENT_RECEIVED, f"{MONDAY} 16:00")
		self.assertEqual(frappe.db.get_value("Dossier", name, "status"), lifecycle.IN_PROGRESS)

	def test_citizens_are_notified_under_the_dossier_code(self):
		notifications.ensure_notifications()
		notifications.ensure_notifications()  # idempotent, never overwrites
		self.assertEqual(frappe.db.count("Notification", {"name": ["in", list(notifications.NOTICES)]}), 5)
		name = self.file_online()
		with as_user(self.officer), frozen(f"{MONDAY} 09:00"):
			apply(name, lifecycle.REQUEST_COMPLETION, supplement_request="Tờ khai có chữ ký")
		# each notice is recorded as an automated Communication on the dossier (then queued as e-mail)
		request = notices(name)
		self.assertEqual(len(request), 1)
		self.assertIn("Tờ khai có chữ ký", request[0].content)
		self.assertIn(self.citizen, request[0].recipients)
		with as_user(self.citizen), frozen(f"{MONDAY} 10:00"):
			filing.submit(name)
		with as_user(self.officer), frozen(f"{MONDAY} 11:00"):
			code = apply(name, lifecycle.RECEIVE).name
		received = [row for row in notices(code) if "đã được tiếp nhận" in row.subject]
		self.assertEqual([row.subject for row in received], [f"Hồ sơ {code} đã được tiếp nhận"])
		self.assertIn(self.citizen, received[0].recipients)
		self.assertNotIn("NHAP-", received[0].content)


def notices(dossier: str) -> list:
	return frappe.get_all(
		"Communication",
		filters={
			"reference_doctype": "Dossier",
			"reference_name": dossier,
			"communication_type": "Automated Message",
		},
		fields=["subject", "content", "recipients"],
		order_by="creation",
	)
