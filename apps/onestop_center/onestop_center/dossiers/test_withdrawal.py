# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""The state Stopped: the applicant's withdrawal (counter, portal) and the agency's decision to stop."""

import frappe
from frappe.desk.form.assign_to import add as assign
from frappe.model.workflow import WorkflowTransitionError
from frappe.utils import get_datetime

from onestop_center.dossiers import deadline, lifecycle, withdrawal
from onestop_center.dossiers.field_policy import ClosedDossierError
from onestop_center.dossiers.lifecycle import ActionNotPermitted, add_directive
from onestop_center.dossiers.test_lifecycle import MONDAY, LifecycleTestCase, as_user, frozen
from onestop_center.onestop_printing.test_printing import pdf_text

STOP_NOTICE = "Thông báo dừng giải quyết hồ sơ"


class TestWithdrawalAtTheCounter(LifecycleTestCase):
	def test_a_received_dossier_is_withdrawn_with_a_reason(self):
		dossier = self.receive()
		with self.assertRaises(frappe.MandatoryError):
			self.act(self.officer, dossier, lifecycle.WITHDRAW)
		dossier = self.act(
			self.officer,
			dossier,
			lifecycle.WITHDRAW,
			f"{MONDAY} 10:15",
			stop_reason="Người nộp không còn nhu cầu",
			withdrawal_requested_by="Nguyễn Văn Ủy Quyền",
		)
		self.assertEqual(dossier.status, lifecycle.STOPPED)
		self.assertEqual(
			(dossier.stop_kind, dossier.withdrawal_channel, dossier.withdrawal_requested_by),
			(lifecycle.WITHDRAWAL, lifecycle.AT_COUNTER, "Nguyễn Văn Ủy Quyền"),
		)
		self.assertEqual(get_datetime(dossier.stopped_at), get_datetime(f"{MONDAY} 10:15"))
		self.assertEqual(dossier.stopped_by, self.officer)
		self.assertIn(lifecycle.STOPPED, lifecycle.FINAL_STATES)
		self.assertNotIn(lifecycle.STOPPED, lifecycle.open_states())
		self.assertTrue(any("Người nộp không còn nhu cầu" in c for c in self.comments(dossier, "Info")))

	def test_the_applicant_asks_by_default(self):
		dossier = self.draft()
		dossier = self.act(self.officer, dossier, lifecycle.WITHDRAW, stop_reason="Đổi ý")
		self.assertEqual(dossier.withdrawal_requested_by, dossier.applicant_name)

	def test_a_stopped_dossier_goes_nowhere_and_leaves_the_transfer_window(self):
		dossier = self.receive()
		dossier = self.act(self.officer, dossier, lifecycle.WITHDRAW, f"{MONDAY} 10:00", stop_reason="Rút")
		from onestop_center.transfers.windows import run_window
		from onestop_center.dossiers.test_lifecycle import at

		run_window(at(f"{MONDAY} 10:30"), now=at(f"{MONDAY} 10:30"))
		self.assertEqual(frappe.db.get_value("Dossier", dossier.name, "status"), lifecycle.STOPPED)
		for action in (lifecycle.RECEIVE, lifecycle.WITHDRAW, lifecycle.REFUSE):
			with self.subTest(action), self.assertRaises(WorkflowTransitionError):
				self.act(self.officer, dossier, action, stop_reason="x", refusal_reason="x")
		with self.assertRaises(WorkflowTransitionError):
			lifecycle.transfer(dossier.name)
		# closed: no remark, no directive
		with as_user(self.officer), self.assertRaises(ClosedDossierError):
			doc = frappe.get_doc("Dossier", dossier.name)
			doc.remarks = "sửa"
			doc.save()
		with self.assertRaises(frappe.ValidationError):
			add_directive(dossier.name, "Tiếp tục xử lý")

	def test_no_withdrawal_once_there_is_a_result(self):
		dossier = self.result_ready()
		with self.assertRaises(WorkflowTransitionError):
			self.act(self.officer, dossier, lifecycle.WITHDRAW, stop_reason="Muộn rồi")
		self.assertEqual(frappe.db.get_value("Dossier", dossier.name, "status"), lifecycle.RESULT_READY)

	def test_the_clock_stops_and_the_classification_stays(self):
		dossier = self.in_progress()
		dossier = self.act(
			self.specialist(self.a),
			dossier,
			lifecycle.REQUEST_SUPPLEMENT,
			f"{MONDAY} 11:00",
			supplement_request="Bản sao",
		)
		self.assertTrue(dossier.clock_paused)
		due = get_datetime(dossier.due_at)
		dossier = self.act(self.officer, dossier, lifecycle.WITHDRAW, f"{MONDAY} 11:00", stop_reason="Rút")
		self.assertEqual(dossier.status, lifecycle.STOPPED)
		self.assertFalse(dossier.clock_paused)
		self.assertEqual(get_datetime(dossier.clock_stops[-1].resumed_at), get_datetime(f"{MONDAY} 11:00"))
		self.assertEqual(get_datetime(dossier.due_at), due)  # no working time elapsed in the stop
		self.assertFalse(dossier.finished_at)  # stopped is not finished (no early/on-time count)
		timeliness = dossier.timeliness
		# long after the due date: the daily job leaves it alone, a later save too
		deadline.flag_overdue_dossiers("2026-06-01")
		self.assertEqual(frappe.db.get_value("Dossier", dossier.name, "timeliness"), timeliness)
		with frozen("2026-06-01 09:00"):
			deadline.update_timeliness(dossier)
		self.assertEqual(dossier.timeliness, timeliness)

	def test_fees_paid_stay_on_record(self):
		dossier = self.receive()
		receipt = self.pay(dossier)
		paid = lifecycle.fee_paid(dossier)
		dossier = self.act(self.officer, dossier, lifecycle.WITHDRAW, stop_reason="Rút")
		self.assertEqual(frappe.db.get_value("Fee Receipt", receipt.name, "docstatus"), 1)
		self.assertEqual(lifecycle.fee_paid(dossier), paid)


