# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""The dossier lifecycle through the Workflow "Dossier Lifecycle": every path, roles, permissions."""

import json
import threading
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from unittest.mock import patch

import frappe
from frappe.model.workflow import WorkflowPermissionError, WorkflowTransitionError
from frappe.tests.utils import FrappeTestCase
from frappe.translate import get_translation_dict_from_file
from frappe.utils import get_datetime

from onestop_center.dossiers import deadline, lifecycle
from onestop_center.dossiers.assignment import ensure_assignment_rule
from onestop_center.dossiers.dossier_code import is_provisional, parse_dossier_code
from onestop_center.dossiers.field_policy import LifecycleFieldError
from onestop_center.dossiers.lifecycle import add_directive, answer_consultation, apply
from onestop_center.permissions import set_user_agency
from onestop_center.setup.roles import DEPARTMENT_HEAD, DEPARTMENT_SPECIALIST, RECEPTION_OFFICER
from onestop_center.testing import (
	make_agency,
	make_applicant,
	make_dossier,
	make_procedure,
	make_user,
	unique_token,
)
from onestop_center.transfers.windows import run_window

APP_PATH = Path(frappe.get_app_path("onestop_center"))
MONDAY = "2026-03-09"


def at(moment: str) -> datetime:
	return get_datetime(moment)


@contextmanager
def frozen(moment: str):
	"""Freeze the lifecycle's and the deadline engine's clock."""
	with patch.object(deadline, "now", return_value=at(moment)):
		yield


@contextmanager
def as_user(user: str):
	frappe.set_user(user)
	try:
		yield
	finally:
		frappe.set_user("Administrator")


