# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""The server owns the dossier lifecycle (issue 7): who may change which field, clock stops,
who may take a step's action, closed dossiers, and routing over every step plan."""

from datetime import timedelta

import frappe
from frappe.model.workflow import WorkflowTransitionError
from frappe.utils import get_datetime

from onestop_center.dossiers import lifecycle
from onestop_center.dossiers.clock_stops import pause_clock, resume_clock
from onestop_center.dossiers.field_policy import (
	ClosedDossierError,
	LifecycleFieldError,
	correct_closed_dossier,
)
from onestop_center.dossiers.lifecycle import ActionNotPermitted, answer_consultation
from onestop_center.dossiers.test_lifecycle import MONDAY, LifecycleTestCase, as_user, at, frozen
from onestop_center.setup.roles import (
	DEPARTMENT_HEAD,
	DEPARTMENT_SPECIALIST,
	ONESTOP_ADMINISTRATOR,
)
from onestop_center.testing import make_dossier, make_procedure, make_user

SPECIALIST_STEP, HEAD_STEP = DEPARTMENT_SPECIALIST, DEPARTMENT_HEAD


def _stored(name: str) -> dict:
	"""The stored dossier with its child rows, comparable across saves."""
	doc = frappe.get_doc("Dossier", name).as_dict(no_default_fields=False)
	doc.pop("_assign", None)
	return frappe.parse_json(frappe.as_json(doc))


# (case, change made on the loaded dossier) — each a lifecycle-owned field or child table
def _set(fieldname, value):
	return lambda doc, t: doc.set(fieldname, value(doc, t) if callable(value) else value)


OWNED_CHANGES = (
	("status", _set("status", lifecycle.RESULT_READY)),
	("agency", _set("agency", lambda doc, t: t.b.name)),
	("received_at", _set("received_at", "2026-01-05 08:00:00")),
	("received_by", _set("received_by", "Administrator")),
	("current_step", _set("current_step", 2)),
	("has_next_step", _set("has_next_step", 0)),
	("due_at", _set("due_at", "2027-10-26 08:00:00")),
	("finished_at", _set("finished_at", f"{MONDAY} 12:00:00")),
	("timeliness", _set("timeliness", "Early")),
	("clock_paused", _set("clock_paused", 1)),
	("late_agency", _set("late_agency", lambda doc, t: t.b.name)),
	("receiver_name", _set("receiver_name", "Người nhận giả")),
	("result_number", _set("result_number", "999/QĐ")),
	("refusal_reason", _set("refusal_reason", "Lý do giả")),
	("total_fee", _set("total_fee", 1)),
	("duration", _set("duration", 50)),
	("procedure_snapshot", _set("procedure_snapshot", "{}")),
	("owner", _set("owner", "Administrator")),
	("procedure (set once)", _set("procedure", lambda doc, t: t.procedure())),
	("step agency (re-routing)", lambda doc, t: setattr(doc.steps[0], "agency", t.b.name)),
	("step finished_at", lambda doc, t: setattr(doc.steps[0], "finished_at", f"{MONDAY} 11:30:00")),
	("step removed", lambda doc, t: doc.steps.pop()),
	("steps reordered", lambda doc, t: [setattr(r, "idx", len(doc.steps) - i) for i, r in enumerate(doc.steps)]),
	(
		"hand-over added",
		lambda doc, t: doc.append(
			"handovers", {"from_agency": t.a.name, "to_agency": t.b.name, "handed_at": f"{MONDAY} 12:00:00"}
		),
	),
	("hand-over edited", lambda doc, t: setattr(doc.handovers[0], "received_by", "Administrator")),
	(
		"consultation answered",
		lambda doc, t: doc.append(
			"consultations",
			{"agency": t.c.name, "step_order": 1, "answered_at": f"{MONDAY} 12:00:00", "opinion": "Đồng ý"},
		),
	),
	(
		"directive of the centre leader",
		lambda doc, t: doc.append(
			"directives", {"given_at": f"{MONDAY} 12:00:00", "given_by": "Administrator", "directive": "Duyệt"}
		),
	),
	(
		"back-dated clock stop",
		lambda doc, t: doc.append(
			"clock_stops", {"reason": "Other Legal Stop", "paused_at": "2026-01-05 08:00:00"}
		),
	),
	("document frozen column", lambda doc, t: setattr(doc.documents[0], "mandatory", 0)),
	("document ticks after reception", lambda doc, t: setattr(doc.documents[0], "received", 0)),
	("fee amount", lambda doc, t: setattr(doc.fees[0], "amount", 1)),
	("applicant after reception", _set("applicant", lambda doc, t: t.other_applicant())),
)