class TestStopByTheAgency(LifecycleTestCase):
	def test_the_head_of_the_holding_agency_stops(self):
		dossier = self.in_progress()
		specialist = self.specialist(self.a)
		with as_user("Administrator"):
			assign({"assign_to": [specialist], "doctype": "Dossier", "name": dossier.name})
		# a specialist may not; nor the head of another agency
		with self.assertRaises(frappe.PermissionError):
			self.act(specialist, dossier, lifecycle.STOP_PROCESSING, stop_reason="x")
		with self.assertRaises(frappe.PermissionError):
			self.act(self.head(self.b), dossier, lifecycle.STOP_PROCESSING, stop_reason="x")
		with self.assertRaises(frappe.MandatoryError):
			self.act(self.head(self.a), dossier, lifecycle.STOP_PROCESSING)
		dossier = self.act(
			self.head(self.a),
			dossier,
			lifecycle.STOP_PROCESSING,
			f"{MONDAY} 15:00",
			stop_reason="Cơ quan có thẩm quyền đã có văn bản dừng giải quyết",
			withdrawal_requested_by="ignored",
		)
		self.assertEqual(dossier.status, lifecycle.STOPPED)
		self.assertEqual(dossier.stop_kind, lifecycle.AGENCY_DECISION)
		self.assertFalse(dossier.withdrawal_requested_by)
		self.assertEqual(dossier.stopped_by, self.head(self.a))
		# the dossier leaves every worklist: its assignment is closed
		self.assertEqual(
			frappe.get_all(
				"ToDo",
				filters={"reference_type": "Dossier", "reference_name": dossier.name, "status": "Open"},
			),
			[],
		)

	def test_the_reception_officer_cannot_decide_a_stop(self):
		dossier = self.in_progress()
		with self.assertRaises(ActionNotPermitted):
			self.act(self.officer, dossier, lifecycle.STOP_PROCESSING, stop_reason="x")


