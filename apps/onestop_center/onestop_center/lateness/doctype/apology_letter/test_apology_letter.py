# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Apology Letter: once per dossier, by the handling department, with the citizen's notice."""

from datetime import datetime, time, timedelta
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import now_datetime

from onestop_center.lateness.tests.support import (
	ensure_outgoing_email_account,
	make_department,
	make_open_dossier,
	queued_emails,
)
from onestop_center.setup.roles import (
	CENTRE_LEADER,
	DEPARTMENT_HEAD,
	DEPARTMENT_SPECIALIST,
	RECEPTION_OFFICER,
)
from onestop_center.testing import make_user


def working_moment(after: datetime, days: int = 5) -> datetime:
	"""09:07 on the first working day at least ``days`` days after ``after`` (default calendar)."""
	from onestop_center.deadlines.store import get_calendar

	calendar = get_calendar()
	day = after.date() + timedelta(days=days)
	while not calendar.is_working_day(day):
		day += timedelta(days=1)
	return datetime.combine(day, time(9, 7))


# Real time (freezegun is not installed here): the dossier is late by an hour, the new appointment
# five days on, at a working moment (issue 11: within working hours on a working day).
NOW = now_datetime().replace(second=0, microsecond=0)
DUE = NOW - timedelta(hours=1)
NEW_APPOINTMENT = working_moment(NOW)
NEW_APPOINTMENT_TEXT = NEW_APPOINTMENT.strftime("%d/%m/%Y %H:%M")
SMS_SEND_REQUEST = "frappe.core.doctype.sms_settings.sms_settings.send_request"


def new_letter(dossier: str, **fields):
	return frappe.get_doc(
		{
			"doctype": "Apology Letter",
			"dossier": dossier,
			"reason": "Cần xác minh thực địa",
			"new_appointment_at": NEW_APPOINTMENT,
			**fields,
		}
	)


def configure_sms_gateway(url: str = "http://127.0.0.1:9/sms") -> None:
	"""A gateway on a local port where nothing listens: every request fails."""
	settings = frappe.get_single("SMS Settings")
	settings.sms_gateway_url = url
	settings.message_parameter = "text"
	settings.receiver_parameter = "to"
	settings.save()


class ApologyLetterTestCase(FrappeTestCase):
	def setUp(self):
		ensure_outgoing_email_account()
		self.agency, self.procedure, users = make_department(DEPARTMENT_HEAD, DEPARTMENT_SPECIALIST)
		self.head, self.specialist = users

	def dossier(self, notify_by="Email", **fields):
		values = {"notify_by": notify_by, "email": "citizen@example.com", "phone": "0912345678", **fields}
		return make_open_dossier(self.procedure.name, DUE, **values).name