class TestFieldPolicy(LifecycleTestCase):
	def other_applicant(self):
		from onestop_center.testing import make_applicant

		return make_applicant().name

	def test_users_cannot_change_lifecycle_fields(self):
		"""Table-driven: as the holding agency's head, every owned field is refused, nothing saved."""
		dossier = self.in_progress()
		head = self.head(self.a)
		for case, change in OWNED_CHANGES:
			with self.subTest(case):
				before = _stored(dossier.name)
				doc = frappe.get_doc("Dossier", dossier.name)
				change(doc, self)
				with as_user(head), frozen(f"{MONDAY} 12:00"):
					with self.assertRaises((LifecycleFieldError, WorkflowTransitionError)):
						doc.save()
				self.assertEqual(_stored(dossier.name), before)

	def test_a_status_saved_directly_is_refused_not_taken_as_an_action(self):
		dossier = self.transferred()
		doc = frappe.get_doc("Dossier", dossier.name)
		doc.status = lifecycle.IN_PROGRESS  # what "Accept" does, but by a save
		with as_user(self.specialist(self.a)), self.assertRaises(LifecycleFieldError):
			doc.save()
		self.assertEqual(frappe.db.get_value("Dossier", dossier.name, "status"), lifecycle.TRANSFERRED)

	def test_an_action_records_only_its_own_data(self):
		dossier = self.transferred()
		data = {"receiver_name": "Người nhận giả", "result_number": "1/GIA", "remarks": "Đã nhận hồ sơ"}
		with as_user(self.specialist(self.a)), frozen(f"{MONDAY} 11:00"):
			lifecycle.take_action(dossier.name, lifecycle.ACCEPT, frappe.as_json(data))
		self.assertEqual(
			frappe.db.get_value(
				"Dossier", dossier.name, ["status", "receiver_name", "result_number", "remarks"], as_dict=True
			),
			{"status": lifecycle.IN_PROGRESS, "receiver_name": None, "result_number": None, "remarks": "Đã nhận hồ sơ"},
		)

	def test_a_row_of_another_dossier_cannot_be_moved_in(self):
		dossier, other = self.in_progress(), self.in_progress()
		doc = frappe.get_doc("Dossier", dossier.name)
		row = frappe.get_doc("Dossier", other.name).handovers[0].as_dict()
		doc.handovers[0].update({k: v for k, v in row.items() if k not in ("parent", "idx")})
		with as_user(self.head(self.a)), self.assertRaises(LifecycleFieldError):
			doc.save()
		self.assertEqual(len(frappe.get_doc("Dossier", other.name).handovers), 1)

	def test_a_row_cannot_be_written_alone(self):
		dossier = self.in_progress()
		with as_user(self.head(self.a)):
			row = frappe.get_doc("Dossier Step", dossier.steps[0].name)
			row.finished_at = f"{MONDAY} 11:30:00"
			self.assertRaises(LifecycleFieldError, row.save)
		with as_user(self.officer):  # may create dossiers, not rows alone
			row = frappe.get_doc({"doctype": "Dossier Hand-over", "parent": dossier.name,
				"parenttype": "Dossier", "parentfield": "handovers", "to_agency": self.b.name})
			self.assertRaises(LifecycleFieldError, row.insert)
		self.assertRaises(
			LifecycleFieldError, frappe.delete_doc, "Dossier Step", dossier.steps[0].name, ignore_permissions=True
		)
		self.assertFalse(frappe.db.get_value("Dossier Step", dossier.steps[0].name, "finished_at"))

	def test_user_fields_by_state(self):
		# before reception: applicant, counts, documents ticked at the counter
		draft = self.draft()
		with as_user(self.officer):
			doc = frappe.get_doc("Dossier", draft.name)
			doc.number_of_sets = 2
			doc.remarks = "Khách hẹn quay lại"
			doc.documents[0].received = 0
			doc.save()
			doc.channel = "Online"  # set once: the frozen duration depends on it
			self.assertRaises(LifecycleFieldError, doc.save)
		# received: remarks and the citizen's preferences only
		dossier = self.in_progress()
		with as_user(self.head(self.a)):
			doc = frappe.get_doc("Dossier", dossier.name)
			doc.remarks = "Đang xác minh"
			doc.notify_by = "Email"
			doc.save()
			doc.number_of_sets = 3
			self.assertRaises(LifecycleFieldError, doc.save)
		self.assertEqual(frappe.db.get_value("Dossier", dossier.name, "remarks"), "Đang xác minh")

	def test_an_unchanged_save_passes(self):
		dossier = self.in_progress()
		with as_user(self.specialist(self.a)):
			frappe.get_doc("Dossier", dossier.name).save()
			# as the desk sends it: the whole document as JSON
			frappe.get_doc(frappe.parse_json(frappe.as_json(frappe.get_doc("Dossier", dossier.name)))).save()

	def test_a_new_dossier_carries_no_lifecycle_data(self):
		procedure = self.procedure()
		for case, fields in (
			("received by", {"received_by": "Administrator"}),
			("due date", {"due_at": "2027-01-01 08:00:00"}),
			("steps", {"steps": [{"step_order": 1, "agency": self.b.name, "step_name": "Giả"}]}),
			("hand-overs", {"handovers": [{"from_agency": self.a.name, "to_agency": self.b.name}]}),
			("clock stops", {"clock_stops": [{"reason": "Other Legal Stop", "paused_at": "2026-01-05"}]}),
			("fee total", {"total_fee": 1}),
		):
			with self.subTest(case), as_user(self.officer), self.assertRaises(LifecycleFieldError):
				make_dossier(procedure, **fields)
		with as_user(self.officer):
			dossier = make_dossier(procedure, remarks="Nộp tại quầy")
		self.assertEqual(dossier.received_by, self.officer)

	def test_a_draft_is_opened_at_the_servers_time(self):
		procedure = self.procedure()
		with frozen(f"{MONDAY} 09:00"), as_user(self.officer):
			draft = make_dossier(procedure, received_at="2026-01-05 08:00:00")
		self.assertEqual(get_datetime(draft.received_at), at(f"{MONDAY} 09:00"))

	def test_closed_dossiers_take_only_an_audited_correction(self):
		dossier = self.act(
			self.officer, self.result_ready(), lifecycle.COLLECT_RESULT, f"{MONDAY} 16:00"
		)
		self.pay(dossier)
		dossier = self.act(
			self.officer,
			dossier,
			lifecycle.RETURN_RESULT,
			f"{MONDAY} 16:30",
			receiver_name="Nguyen Van Nhan",
			receiver_id_number="079123456789",
		)
		for fieldname, value in (("receiver_name", "Người khác"), ("remarks", "Sửa sau"), ("result_number", "1")):
			with self.subTest(fieldname):
				doc = frappe.get_doc("Dossier", dossier.name)
				doc.set(fieldname, value)
				with as_user(self.officer), self.assertRaises(ClosedDossierError):
					doc.save()

		admin = make_user(ONESTOP_ADMINISTRATOR)
		with as_user(self.officer), self.assertRaises(frappe.PermissionError):
			correct_closed_dossier(dossier.name, "receiver_name", "Nguyễn Văn Nhận", "Sai dấu")
		with as_user(admin):
			with self.assertRaises(frappe.MandatoryError):
				correct_closed_dossier(dossier.name, "receiver_name", "Nguyễn Văn Nhận", "")
			for field in ("status", "returned_at", "agency", "steps"):
				with self.subTest(field), self.assertRaises(LifecycleFieldError):
					correct_closed_dossier(dossier.name, field, "x", "Thử")
			result = correct_closed_dossier(
				dossier.name, "receiver_name", "Nguyễn Văn Nhận", "Gõ thiếu dấu khi trả kết quả"
			)
		self.assertEqual(result["old"], "Nguyen Van Nhan")
		stored = frappe.get_doc("Dossier", dossier.name)
		self.assertEqual((stored.receiver_name, stored.status), ("Nguyễn Văn Nhận", lifecycle.RETURNED))
		self.assertTrue(any("Gõ thiếu dấu" in c for c in self.comments(dossier, "Comment")))
		self.assertTrue(
			frappe.db.exists("Version", {"ref_doctype": "Dossier", "docname": dossier.name, "owner": admin})
		)


