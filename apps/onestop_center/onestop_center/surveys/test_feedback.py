# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Citizens' feedback: filing as a guest, working-day deadlines on a frozen clock, states,
publication on the Q&A page without personal data, the hourly overdue flag, agency scoping."""

from contextlib import contextmanager
from datetime import datetime
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase

from onestop_center.dossiers import deadline
from onestop_center.permissions import set_user_agency
from onestop_center.setup.roles import DEPARTMENT_SPECIALIST, GENERAL_AFFAIRS_OFFICER
from onestop_center.surveys import api, citizen_check
from onestop_center.surveys.feedback import (
	LATE,
	ON_TIME,
	OVERDUE,
	WITHIN_DEADLINE,
	PublicationError,
	flag_overdue_feedback,
	search_published,
)
from onestop_center.testing import make_agency, make_received_dossier, make_user, unique_token


@contextmanager
def frozen(moment: str):
	with patch.object(deadline, "now", return_value=datetime.strptime(moment, "%Y-%m-%d %H:%M")):
		yield


def file_feedback(**values):
	frappe.set_user("Guest")
	try:
		return api.submit_feedback(
			**{
				"kind": "Question",
				"subject": "Hỏi về lệ phí",
				"content": "Tôi là Nguyễn Văn Hỏi, số điện thoại 0988777666, xin hỏi lệ phí cấp bản sao?",
				"sender_name": "Nguyễn Văn Hỏi",
				"sender_phone": "0988777666",
				**values,
			}
		)
	finally:
		frappe.set_user("Administrator")


def outgoing_email_account():
	"""A default outgoing account (the test site has none; nothing is sent from a test)."""
	if not frappe.db.exists("Email Account", {"default_outgoing": 1}):
		frappe.get_doc(
			{
				"doctype": "Email Account",
				"email_account_name": f"Test Outgoing {unique_token()}",
				"email_id": f"noreply-{unique_token().lower()}@onestop.invalid",
				"enable_outgoing": 1,
				"default_outgoing": 1,
				"smtp_server": "localhost",
				"no_smtp_authentication": 1,
			}
		).insert(ignore_permissions=True)
	frappe.local.outgoing_email_account = {}


class TestCitizenFeedback(FrappeTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")

	def test_guest_files_feedback_with_a_working_day_deadline(self):
		# Monday 02/03/2026 09:00 + 15 working days (no day off in March 2026) = Monday 23/03 09:00
		with frozen("2026-03-02 09:00"):
			result = file_feedback()
		doc = frappe.get_doc("Citizen Feedback", result["name"])
		self.assertEqual(result["due_date"], "23/03/2026")
		self.assertEqual(str(doc.received_at), "2026-03-02 09:00:00")
		self.assertEqual(str(doc.due_at), "2026-03-23 09:00:00")
		self.assertEqual((doc.status, doc.timeliness, doc.owner), ("New", WITHIN_DEADLINE, "Guest"))

	def test_deadline_skips_the_official_days_off(self):
		# Friday 13/02/2026 (before Tết, 16–20/02 off): 2 working days later is Tuesday 24/02
		frappe.db.set_single_value("Feedback Settings", "answer_days", 2)
		try:
			with frozen("2026-02-13 10:00"):
				doc = frappe.get_doc("Citizen Feedback", file_feedback()["name"])
		finally:
			frappe.db.set_single_value("Feedback Settings", "answer_days", 15)
		self.assertEqual(str(doc.due_at), "2026-02-24 10:00:00")

	def test_guest_must_leave_a_way_to_answer(self):
		with self.assertRaises(frappe.ValidationError):
			file_feedback(sender_phone="")
		with self.assertRaises(frappe.ValidationError):
			file_feedback(sender_phone="", sender_email="not-an-email")
		with self.assertRaises(frappe.ValidationError):
			file_feedback(kind="Complaint about <b>")

	def test_feedback_about_a_dossier_needs_its_check_and_goes_to_its_agency(self):
		agency = make_agency()
		dossier = make_received_dossier(agency.name, id_number="079201004321")
		citizen_check.reset_failures(dossier.name)
		with self.assertRaises(citizen_check.DossierCheckError):
			file_feedback(dossier_code=dossier.name, check="1111")
		citizen_check.reset_failures(dossier.name)
		doc = frappe.get_doc("Citizen Feedback", file_feedback(dossier_code=dossier.name, check="4321")["name"])
		self.assertEqual((doc.dossier, doc.agency, doc.status), (dossier.name, agency.name, "Assigned"))

	def test_answer_then_publish_on_the_qa_page_without_personal_data(self):
		token = unique_token()
		with frozen("2026-03-02 09:00"):
			name = file_feedback(subject=f"Lệ phí {token}", sender_email=f"{token.lower()}@example.invalid")["name"]
		doc = frappe.get_doc("Citizen Feedback", name)
		outgoing_email_account()
		with frozen("2026-03-10 14:00"):
			doc.answer = f"Lệ phí cấp bản sao là 10.000 đồng một trang ({token})."
			doc.published = 1
			with self.assertRaises(PublicationError):
				doc.save()  # not without the question worded for the public
			doc.reload()
			doc.answer = f"Lệ phí cấp bản sao là 10.000 đồng một trang ({token})."
			doc.published = 1
			doc.public_question = f"Lệ phí cấp bản sao trích lục là bao nhiêu? {token}"
			doc.save()
		self.assertEqual((doc.status, doc.timeliness), ("Published", ON_TIME))
		# the answer is e-mailed to the address the sender gave (Notification "Citizen Feedback Answered")
		mails = frappe.get_all(
			"Email Queue",
			filters={"reference_doctype": "Citizen Feedback", "reference_name": name},
			pluck="message",
		)
		self.assertEqual(len(mails), 1)
		self.assertIn(f"({token})", mails[0])
		self.assertEqual(str(doc.answered_at), "2026-03-10 14:00:00")
		self.assertEqual(str(doc.publish_due_at), "2026-03-12 14:00:00")
		found = search_published(f"bản sao {token}")
		self.assertEqual([row.name for row in found], [name])
		frappe.set_user("Guest")
		from frappe.website.serve import get_response_content

		frappe.form_dict.q = token
		page = get_response_content("hoi-dap")
		self.assertIn(token, page)
		for private in ("0988777666", "Nguyễn Văn Hỏi"):
			self.assertNotIn(private, page)
		frappe.form_dict.pop("q", None)

	def test_unanswered_feedback_is_flagged_overdue_once(self):
		with frozen("2026-03-02 09:00"):
			name = file_feedback()["name"]
		# (other tests' feedback may be flipped too: the row of this test is what is checked)
		flag_overdue_feedback(datetime(2026, 3, 23, 8, 59))
		self.assertEqual(frappe.db.get_value("Citizen Feedback", name, "timeliness"), WITHIN_DEADLINE)
		self.assertGreaterEqual(flag_overdue_feedback(datetime(2026, 3, 23, 9, 1)), 1)
		self.assertEqual(frappe.db.get_value("Citizen Feedback", name, "timeliness"), OVERDUE)
		self.assertEqual(flag_overdue_feedback(datetime(2026, 3, 23, 9, 2)), 0)  # idempotent
		doc = frappe.get_doc("Citizen Feedback", name)
		with frozen("2026-03-24 09:00"):
			doc.answer = "Trả lời muộn."
			doc.save()
		self.assertEqual((doc.status, doc.timeliness), ("Answered", LATE))

	def test_department_users_see_and_answer_only_their_agency_feedback(self):
		mine, theirs = make_agency(), make_agency()
		specialist = make_user(DEPARTMENT_SPECIALIST)
		set_user_agency(specialist, mine.name)
		own = frappe.get_doc("Citizen Feedback", file_feedback()["name"])
		own.agency = mine.name
		own.save()
		other = frappe.get_doc("Citizen Feedback", file_feedback()["name"])
		other.agency = theirs.name
		other.save()
		frappe.set_user(specialist)
		names = frappe.get_list("Citizen Feedback", pluck="name", limit_page_length=0)
		self.assertIn(own.name, names)
		self.assertNotIn(other.name, names)
		self.assertFalse(frappe.has_permission("Citizen Feedback", "read", other.name))
		doc = frappe.get_doc("Citizen Feedback", own.name)
		doc.answer = "Đã tiếp thu."
		doc.save()
		doc.agency = theirs.name
		with self.assertRaises(frappe.PermissionError):
			doc.save()
		frappe.set_user(make_user(GENERAL_AFFAIRS_OFFICER))
		self.assertTrue(frappe.has_permission("Citizen Feedback", "write", other.name))