class TestApologyLetter(ApologyLetterTestCase):
	def test_submit_reschedules_and_records_lateness(self):
		dossier = self.dossier(current_step=2)
		with self.set_user(self.head):
			letter = new_letter(dossier).insert()
			letter.submit()

		self.assertEqual(letter.agency, self.agency.name)
		self.assertEqual(letter.original_due_at, DUE)
		self.assertEqual(letter.late_step, 2)
		self.assertEqual(letter.issued_by, self.head)
		self.assertGreaterEqual(letter.issued_at, NOW)
		self.assertTrue(letter.name.startswith(f"XL-{NOW.year}-"))
		values = frappe.db.get_value(
			"Dossier",
			dossier,
			["apology_letter", "rescheduled_due_at", "due_at", "late_agency", "late_step"],
			as_dict=True,
		)
		self.assertEqual(values.apology_letter, letter.name)
		self.assertEqual(values.rescheduled_due_at, NEW_APPOINTMENT)
		self.assertEqual(values.due_at, DUE, "the legal due moment never moves")
		self.assertEqual((values.late_agency, values.late_step), (self.agency.name, 2))
		comments = frappe.get_all(
			"Comment", filters={"reference_doctype": "Dossier", "reference_name": dossier}, pluck="content"
		)
		self.assertTrue(any(letter.name in c and NEW_APPOINTMENT_TEXT in c for c in comments), comments)

	def test_specialist_drafts_the_head_issues(self):
		dossier = self.dossier()
		with self.set_user(self.specialist):
			letter = new_letter(dossier).insert()
			self.assertRaises(frappe.PermissionError, letter.submit)
		self.assertEqual(letter.drafted_by, self.specialist)
		with self.set_user(self.head):
			letter = frappe.get_doc("Apology Letter", letter.name)
			letter.signer_title = "KT. GIÁM ĐỐC – PHÓ GIÁM ĐỐC"
			letter.submit()
		self.assertEqual((letter.drafted_by, letter.issued_by), (self.specialist, self.head))
		self.assertEqual(letter.signer_title, "KT. GIÁM ĐỐC – PHÓ GIÁM ĐỐC")

	def test_new_appointment_within_working_hours_of_a_working_day(self):
		from onestop_center.lateness.doctype.apology_letter.apology_letter import (
			AppointmentOutsideWorkingHoursError,
		)

		dossier = self.dossier()
		evening = NEW_APPOINTMENT.replace(hour=19)
		lunch = NEW_APPOINTMENT.replace(hour=12, minute=30)
		sunday = NEW_APPOINTMENT + timedelta(days=(6 - NEW_APPOINTMENT.weekday()))
		for moment in (evening, lunch, sunday):
			letter = new_letter(dossier, new_appointment_at=moment).insert()
			with self.set_user(self.head), self.assertRaises(AppointmentOutsideWorkingHoursError):
				letter.submit()
			letter.delete()

	def test_a_letter_issued_after_the_deadline_is_flagged(self):
		from onestop_center.dossiers import deadline
		from onestop_center.lateness.statistics import count_late_letters

		# the deadline is tomorrow: issued today (frozen clock) the letter is on time
		on_time = self.dossier()
		frappe.db.set_value("Dossier", on_time, "due_at", NOW + timedelta(days=1))
		with patch.object(deadline, "now", return_value=NOW), self.set_user(self.head):
			letter = new_letter(on_time, new_appointment_at=working_moment(NOW, 8)).insert()
			letter.submit()
		self.assertEqual((letter.issued_at, letter.issued_late), (NOW, 0))
		# the deadline passed an hour ago: issued, but flagged and counted
		before = count_late_letters()
		late_dossier = self.dossier()
		with self.set_user(self.head):
			late = new_letter(late_dossier).insert()
			late.submit()
		self.assertEqual(late.issued_late, 1)
		self.assertEqual(count_late_letters(), before + 1)

	def test_only_one_letter_per_dossier(self):
		dossier = self.dossier()
		first = new_letter(dossier).insert()
		with self.assertRaises(frappe.DuplicateEntryError):
			new_letter(dossier, reason="Lần hai").insert()
		first.submit()
		with self.assertRaises(frappe.DuplicateEntryError) as raised:
			new_letter(dossier, reason="Lần hai").insert()
		self.assertIn(first.name, str(raised.exception))

		# a cancelled letter may be amended (the same letter, corrected) …
		first.cancel()
		self.assertIsNone(frappe.db.get_value("Dossier", dossier, "apology_letter"))
		amended = frappe.copy_doc(first)
		amended.docstatus = 0
		amended.amended_from = first.name
		amended.new_appointment_at = NEW_APPOINTMENT + timedelta(days=1)
		amended.insert().submit()
		self.assertEqual(frappe.db.get_value("Dossier", dossier, "apology_letter"), amended.name)
		self.assertEqual(
			frappe.db.get_value("Dossier", dossier, "rescheduled_due_at"), NEW_APPOINTMENT + timedelta(days=1)
		)
		# … but an independent second letter stays refused
		with self.assertRaises(frappe.DuplicateEntryError):
			new_letter(dossier, reason="Lần ba").insert()

	def test_department_of_another_agency_is_refused(self):
		_other_agency, _procedure, (other_head,) = make_department(DEPARTMENT_HEAD)
		dossier = self.dossier()
		with self.set_user(other_head), self.assertRaises(frappe.PermissionError):
			new_letter(dossier).insert()
		with self.set_user(other_head), self.assertRaises(frappe.PermissionError):
			new_letter(dossier, agency=self.agency.name).insert()
		self.assertFalse(frappe.db.exists("Apology Letter", {"dossier": dossier}))

	def test_other_agencies_letters_are_hidden_from_department_users(self):
		letter = new_letter(self.dossier()).insert()
		_other_agency, _procedure, (other_head,) = make_department(DEPARTMENT_HEAD)
		with self.set_user(other_head):
			self.assertFalse(frappe.has_permission("Apology Letter", "read", letter.name))
			self.assertNotIn(letter.name, frappe.get_list("Apology Letter", pluck="name"))
		with self.set_user(self.head):
			self.assertTrue(frappe.has_permission("Apology Letter", "read", letter.name))
			self.assertIn(letter.name, frappe.get_list("Apology Letter", pluck="name"))

	def test_centre_reads_but_does_not_issue(self):
		letter = new_letter(self.dossier()).insert()
		leader = make_user(CENTRE_LEADER)
		with self.set_user(leader):
			self.assertTrue(frappe.has_permission("Apology Letter", "read", letter.name))
			self.assertFalse(frappe.has_permission("Apology Letter", "create"))
		reception = make_user(RECEPTION_OFFICER)
		with self.set_user(reception):
			self.assertFalse(frappe.has_permission("Apology Letter", "create"))

	def test_new_appointment_must_be_after_due_and_now(self):
		dossier = self.dossier()
		with self.assertRaises(frappe.ValidationError):
			new_letter(dossier, new_appointment_at=DUE - timedelta(hours=1)).insert()
		# after the original due moment, but already past
		with self.assertRaises(frappe.ValidationError):
			new_letter(dossier, new_appointment_at=NOW - timedelta(minutes=5)).insert()
		with self.assertRaises(frappe.MandatoryError):
			new_letter(dossier, reason="").insert()

	def test_closed_dossier_gets_no_letter(self):
		dossier = self.dossier()
		frappe.db.set_value("Dossier", dossier, "status", "Returned")
		with self.assertRaises(frappe.ValidationError):
			new_letter(dossier).insert()