class TestClockStopsAreTheServers(LifecycleTestCase):
	def test_a_back_dated_stop_cannot_push_the_deadline(self):
		dossier = self.in_progress()
		due = get_datetime(dossier.due_at)
		doc = frappe.get_doc("Dossier", dossier.name)
		doc.append("clock_stops", {"reason": "Other Legal Stop", "paused_at": "2026-01-05 08:00:00"})
		doc.clock_paused = 1
		with as_user(self.specialist(self.a)), self.assertRaises(LifecycleFieldError):
			doc.save()
		with as_user(self.specialist(self.a)), frozen(f"{MONDAY} 15:00"):
			self.assertRaises(frappe.ValidationError, resume_clock, dossier.name)  # nothing is paused
		self.assertEqual(get_datetime(frappe.db.get_value("Dossier", dossier.name, "due_at")), due)

	def test_pause_and_resume_are_stamped_with_the_servers_time(self):
		dossier = self.in_progress()
		due = get_datetime(dossier.due_at)
		with as_user(self.specialist(self.a)):
			with frozen(f"{MONDAY} 14:00"):
				pause_clock(dossier.name, "Other Legal Stop", note="Chờ kết quả giám định")
			with frozen(f"{MONDAY} 15:00"):
				resume_clock(dossier.name)
		[stop] = frappe.get_doc("Dossier", dossier.name).clock_stops
		self.assertEqual(
			(get_datetime(stop.paused_at), get_datetime(stop.resumed_at), stop.paused_by),
			(at(f"{MONDAY} 14:00"), at(f"{MONDAY} 15:00"), self.specialist(self.a)),
		)
		self.assertEqual(get_datetime(frappe.db.get_value("Dossier", dossier.name, "due_at")), due + timedelta(hours=1))

	def test_a_supplement_pause_is_the_request_supplement_action(self):
		dossier = self.in_progress()
		with as_user(self.specialist(self.a)), frozen(f"{MONDAY} 14:00"):
			with self.assertRaises(frappe.MandatoryError):  # what must be added, as the action asks
				pause_clock(dossier.name, "Supplement Requested")
			pause_clock(dossier.name, "Supplement Requested", note="Bản sao giấy khai sinh")
		stored = frappe.get_doc("Dossier", dossier.name)
		self.assertEqual((stored.status, stored.supplement_request), (lifecycle.SUPPLEMENT_REQUESTED, "Bản sao giấy khai sinh"))
		self.assertEqual(len(stored.clock_stops), 1)


