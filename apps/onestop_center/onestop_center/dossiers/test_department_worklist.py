# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Issue 11 item 10: the department's worklist, the head's assignment, what departments never see."""

import frappe
from frappe.desk.form.assign_to import add as assign

from onestop_center.dossiers import assignment, lifecycle
from onestop_center.dossiers.report.waiting_for_me import waiting_for_me
from onestop_center.dossiers.test_lifecycle import MONDAY, LifecycleTestCase, as_user
from onestop_center.setup.roles import DEPARTMENT_HEAD, DEPARTMENT_SPECIALIST


class TestNotReceivedIsInvisible(LifecycleTestCase):
	def test_a_draft_is_no_departments_business_until_received(self):
		dossier = self.draft()
		self.assertEqual(frappe.db.get_value("Dossier", dossier.name, "agency"), self.a.name)
		for user in (self.specialist(self.a), self.head(self.a)):
			with self.subTest(user), as_user(user):
				self.assertNotIn(dossier.name, frappe.get_list("Dossier", pluck="name", limit_page_length=0))
				self.assertFalse(frappe.has_permission("Dossier", "read", dossier.name))
				# nor its rows
				self.assertEqual(
					frappe.get_list(
						"Dossier Document",
						filters={"parent": dossier.name},
						parent_doctype="Dossier",
						pluck="name",
					),
					[],
				)
		dossier = self.act(self.officer, dossier, lifecycle.RECEIVE)
		with as_user(self.specialist(self.a)):
			self.assertIn(dossier.name, frappe.get_list("Dossier", pluck="name", limit_page_length=0))

	def test_every_state_not_received_is_hidden(self):
		from onestop_center.permissions import dossier_query_conditions

		with as_user(self.specialist(self.a)):
			condition = dossier_query_conditions()
		for state in lifecycle.NOT_RECEIVED:
			self.assertIn(frappe.db.escape(state), condition)


class TestAssignment(LifecycleTestCase):
	def test_only_to_officers_of_the_holding_agency_by_its_head(self):
		dossier = self.in_progress()
		officers = {row["user"] for row in assignment.agency_officers(self.a.name)}
		self.assertEqual(officers, {self.specialist(self.a), self.head(self.a)})
		with as_user(self.head(self.a)):
			self.assertEqual(
				{row["user"] for row in assignment.officers_of_dossier(dossier.name)}, officers
			)
			# another agency's officer: refused, and the dossier is not shared with them
			with self.assertRaises(assignment.AssignmentNotPermitted):
				assignment.assign_specialist(dossier.name, self.specialist(self.b))
			with self.assertRaises(assignment.AssignmentNotPermitted):
				assign({"assign_to": [self.specialist(self.b)], "doctype": "Dossier", "name": dossier.name})
		self.assertFalse(
			frappe.db.exists("DocShare", {"share_name": dossier.name, "user": self.specialist(self.b)})
		)
		# a specialist does not assign
		with as_user(self.specialist(self.a)), self.assertRaises(assignment.AssignmentNotPermitted):
			assignment.assign_specialist(dossier.name, self.specialist(self.a))
		with as_user(self.head(self.a)):
			assignment.assign_specialist(dossier.name, self.specialist(self.a))
		self.assertTrue(
			frappe.db.exists(
				"ToDo",
				{"reference_name": dossier.name, "allocated_to": self.specialist(self.a), "status": "Open"},
			)
		)

	def test_another_agency_cannot_see_whom_to_assign(self):
		dossier = self.in_progress()
		with as_user(self.head(self.b)), self.assertRaises(frappe.PermissionError):
			assignment.officers_of_dossier(dossier.name)


class TestWaitingForMe(LifecycleTestCase):
	def test_my_steps_assigned_to_me_or_nobody_soonest_first(self):
		late = self.in_progress(self.procedure([(1, self.a, 5, "Sequential")]))
		soon = self.in_progress(self.procedure([(1, self.a, 1, "Sequential")]))
		waiting = self.transferred(self.procedure([(1, self.a, 3, "Sequential")]))
		others = self.in_progress(self.procedure([(1, self.a, 2, "Sequential")]))
		elsewhere = self.transferred(self.procedure([(1, self.b, 1, "Sequential")]))
		colleague = frappe.get_doc("User", self.specialist(self.a))
		# the fourth dossier is assigned to the head: not in the specialist's list
		with as_user(self.head(self.a)):
			assignment.assign_specialist(others.name, self.head(self.a))
			assignment.assign_specialist(soon.name, colleague.name)

		with as_user(self.specialist(self.a)):
			rows = waiting_for_me.execute()[1]
		names = [row["name"] for row in rows]
		self.assertEqual(names[:3], [soon.name, waiting.name, late.name])
		self.assertNotIn(others.name, names)
		self.assertNotIn(elsewhere.name, names)
		self.assertEqual(rows[0]["assigned_to"], frappe.utils.get_fullname(colleague.name))

		with as_user(self.head(self.a)):
			head_rows = [row["name"] for row in waiting_for_me.execute()[1]]
		self.assertIn(others.name, head_rows)
		self.assertNotIn(soon.name, head_rows)

	def test_a_heads_step_waits_for_the_head_only(self):
		steps = [
			{"step_order": 1, "step_name": "Thẩm định", "agency": self.a.name, "time_budget": 1,
				"time_unit": "Working Day", "mode": "Sequential", "role": DEPARTMENT_SPECIALIST},
			{"step_order": 2, "step_name": "Phê duyệt", "agency": self.a.name, "time_budget": 1,
				"time_unit": "Working Day", "mode": "Sequential", "role": DEPARTMENT_HEAD},
		]
		from onestop_center.testing import make_procedure

		dossier = self.in_progress(make_procedure(self.a.name, steps=steps).name)
		dossier = self.act(self.specialist(self.a), dossier, lifecycle.FINISH_STEP, f"{MONDAY} 14:00")
		self.assertEqual((dossier.status, dossier.current_step), (lifecycle.IN_PROGRESS, 2))
		with as_user(self.specialist(self.a)):
			self.assertNotIn(dossier.name, [row["name"] for row in waiting_for_me.execute()[1]])
		with as_user(self.head(self.a)):
			[row] = [row for row in waiting_for_me.execute()[1] if row["name"] == dossier.name]
		self.assertEqual(row["step_name"], "Phê duyệt")

	def test_stopped_dossiers_leave_the_list(self):
		dossier = self.in_progress()
		self.act(self.officer, dossier, lifecycle.WITHDRAW, stop_reason="Rút hồ sơ")
		with as_user(self.specialist(self.a)):
			self.assertNotIn(dossier.name, [row["name"] for row in waiting_for_me.execute()[1]])