class TestStopNotice(LifecycleTestCase):
	def test_form_05_is_dated_by_the_stop_and_signed_by_its_officer(self):
		dossier = self.receive()
		dossier = self.act(
			self.officer, dossier, lifecycle.WITHDRAW, "2026-03-10 14:20", stop_reason="Không còn nhu cầu"
		)
		with frozen("2026-04-20 09:00"):  # printed weeks later
			_pdf, _reader, text = pdf_text("Dossier", dossier.name, STOP_NOTICE)
		officer = frappe.utils.get_fullname(self.officer)
		for expected in (
			"THÔNGBÁODỪNGGIẢIQUYẾTHỒSƠ",
			"Mẫu05",
			"Khôngcònnhucầu",
			"ngày10tháng3năm2026",
			"14giờ20phút",
			officer.replace(" ", ""),
			dossier.name,
		):
			self.assertIn(expected, text)
		self.assertNotIn("ngày20tháng4năm2026", text)


class TestWithdrawalOnThePortal(LifecycleTestCase):
	def citizen_dossier(self):
		from onestop_center.portal.test_portal import make_citizen

		citizen = make_citizen()
		dossier = self.receive()
		frappe.db.set_value("Dossier", dossier.name, "portal_user", citizen, update_modified=False)
		return citizen, dossier

	def test_the_citizen_withdraws_their_own_dossier(self):
		citizen, dossier = self.citizen_dossier()
		with as_user(citizen), frozen(f"{MONDAY} 16:00"):
			with self.assertRaises(frappe.MandatoryError):
				withdrawal.withdraw(dossier.name, "  ")
			answer = withdrawal.withdraw(dossier.name, "Tôi nộp nhầm thủ tục")
		self.assertEqual(answer["status"], lifecycle.STOPPED)
		dossier.reload()
		self.assertEqual(
			(dossier.stop_kind, dossier.withdrawal_channel, dossier.stop_reason),
			(lifecycle.WITHDRAWAL, lifecycle.ON_PORTAL, "Tôi nộp nhầm thủ tục"),
		)
		self.assertEqual(get_datetime(dossier.stopped_at), get_datetime(f"{MONDAY} 16:00"))
		# a second time: closed
		with as_user(citizen), self.assertRaises(withdrawal.WithdrawalNotPossible):
			withdrawal.withdraw(dossier.name, "lần nữa")

	def test_only_their_own_and_only_without_a_result(self):
		citizen, dossier = self.citizen_dossier()
		other = self.receive()
		with as_user(citizen), self.assertRaises(frappe.DoesNotExistError):
			withdrawal.withdraw(other.name, "không phải của tôi")
		self.assertEqual(frappe.db.get_value("Dossier", other.name, "status"), lifecycle.RECEIVED)
		for user in ("Guest", self.officer):
			with self.subTest(user), as_user(user), self.assertRaises(frappe.PermissionError):
				withdrawal.withdraw(dossier.name, "x")
		ready = self.result_ready()
		frappe.db.set_value("Dossier", ready.name, "portal_user", citizen, update_modified=False)
		with as_user(citizen), self.assertRaises(withdrawal.WithdrawalNotPossible):
			withdrawal.withdraw(ready.name, "muộn")
		self.assertEqual(frappe.db.get_value("Dossier", ready.name, "status"), lifecycle.RESULT_READY)

	def test_an_online_submission_is_withdrawn_before_reception(self):
		self.assertIn(lifecycle.PENDING_RECEPTION, withdrawal.withdrawable_states())
		self.assertIn(lifecycle.RECEIVED, withdrawal.withdrawable_states())
		self.assertNotIn(lifecycle.RESULT_READY, withdrawal.withdrawable_states())