class TestStepActors(LifecycleTestCase):
	"""A step's action: the holding agency's users, in the step's role (a head may act for a specialist)."""

	def two_step_procedure(self):
		return make_procedure(
			self.a.name,
			steps=[
				{"step_order": 1, "step_name": "Thẩm định", "agency": self.a.name, "role": SPECIALIST_STEP,
					"time_budget": 3, "time_unit": "Working Day", "mode": "Sequential"},
				{"step_order": 2, "step_name": "Phê duyệt", "agency": self.a.name, "role": HEAD_STEP,
					"time_budget": 2, "time_unit": "Working Day", "mode": "Sequential"},
			],
		).name

	def test_a_specialist_cannot_take_a_heads_step(self):
		dossier = self.in_progress(self.two_step_procedure())
		dossier = self.act(self.specialist(self.a), dossier, lifecycle.FINISH_STEP, f"{MONDAY} 14:00")
		# the head's step at the same agency: the dossier stays In Progress there
		self.assertEqual((dossier.status, dossier.current_step), (lifecycle.IN_PROGRESS, 2))
		for action, data in ((lifecycle.FINISH_STEP, {}), (lifecycle.REQUEST_SUPPLEMENT, {"supplement_request": "x"})):
			with self.subTest(action), self.assertRaises(ActionNotPermitted):
				self.act(self.specialist(self.a), dossier, action, f"{MONDAY} 15:00", **data)
		dossier = self.act(self.head(self.a), dossier, lifecycle.FINISH_STEP, f"{MONDAY} 15:00")
		self.assertEqual(dossier.status, lifecycle.RESULT_READY)

	def test_a_head_may_take_a_specialists_step(self):
		dossier = self.in_progress(self.two_step_procedure())
		dossier = self.act(self.head(self.a), dossier, lifecycle.FINISH_STEP, f"{MONDAY} 14:00")
		self.assertEqual(dossier.current_step, 2)

	def test_only_the_holding_agency_acts(self):
		dossier = self.in_progress(self.two_step_procedure())
		# a head of another agency, and a reception officer (no department role)
		from onestop_center.permissions import set_user_agency

		both = make_user(DEPARTMENT_HEAD)
		set_user_agency(both, self.b.name)
		with self.assertRaises(frappe.PermissionError):
			self.act(both, dossier, lifecycle.FINISH_STEP, f"{MONDAY} 14:00")
		with self.assertRaises(frappe.PermissionError):
			self.act(self.officer, dossier, lifecycle.FINISH_STEP, f"{MONDAY} 14:00")
		self.assertEqual(frappe.db.get_value("Dossier", dossier.name, "status"), lifecycle.IN_PROGRESS)