class LifecycleTestCase(FrappeTestCase):
	"""A centre, agencies A (lead), B (next in sequence) and C (consulted), and their users."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.centre = make_agency(kind="Public Administration Service Centre")
		cls.a, cls.b, cls.c = make_agency(), make_agency(), make_agency()
		cls.officer = make_user(RECEPTION_OFFICER)
		cls.users = {}
		for agency in (cls.a, cls.b, cls.c):
			for role in (DEPARTMENT_SPECIALIST, DEPARTMENT_HEAD):
				user = make_user(role)
				set_user_agency(user, agency.name)
				cls.users[(agency.name, role)] = user

	def setUp(self):
		frappe.set_user("Administrator")
		frappe.local.lang = "en"
		frappe.db.set_single_value("OneStop Settings", "centre_agency", self.centre.name)

	def tearDown(self):
		frappe.set_user("Administrator")

	def specialist(self, agency):
		return self.users[(agency.name, DEPARTMENT_SPECIALIST)]

	def head(self, agency):
		return self.users[(agency.name, DEPARTMENT_HEAD)]

	def procedure(self, steps=None, **fields):
		rows = [
			{
				"step_order": order,
				"step_name": f"Step {order}",
				"agency": agency.name,
				"time_budget": budget,
				"time_unit": "Working Day",
				"mode": mode,
			}
			for order, agency, budget, mode in (
				steps or [(1, self.a, 3, "Sequential"), (2, self.a, 2, "Sequential")]
			)
		]
		return make_procedure(self.a.name, steps=rows, **fields).name

	def draft(self, procedure=None, moment=f"{MONDAY} 09:00", **fields):
		"""A dossier at the counter with every document ticked (as the reception officer)."""
		procedure = procedure or self.procedure()
		documents = [
			{"document_name": row.document_name, "received": 1, "originals_received": 1}
			for row in frappe.get_doc("Procedure", procedure).documents
		]
		with as_user(self.officer), frozen(moment):
			return make_dossier(procedure, received_at=at(moment), documents=documents, **fields)

	def receive(self, procedure=None, moment=f"{MONDAY} 09:00", **fields):
		dossier = self.draft(procedure, moment, **fields)
		with as_user(self.officer), frozen(moment):
			return apply(dossier.name, lifecycle.RECEIVE)

	def act(self, user, dossier, action, moment=f"{MONDAY} 11:00", **data):
		with as_user(user), frozen(moment):
			return apply(_name(dossier), action, **data)

	def transferred(self, procedure=None, **fields):
		dossier = self.receive(procedure, **fields)
		run_window(at(f"{MONDAY} 10:30"), now=at(f"{MONDAY} 10:30"))
		dossier.reload()
		self.assertEqual(dossier.status, lifecycle.TRANSFERRED)
		return dossier

	def in_progress(self, procedure=None, **fields):
		dossier = self.transferred(procedure, **fields)
		return self.act(self.specialist(self.a), dossier, lifecycle.ACCEPT)

	def result_ready(self, procedure=None, **fields):
		dossier = self.in_progress(procedure, **fields)
		dossier = self.act(self.specialist(self.a), dossier, lifecycle.FINISH_STEP, f"{MONDAY} 14:00")
		return self.act(self.specialist(self.a), dossier, lifecycle.FINISH_STEP, f"{MONDAY} 15:00")

	def pay(self, dossier, submit=True):
		receipt = frappe.get_doc(
			{"doctype": "Fee Receipt", "dossier": _name(dossier), "payment_method": "Cash"}
		)
		receipt.insert(ignore_permissions=True)
		if submit:
			receipt.submit()
		return receipt

	def comments(self, dossier, comment_type="Workflow"):
		return frappe.get_all(
			"Comment",
			filters={
				"reference_doctype": "Dossier",
				"reference_name": _name(dossier),
				"comment_type": comment_type,
			},
			pluck="content",
			order_by="creation asc",
		)


def _name(dossier):
	return dossier if isinstance(dossier, str) else dossier.name


class TestLifecyclePaths(LifecycleTestCase):
	def test_single_agency_path(self):
		dossier = self.draft()
		self.assertEqual(dossier.status, lifecycle.DRAFT)
		dossier = self.receive()
		self.assertEqual(dossier.status, lifecycle.RECEIVED)
		self.assertTrue(dossier.due_at)

		[batch] = run_window(at(f"{MONDAY} 10:30"), now=at(f"{MONDAY} 10:30"))
		dossier.reload()
		self.assertEqual(
			(dossier.status, dossier.agency, dossier.current_step), ("Transferred", self.a.name, 1)
		)
		[handover] = dossier.handovers
		self.assertEqual((handover.from_agency, handover.to_agency), (self.centre.name, self.a.name))
		self.assertEqual(handover.transfer_batch, batch)
		self.assertEqual(frappe.db.get_value("Transfer Batch", batch, "agency"), self.a.name)

		specialist = self.specialist(self.a)
		dossier = self.act(specialist, dossier, lifecycle.ACCEPT)
		self.assertEqual(dossier.status, lifecycle.IN_PROGRESS)
		self.assertEqual(dossier.handovers[-1].received_by, specialist)

		# step 1 → step 2 of the same agency (it stays In Progress there, no hand-over), then the
		# last step → result ready
		dossier = self.act(specialist, dossier, lifecycle.FINISH_STEP, f"{MONDAY} 14:00")
		self.assertEqual((dossier.status, dossier.current_step), (lifecycle.IN_PROGRESS, 2))
		self.assertEqual(len(dossier.handovers), 1)
		self.assertEqual(dossier.steps[0].timeliness, "Early")
		self.assertTrue(any("stays with" in c for c in self.comments(dossier, "Info")))
		dossier = self.act(
			specialist, dossier, lifecycle.FINISH_STEP, f"{MONDAY} 15:00", result_number="123/QĐ"
		)
		self.assertEqual(dossier.status, lifecycle.RESULT_READY)
		self.assertEqual(get_datetime(dossier.result_ready_at), at(f"{MONDAY} 15:00"))
		self.assertEqual(dossier.timeliness, "Early")

		dossier = self.act(self.officer, dossier, lifecycle.COLLECT_RESULT, f"{MONDAY} 16:00")
		self.assertEqual(dossier.status, lifecycle.RESULT_AT_CENTRE)
		self.assertEqual(
			(dossier.handovers[-1].from_agency, dossier.handovers[-1].to_agency),
			(self.a.name, self.centre.name),
		)
		self.pay(dossier)
		dossier = self.act(
			self.officer,
			dossier,
			lifecycle.RETURN_RESULT,
			f"{MONDAY} 16:30",
			receiver_name="Nguyễn Văn Nhận",
			receiver_id_number="079123456789",
		)
		self.assertEqual(dossier.status, lifecycle.RETURNED)
		self.assertEqual(get_datetime(dossier.returned_at), at(f"{MONDAY} 16:30"))

		# every transition is on the timeline
		self.assertEqual(
			self.comments(dossier),
			[
				"Received",
				"Transferred",
				"In Progress",
				"In Progress",  # step 2 at the same agency
				"Result Ready",
				"Result at Centre",
				"Returned",
			],
		)
		self.assertTrue(any("Nguyễn Văn Nhận" in c for c in self.comments(dossier, "Info")))

	def test_sequential_two_agencies(self):
		procedure = self.procedure([(1, self.a, 3, "Sequential"), (2, self.b, 2, "Sequential")])
		dossier = self.in_progress(procedure)
		dossier = self.act(self.specialist(self.a), dossier, lifecycle.FINISH_STEP, f"{MONDAY} 14:00")
		self.assertEqual(
			(dossier.status, dossier.agency, dossier.current_step), ("Transferred", self.b.name, 2)
		)
		self.assertEqual(
			(dossier.handovers[-1].from_agency, dossier.handovers[-1].to_agency), (self.a.name, self.b.name)
		)

		# A may still read the dossier it handed on, but no longer act on it
		self.assertTrue(frappe.has_permission("Dossier", "read", dossier, user=self.specialist(self.a)))
		self.assertFalse(frappe.has_permission("Dossier", "write", dossier, user=self.specialist(self.a)))
		with self.assertRaises(frappe.PermissionError):
			self.act(self.specialist(self.a), dossier, lifecycle.ACCEPT)

		dossier = self.act(self.specialist(self.b), dossier, lifecycle.ACCEPT, f"{MONDAY} 14:30")
		dossier = self.act(self.specialist(self.b), dossier, lifecycle.FINISH_STEP, f"{MONDAY} 15:30")
		self.assertEqual(dossier.status, lifecycle.RESULT_READY)
		self.assertEqual([row.finished_at is not None for row in dossier.steps], [True, True])

	def test_parallel_consultation(self):
		procedure = self.procedure(
			[(1, self.a, 3, "Sequential"), (2, self.c, 2, "Parallel"), (3, self.a, 2, "Sequential")]
		)
		dossier = self.transferred(procedure)
		[consultation] = dossier.consultations
		self.assertEqual((consultation.agency, consultation.step_order), (self.c.name, 2))
		self.assertTrue(consultation.due_at)

		consulted = self.specialist(self.c)
		self.assertTrue(frappe.has_permission("Dossier", "read", dossier, user=consulted))
		self.assertFalse(frappe.has_permission("Dossier", "write", dossier, user=consulted))
		with as_user(consulted):
			self.assertIn(dossier.name, frappe.get_list("Dossier", pluck="name"))

		dossier = self.act(self.specialist(self.a), dossier, lifecycle.ACCEPT)
		with self.assertRaisesRegex(frappe.ValidationError, "consultations"):
			self.act(self.specialist(self.a), dossier, lifecycle.FINISH_STEP)

		with as_user(self.specialist(self.b)), self.assertRaises(frappe.PermissionError):
			answer_consultation(dossier.name, self.c.name, "Đồng ý")
		with as_user(consulted), frozen(f"{MONDAY} 13:00"):
			answer_consultation(dossier.name, self.c.name, "Thống nhất với đề xuất")
		dossier.reload()
		self.assertEqual(dossier.consultations[0].answered_by, consulted)
		self.assertEqual(dossier.consultations[0].opinion, "Thống nhất với đề xuất")

		dossier = self.act(self.specialist(self.a), dossier, lifecycle.FINISH_STEP, f"{MONDAY} 14:00")
		self.assertEqual(
			(dossier.status, dossier.current_step, dossier.agency), ("In Progress", 3, self.a.name)
		)

	def test_supplement_pauses_and_resumes_the_clock(self):
		dossier = self.in_progress()
		due_before = get_datetime(dossier.due_at)
		with self.assertRaises(frappe.MandatoryError):
			self.act(self.specialist(self.a), dossier, lifecycle.REQUEST_SUPPLEMENT)
		dossier = self.act(
			self.specialist(self.a),
			dossier,
			lifecycle.REQUEST_SUPPLEMENT,
			f"{MONDAY} 11:00",
			supplement_request="Bản sao giấy khai sinh",
		)
		self.assertEqual(dossier.status, lifecycle.SUPPLEMENT_REQUESTED)
		self.assertTrue(dossier.clock_paused)
		self.assertEqual(dossier.clock_stops[-1].note, "Bản sao giấy khai sinh")

		# the reception officer records the supplement two working hours later
		dossier = self.act(self.officer, dossier, lifecycle.SUPPLEMENT_RECEIVED, f"{MONDAY} 14:00")
		self.assertEqual(dossier.status, lifecycle.IN_PROGRESS)
		self.assertFalse(dossier.clock_paused)
		self.assertEqual((get_datetime(dossier.due_at) - due_before).total_seconds(), 2 * 3600)

	def test_refusal_at_reception(self):
		dossier = self.draft()
		with self.assertRaises(frappe.MandatoryError):
			self.act(self.officer, dossier, lifecycle.REFUSE)
		dossier = self.act(self.officer, dossier, lifecycle.REFUSE, refusal_reason="Không thuộc thẩm quyền")
		self.assertEqual(dossier.status, lifecycle.REFUSED)
		self.assertIn("Refused: Không thuộc thẩm quyền", self.comments(dossier, "Info"))
		with self.assertRaises(WorkflowTransitionError):
			self.act(self.officer, dossier, lifecycle.RECEIVE)

	def test_incomplete_dossier_needs_completion(self):
		procedure = self.procedure()
		with as_user(self.officer):
			dossier = make_dossier(procedure)
		with self.assertRaisesRegex(frappe.ValidationError, "Application form"):
			self.act(self.officer, dossier, lifecycle.RECEIVE)
		dossier = self.act(self.officer, dossier, lifecycle.REQUEST_COMPLETION)
		self.assertEqual(dossier.status, lifecycle.NEEDS_COMPLETION)
		self.assertFalse(dossier.due_at)

	def test_refusal_by_the_department(self):
		dossier = self.in_progress()
		with self.assertRaises(WorkflowPermissionError):
			self.act(self.specialist(self.a), dossier, lifecycle.REFUSE, refusal_reason="Không đủ điều kiện")
		dossier = self.act(self.head(self.a), dossier, lifecycle.REFUSE, refusal_reason="Không đủ điều kiện")
		self.assertEqual(dossier.status, lifecycle.REFUSED)
		self.assertTrue(dossier.finished_at)
		self.assertTrue(dossier.steps[0].finished_at)

	def test_send_back_and_resend(self):
		dossier = self.transferred()
		with self.assertRaises(frappe.MandatoryError):
			self.act(self.specialist(self.a), dossier, lifecycle.SEND_BACK)
		dossier = self.act(
			self.specialist(self.a), dossier, lifecycle.SEND_BACK, sent_back_reason="Thiếu bản chính"
		)
		self.assertEqual(dossier.status, lifecycle.SENT_BACK)
		self.assertEqual(
			(dossier.handovers[-1].from_agency, dossier.handovers[-1].to_agency),
			(self.a.name, self.centre.name),
		)

		dossier = self.act(self.officer, dossier, lifecycle.RESEND, f"{MONDAY} 13:00")
		self.assertEqual(dossier.status, lifecycle.RECEIVED)
		[batch] = run_window(at(f"{MONDAY} 16:00"), now=at(f"{MONDAY} 16:00"))
		dossier.reload()
		self.assertEqual(dossier.status, lifecycle.TRANSFERRED)
		self.assertEqual([row.transfer_batch for row in dossier.handovers if row.transfer_batch][-1], batch)
		self.assertEqual(len(dossier.handovers), 3)

	def test_immediate_procedure_in_one_sitting(self):
		procedure = self.procedure(
			[(1, self.a, 0, "Sequential")], resolved_immediately=1, duration_in_person=0
		)
		dossier = self.draft(procedure, moment="2026-03-06 16:00")  # opened on Friday
		self.assertTrue(is_provisional(dossier.name))
		dossier = self.act(self.officer, dossier, lifecycle.RESOLVE_IMMEDIATELY, f"{MONDAY} 09:05")
		self.assertEqual(dossier.status, lifecycle.RESULT_AT_CENTRE)
		# decided at once: received now, with its code of the day
		self.assertEqual(parse_dossier_code(dossier.name).reception_date, at(MONDAY).date())
		self.assertEqual(get_datetime(dossier.received_at), at(f"{MONDAY} 09:05"))
		self.pay(dossier)
		dossier = self.act(
			self.officer,
			dossier,
			lifecycle.RETURN_RESULT,
			f"{MONDAY} 09:10",
			receiver_name="Trần Thị Nhận",
			receiver_id_number="079000000001",
		)
		self.assertEqual(dossier.status, lifecycle.RETURNED)
		self.assertEqual(dossier.timeliness, "On Time")

	def test_immediate_procedure_received_is_transferred_at_once(self):
		procedure = self.procedure(
			[(1, self.a, 0, "Sequential")], resolved_immediately=1, duration_in_person=0
		)
		dossier = self.receive(procedure)
		self.assertTrue(parse_dossier_code(dossier.name), dossier.name)
		dossier.reload()
		self.assertEqual(dossier.status, lifecycle.TRANSFERRED)
		self.assertEqual(dossier.handovers[0].to_agency, self.a.name)
		self.assertFalse(dossier.handovers[0].transfer_batch)
		# the transfer made during the reception's save followed the rename
		self.assertEqual(self.comments(dossier), ["Transferred", "Received"])

	def test_resolve_immediately_only_for_immediate_procedures(self):
		with self.assertRaises(WorkflowTransitionError):
			self.act(self.officer, self.draft(), lifecycle.RESOLVE_IMMEDIATELY)

	def test_postal_return(self):
		dossier = self.result_ready(result_delivery="Post")
		dossier = self.act(self.officer, dossier, lifecycle.COLLECT_RESULT)
		self.pay(dossier)
		with self.assertRaisesRegex(frappe.MandatoryError, "tracking"):
			self.act(self.officer, dossier, lifecycle.RETURN_RESULT)
		with self.assertRaisesRegex(frappe.MandatoryError, "postage"):
			self.act(self.officer, dossier, lifecycle.RETURN_RESULT, postal_tracking_number="EV123456789VN")
		dossier = self.act(
			self.officer,
			dossier,
			lifecycle.RETURN_RESULT,
			postal_tracking_number="EV123456789VN",
			postage=32000,
		)
		self.assertEqual(dossier.status, lifecycle.RETURNED)
		self.assertEqual(dossier.receiver_name, dossier.applicant_name)
		self.assertIn("Result sent by post, tracking number EV123456789VN", self.comments(dossier, "Info"))

	def test_department_direct_return(self):
		procedure = self.procedure(result_returned_by="Department")
		dossier = self.result_ready(procedure)
		self.pay(dossier)
		with self.assertRaises(WorkflowPermissionError):
			self.act(self.officer, dossier, lifecycle.RETURN_BY_DEPARTMENT)
		dossier = self.act(
			self.specialist(self.a),
			dossier,
			lifecycle.RETURN_BY_DEPARTMENT,
			receiver_name="Lê Văn Nhận",
			receiver_id_number="079000000002",
		)
		self.assertEqual(dossier.status, lifecycle.RETURNED)

	def test_centre_procedures_are_not_returned_by_the_department(self):
		dossier = self.result_ready()
		with self.assertRaises(WorkflowTransitionError):
			self.act(self.specialist(self.a), dossier, lifecycle.RETURN_BY_DEPARTMENT)

	def test_fees_must_be_paid_before_return(self):
		dossier = self.result_ready()
		dossier = self.act(self.officer, dossier, lifecycle.COLLECT_RESULT)
		receiver = {"receiver_name": "Phạm Văn Nhận", "receiver_id_number": "079000000003"}
		with self.assertRaisesRegex(frappe.ValidationError, "Fee Receipt"):
			self.act(self.officer, dossier, lifecycle.RETURN_RESULT, **receiver)
		draft = self.pay(dossier, submit=False)
		with self.assertRaisesRegex(frappe.ValidationError, "Fee Receipt"):
			self.act(self.officer, dossier, lifecycle.RETURN_RESULT, **receiver)
		draft.submit()
		draft.cancel()
		with self.assertRaisesRegex(frappe.ValidationError, "Fee Receipt"):
			self.act(self.officer, dossier, lifecycle.RETURN_RESULT, **receiver)
		amended = frappe.copy_doc(draft)
		amended.amended_from = draft.name
		amended.docstatus = 0
		amended.insert(ignore_permissions=True)
		amended.submit()
		dossier = self.act(self.officer, dossier, lifecycle.RETURN_RESULT, **receiver)
		self.assertEqual(dossier.status, lifecycle.RETURNED)
		self.assertTrue(frappe.db.exists("Fee Receipt", draft.name))  # cancelled, never deleted

	def test_uncollected_results_report(self):
		from onestop_center.dossiers.report.uncollected_results.uncollected_results import execute

		dossier = self.act(self.officer, self.result_ready(), lifecycle.COLLECT_RESULT, f"{MONDAY} 16:00")
		_columns, rows = execute({"agency": self.a.name, "as_of": "2026-03-13"})
		row = next(row for row in rows if row.name == dossier.name)
		self.assertEqual(row.days_waiting, 4)
		self.assertEqual(execute({"agency": self.a.name, "as_of": "2026-03-13", "min_days": 5})[1], [])


class TestLifecycleGuards(LifecycleTestCase):
	def test_out_of_order_transition_is_refused_in_vietnamese(self):
		dossier = self.receive()
		dossier.status = lifecycle.RETURNED
		frappe.local.lang = "vi"
		try:
			# a save never changes the status: only the actions do
			with self.assertRaisesRegex(LifecycleFieldError, "chỉ thay đổi qua các thao tác"):
				dossier.save()
			with self.assertRaisesRegex(WorkflowTransitionError, "Trả kết quả"):
				apply(dossier.name, lifecycle.RETURN_RESULT)
		finally:
			frappe.local.lang = "en"
		self.assertEqual(frappe.db.get_value("Dossier", dossier.name, "status"), lifecycle.RECEIVED)

	def test_a_new_dossier_starts_as_draft(self):
		with self.assertRaises(WorkflowTransitionError):
			make_dossier(self.procedure(), status=lifecycle.IN_PROGRESS)

	def test_department_user_of_another_agency_is_refused(self):
		dossier = self.transferred()
		other = self.specialist(self.b)
		self.assertFalse(frappe.has_permission("Dossier", "read", dossier, user=other))
		with self.assertRaises(frappe.PermissionError):
			self.act(other, dossier, lifecycle.ACCEPT)
		with as_user(other):
			self.assertNotIn(dossier.name, frappe.get_list("Dossier", pluck="name"))

	def test_department_users_act_only_while_the_dossier_is_at_the_department(self):
		dossier = self.receive()
		specialist = self.specialist(self.a)
		self.assertTrue(frappe.has_permission("Dossier", "read", dossier, user=specialist))
		self.assertFalse(frappe.has_permission("Dossier", "write", dossier, user=specialist))
		run_window(at(f"{MONDAY} 10:30"), now=at(f"{MONDAY} 10:30"))
		dossier.reload()
		self.assertTrue(frappe.has_permission("Dossier", "write", dossier, user=specialist))

	def test_reception_officer_cannot_finish_a_step(self):
		dossier = self.in_progress()
		with self.assertRaises(WorkflowPermissionError):
			self.act(self.officer, dossier, lifecycle.FINISH_STEP)
		with self.assertRaises(WorkflowPermissionError):
			self.act(self.officer, self.transferred(), lifecycle.ACCEPT)

	def test_only_the_system_transfers(self):
		dossier = self.receive()
		with self.assertRaises(WorkflowPermissionError):
			self.act(self.officer, dossier, lifecycle.TRANSFER)
		with self.assertRaises(WorkflowTransitionError):
			lifecycle.transfer(self.draft())

	def test_directives(self):
		dossier = self.in_progress()
		with as_user(self.specialist(self.a)), self.assertRaises(frappe.PermissionError):
			add_directive(dossier.name, "Ưu tiên giải quyết")
		with as_user(self.head(self.b)), self.assertRaises(frappe.PermissionError):
			add_directive(dossier.name, "Ưu tiên giải quyết")
		with as_user(self.head(self.a)), frozen(f"{MONDAY} 11:30"):
			add_directive(dossier.name, "Ưu tiên giải quyết trong ngày")
		dossier.reload()
		self.assertEqual(dossier.directives[0].given_by, self.head(self.a))
		self.assertEqual(dossier.directives[0].directive, "Ưu tiên giải quyết trong ngày")
		self.assertIn("Directive: Ưu tiên giải quyết trong ngày", self.comments(dossier, "Comment"))

	def test_assignment_rule_assigns_specialists_in_turn(self):
		second = make_user(DEPARTMENT_SPECIALIST)
		set_user_agency(second, self.a.name)
		first = self.specialist(self.a)
		rule = ensure_assignment_rule(self.a.name, [first, second])
		self.assertEqual(ensure_assignment_rule(self.a.name, [first, second]), rule)
		self.assertEqual(frappe.db.count("Assignment Rule", {"name": rule}), 1)
		try:
			assigned = []
			for _ in range(2):
				dossier = self.in_progress()
				assigned.append(json.loads(frappe.db.get_value("Dossier", dossier.name, "_assign") or "[]"))
			self.assertEqual(assigned, [[first], [second]])
		finally:
			frappe.delete_doc("Assignment Rule", rule, ignore_permissions=True)

	def test_department_head_assigns_by_hand(self):
		from frappe.desk.form.assign_to import add

		dossier = self.in_progress()
		with as_user(self.head(self.a)):
			add({"assign_to": [self.specialist(self.a)], "doctype": "Dossier", "name": dossier.name})
		self.assertIn(self.specialist(self.a), frappe.db.get_value("Dossier", dossier.name, "_assign"))


class TestLifecycleFixtures(FrappeTestCase):
	def test_workflow_drives_the_status(self):
		workflow = lifecycle.get_workflow()
		self.assertEqual(
			(workflow.name, workflow.workflow_state_field, workflow.is_active),
			(lifecycle.WORKFLOW, "status", 1),
		)
		self.assertEqual({row.state for row in workflow.states}, set(lifecycle.STATES))
		options = frappe.get_meta("Dossier").get_field("status").options.split("\n")
		self.assertEqual(set(options), set(lifecycle.STATES))

	def test_states_and_actions_are_translated(self):
		vi = get_translation_dict_from_file(str(APP_PATH / "translations" / "vi.csv"), "vi", "onestop_center")
		shipped = APP_PATH / "dossiers" / "workflow_source"
		names = [row["name"] for row in json.loads((shipped / "workflow_state.json").read_text())]
		names += [row["name"] for row in json.loads((shipped / "workflow_action_master.json").read_text())]
		self.assertEqual([name for name in names if name not in vi], [])

	def test_workflow_is_not_a_fixture(self):
		# shipped once at install and by patches (dossiers/lifecycle_workflow.py), never re-imported
		self.assertEqual(frappe.get_hooks("fixtures", app_name="onestop_center"), [])

	def test_open_states(self):
		self.assertNotIn(lifecycle.RETURNED, lifecycle.open_states())
		self.assertIn(lifecycle.RESULT_AT_CENTRE, lifecycle.open_states())


class TestConcurrentIntake(FrappeTestCase):
	"""50 reception officers' intakes for one agency on one day, each on its own connection."""

	INTAKES = 50

	def test_concurrent_intakes_get_distinct_codes(self):
		token = unique_token()
		agency = make_agency(identifier_code=f"K{token}.00.12.H56")
		procedure = make_procedure(agency.name, documents=[])
		applicant = make_applicant()
		frappe.db.commit()
		codes, errors, drafts = [], [], []
		barrier = threading.Barrier(self.INTAKES, timeout=120)
		try:

			def intake():
				barrier.wait()
				try:
					# a draft at the counter (provisional name, no number), then received: the code
					# is taken at reception under the series row lock
					dossier = make_dossier(procedure.name, applicant.name, received_at=at(f"{MONDAY} 09:00"))
					drafts.append(dossier.name)
					dossier = apply(dossier, lifecycle.RECEIVE)
					frappe.db.commit()
					codes.append(dossier.name)
				except Exception as error:  # noqa: BLE001 (collected and asserted below)
					frappe.db.rollback()
					errors.append(repr(error))

			threads = [_thread(intake) for _ in range(self.INTAKES)]
			with frozen(f"{MONDAY} 09:00"):  # one patch for all threads
				for thread in threads:
					thread.start()
				for thread in threads:
					thread.join(timeout=300)
			self.assertEqual(errors, [])
			self.assertEqual(len(codes), self.INTAKES)
			self.assertEqual(
				sorted(parse_dossier_code(code).sequence for code in codes), list(range(1, self.INTAKES + 1))
			)
			self.assertTrue(all(is_provisional(name) for name in drafts), drafts)
			self.assertEqual(len(set(drafts)), self.INTAKES)
			self.assertEqual(
				frappe.db.count("Dossier", {"procedure": procedure.name, "name": ("like", "NHAP-%")}), 0
			)
		finally:
			for name in frappe.get_all("Dossier", filters={"procedure": procedure.name}, pluck="name"):
				frappe.delete_doc("Dossier", name, force=True, ignore_permissions=True)
			frappe.db.sql("delete from `tabSeries` where name like %s", (f"K{token}%",))
			for doctype, name in (
				("Procedure", procedure.name),
				("Applicant", applicant.name),
				("Agency", agency.name),
			):
				frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
			frappe.db.commit()