class TestCitizenNotice(ApologyLetterTestCase):
	def test_email_notice_is_queued_with_the_code(self):
		dossier = self.dossier("Email")
		letter = new_letter(dossier).insert()
		letter.submit()
		letter.reload()
		self.assertEqual(letter.notice_channel, "Email")
		self.assertGreaterEqual(letter.notice_sent_at, NOW)
		mails = [m for m in queued_emails(dossier) if "citizen@example.com" in m["recipients"]]
		self.assertEqual(len(mails), 1)
		text = mails[0]["text"]
		self.assertIn(dossier, text)
		self.assertIn(NEW_APPOINTMENT_TEXT, text)
		self.assertIn("Cần xác minh thực địa", text)
		self.assertIn("xin lỗi", text)

	def test_sms_without_gateway_is_recorded_not_raised(self):
		frappe.db.set_single_value("SMS Settings", "sms_gateway_url", "")
		dossier = self.dossier("SMS")
		letter = new_letter(dossier).insert()
		letter.submit()
		letter.reload()
		self.assertEqual(letter.notice_channel, "SMS")
		self.assertIsNone(letter.notice_sent_at)
		self.assertIn("SMS", letter.notice_note)
		self.assertEqual(frappe.db.get_value("Dossier", dossier, "apology_letter"), letter.name)
		self.assertTrue(self.dossier_comment(dossier, letter.notice_note))

	def test_sms_gateway_failure_is_recorded_not_raised(self):
		configure_sms_gateway()
		dossier = self.dossier("SMS")
		letter = new_letter(dossier).insert()
		letter.submit()
		letter.reload()
		self.assertIsNone(letter.notice_sent_at)
		self.assertTrue(letter.notice_note)
		self.assertIn("SMS", letter.notice_note)

	def test_sms_goes_through_the_gateway(self):
		configure_sms_gateway("https://sms.example.invalid/send")
		dossier = self.dossier("SMS")
		with patch(SMS_SEND_REQUEST, return_value=200) as send_request:
			letter = new_letter(dossier).insert()
			letter.submit()
		letter.reload()
		self.assertGreaterEqual(letter.notice_sent_at, NOW)
		((url, params, *_rest), _kwargs) = send_request.call_args
		self.assertEqual(url, "https://sms.example.invalid/send")
		self.assertEqual(params["to"], "0912345678")
		self.assertIn(dossier, params["text"])
		self.assertIn(NEW_APPOINTMENT_TEXT, params["text"])

	def test_phone_notice_is_a_todo_for_the_reception_officer(self):
		officer = make_user(RECEPTION_OFFICER)
		dossier = self.dossier("Phone")
		frappe.db.set_value("Dossier", dossier, "received_by", officer)
		letter = new_letter(dossier).insert()
		letter.submit()
		letter.reload()
		self.assertGreaterEqual(letter.notice_sent_at, NOW)
		todo = frappe.get_all(
			"ToDo",
			filters={"reference_type": "Dossier", "reference_name": dossier},
			fields=["allocated_to", "role", "description", "status"],
		)
		self.assertEqual(len(todo), 1)
		self.assertEqual(todo[0].allocated_to, officer)
		self.assertEqual(todo[0].role, RECEPTION_OFFICER)
		self.assertEqual(todo[0].status, "Open")
		self.assertIn("0912345678", todo[0].description)
		self.assertIn(NEW_APPOINTMENT_TEXT, todo[0].description)

	def test_notify_citizen_is_reusable(self):
		from onestop_center.lateness.notices import notify_citizen

		dossier = self.dossier("Email")
		result = notify_citizen(dossier, "Kết quả đã có", f"Hồ sơ {dossier} đã có kết quả.")
		self.assertTrue(result.sent)
		self.assertEqual(result.channel, "Email")
		self.assertTrue(any("Kết quả đã có" in m["text"] for m in queued_emails(dossier)))

		no_channel = self.dossier("Email", email="")
		result = notify_citizen(no_channel, "Kết quả đã có", "…")
		self.assertFalse(result.sent)
		self.assertTrue(result.note)

	def dossier_comment(self, dossier: str, text: str) -> bool:
		return any(
			text in (content or "")
			for content in frappe.get_all(
				"Comment",
				filters={"reference_doctype": "Dossier", "reference_name": dossier},
				pluck="content",
			)
		)