# (case, steps as (order, agency key, mode), groups the dossier goes through)
PLANS = (
	("single step", ((1, "a", "Sequential"),), 1),
	("sequential", ((1, "a", "Sequential"), (2, "b", "Sequential")), 2),
	("parallel at the start", ((1, "c", "Parallel"), (2, "a", "Sequential")), 1),
	("parallel in the middle", ((1, "a", "Sequential"), (2, "c", "Parallel"), (3, "b", "Sequential")), 2),
	("parallel at the end", ((1, "a", "Sequential"), (2, "c", "Parallel")), 1),
	("two parallel at the end", ((1, "a", "Sequential"), (2, "c", "Parallel"), (3, "b", "Parallel")), 1),
	("parallel of the lead agency", ((1, "a", "Sequential"), (2, "a", "Parallel")), 1),
	("parallel steps only", ((1, "a", "Parallel"), (2, "c", "Parallel")), 1),
	("two steps of the lead agency", ((1, "a", "Sequential"), (2, "a", "Sequential"), (3, "b", "Sequential")), 2),
)


class TestRoutingPlans(LifecycleTestCase):
	"""Every plan the procedure validator accepts reaches Result Ready (issue 7, Must have 7)."""

	def test_every_plan_reaches_result_ready(self):
		for case, plan, groups in PLANS:
			with self.subTest(case):
				self.run_plan(plan, groups)

	def run_plan(self, plan, expected_groups):
		agencies = {"a": self.a, "b": self.b, "c": self.c}
		steps = [
			{"step_order": order, "step_name": f"Bước {order}", "agency": agencies[key].name,
				"time_budget": 1, "time_unit": "Working Day", "mode": mode}
			for order, key, mode in plan
		]
		procedure = make_procedure(self.a.name, steps=steps).name
		dossier = self.transferred(procedure)
		visited, moment = 0, at(f"{MONDAY} 11:00")
		steps_taken = 0
		while dossier.status in (lifecycle.TRANSFERRED, lifecycle.IN_PROGRESS):
			steps_taken += 1
			self.assertLessEqual(steps_taken, len(plan), "the dossier goes round in circles")
			holder = frappe.get_doc("Agency", dossier.agency)
			moment += timedelta(minutes=10)
			if dossier.status == lifecycle.TRANSFERRED:
				# a transfer to an agency (a step at the same agency stays In Progress there)
				visited += 1
				dossier = self.act(self.specialist(holder), dossier, lifecycle.ACCEPT, str(moment))
			for consultation in lifecycle.open_consultations(dossier, lifecycle.current_group(dossier)):
				consulted = frappe.get_doc("Agency", consultation.agency)
				with as_user(self.specialist(consulted)), frozen(str(moment)):
					answer_consultation(dossier.name, consultation.agency, "Thống nhất")
			moment += timedelta(minutes=10)
			dossier = self.act(self.specialist(holder), dossier, lifecycle.FINISH_STEP, str(moment))
		self.assertEqual(dossier.status, lifecycle.RESULT_READY)
		self.assertEqual(visited, expected_groups)
		self.assertFalse(dossier.has_next_step)
		leads = {group.lead.name for group in lifecycle.step_groups(dossier)}
		self.assertTrue(all(row.finished_at for row in dossier.steps if row.name in leads))

	def test_groups_of_equal_orders(self):
		"""Equal orders (refused by the procedure validator) still group, never deadlock."""
		doc = frappe.new_doc("Dossier")
		for order, agency, mode in (
			(1, self.a, "Sequential"),
			(1, self.c, "Sequential"),
			(2, self.b, "Parallel"),
			(3, self.b, "Sequential"),
			(3, self.c, "Sequential"),
		):
			doc.append("steps", {"step_order": order, "agency": agency.name, "mode": mode})
		groups = lifecycle.step_groups(doc)
		self.assertEqual(
			[(g.order, g.agency, [r.agency for r in g.consulted]) for g in groups],
			[(1, self.a.name, [self.c.name, self.b.name]), (3, self.b.name, [self.c.name])],
		)
		for current, has_next in ((0, 1), (1, 1), (3, 0)):
			doc.current_step = current
			lifecycle.update_routing(doc)
			self.assertEqual(doc.has_next_step, has_next, current)
		with self.assertRaises(frappe.ValidationError):
			make_procedure(self.a.name, steps=[
				{"step_order": 1, "agency": self.a.name, "time_budget": 1},
				{"step_order": 1, "agency": self.b.name, "time_budget": 1},
			])

	def test_the_workflow_reads_the_lifecycles_routing(self):
		conditions = {
			row.next_state: row.condition
			for row in lifecycle.get_workflow().transitions
			if row.action == lifecycle.FINISH_STEP
		}
		self.assertEqual(
			conditions,
			{
				lifecycle.TRANSFERRED: "doc.has_next_step and not doc.next_step_here",
				lifecycle.IN_PROGRESS: "doc.has_next_step and doc.next_step_here",
				lifecycle.RESULT_READY: "not doc.has_next_step",
			},
		)