def _thread(function):
	site, sites_path = frappe.local.site, frappe.local.sites_path

	def run():
		frappe.init(site=site, sites_path=sites_path)
		frappe.connect()
		frappe.set_user("Administrator")
		try:
			function()
		finally:
			frappe.destroy()

	return threading.Thread(target=run)


class TestDeskEntryPoints(LifecycleTestCase):
	"""What the desk calls: actions with their data in one call, and the manual transfer."""

	RECEIVER = {"receiver_name": "Phạm Văn Nhận", "receiver_id_number": "079000000003"}

	def at_centre(self):
		dossier = self.result_ready()
		return self.act(self.officer, dossier, lifecycle.COLLECT_RESULT)

	def test_take_action_applies_the_data_and_the_transition_together(self):
		dossier = self.at_centre()
		self.pay(dossier)
		with as_user(self.officer), frozen(f"{MONDAY} 16:00"):
			result = lifecycle.take_action(dossier.name, lifecycle.RETURN_RESULT, json.dumps(self.RECEIVER))
		self.assertEqual(result["status"], lifecycle.RETURNED)
		self.assertEqual(
			frappe.db.get_value("Dossier", dossier.name, ["receiver_name", "receiver_id_number"]),
			(self.RECEIVER["receiver_name"], self.RECEIVER["receiver_id_number"]),
		)

	def test_take_action_returns_the_dossier_under_its_code(self):
		draft = self.draft()
		with as_user(self.officer), frozen(f"{MONDAY} 09:00"):
			result = lifecycle.take_action(draft.name, lifecycle.RECEIVE)
		self.assertTrue(is_provisional(draft.name))
		self.assertEqual(parse_dossier_code(result["name"]).reception_date, at(MONDAY).date())
		self.assertEqual(frappe.db.get_value("Dossier", result["name"], "status"), lifecycle.RECEIVED)
		self.assertFalse(frappe.db.exists("Dossier", draft.name))

	def test_a_refused_action_changes_nothing(self):
		dossier = self.at_centre()  # no fee receipt
		frappe.db.savepoint("before_action")
		with as_user(self.officer), frozen(f"{MONDAY} 16:00"):
			with self.assertRaisesRegex(frappe.ValidationError, "Fee Receipt"):
				lifecycle.take_action(dossier.name, lifecycle.RETURN_RESULT, self.RECEIVER)
		frappe.db.rollback(save_point="before_action")  # what a failed request does
		self.assertEqual(
			frappe.db.get_value("Dossier", dossier.name, ["status", "receiver_name"]),
			(lifecycle.RESULT_AT_CENTRE, None),
		)

	def test_take_action_sets_only_the_fields_of_a_transition(self):
		dossier = self.at_centre()
		self.pay(dossier)
		due_at = dossier.due_at
		with as_user(self.officer), frozen(f"{MONDAY} 16:00"):
			lifecycle.take_action(
				dossier.name, lifecycle.RETURN_RESULT, {**self.RECEIVER, "due_at": "2030-01-01 08:00:00"}
			)
		self.assertEqual(frappe.db.get_value("Dossier", dossier.name, "due_at"), due_at)

	def test_transfer_now_for_the_general_affairs_team_only(self):
		from onestop_center.setup.roles import GENERAL_AFFAIRS_OFFICER
		from onestop_center.transfers.windows import run_transfer_now, transfer_now

		dossier = self.receive(moment=f"{MONDAY} 09:00")
		with as_user(self.officer), frozen(f"{MONDAY} 09:30"):
			with self.assertRaises(frappe.PermissionError):
				transfer_now()
		team = make_user(GENERAL_AFFAIRS_OFFICER)
		with as_user(team), frozen(f"{MONDAY} 09:30"):
			self.assertEqual(transfer_now()["state"], "queued")  # a background job (test_windows)
			batches = run_transfer_now(commit=False)  # the job, in this test's transaction
			self.assertEqual(run_transfer_now(commit=False), [])  # nothing is sent twice
		dossier.reload()
		self.assertEqual(dossier.status, lifecycle.TRANSFERRED)
		self.assertEqual(len(batches), 1)
		self.assertEqual(frappe.db.get_value("Transfer Batch", batches[0], "agency"), self.a.name)
		self.assertEqual(dossier.handovers[-1].transfer_batch, batches[0])

	def test_transfer_now_sends_a_dossier_received_after_hours(self):
		from onestop_center.setup.roles import GENERAL_AFFAIRS_OFFICER
		from onestop_center.transfers.windows import run_transfer_now, run_window

		dossier = self.receive(moment=f"{MONDAY} 17:30")  # the clock starts Tuesday 08:00
		self.assertEqual(str(dossier.effective_received_at), "2026-03-10 08:00:00")
		self.assertEqual(run_window(at(f"{MONDAY} 17:45"), now=at(f"{MONDAY} 17:45")), [])
		with as_user(make_user(GENERAL_AFFAIRS_OFFICER)), frozen(f"{MONDAY} 17:45"):
			self.assertEqual(len(run_transfer_now(commit=False)), 1)
		self.assertEqual(frappe.db.get_value("Dossier", dossier.name, "status"), lifecycle.TRANSFERRED)
