# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Issue 12 §1: the workflow is the administrator's. Shipped once (no fixtures), edited in the desk
by the OneStop Administrator (a deputy head's review added between two department states, an
action relabelled), kept by ``migrate``, and the lifecycle follows the kinds of the edited states."""

import os
import subprocess
import sys
from pathlib import Path

import frappe
from frappe.model.workflow import WorkflowTransitionError

from onestop_center.dossiers import deadline, lifecycle, lifecycle_workflow, state_kinds
from onestop_center.dossiers.test_lifecycle import MONDAY, LifecycleTestCase, as_user
from onestop_center.portal import lookup
from onestop_center.setup.roles import (
	CENTRE_LEADER,
	DEPARTMENT_HEAD,
	DEPARTMENT_SPECIALIST,
	ONESTOP_ADMINISTRATOR,
	RECEPTION_OFFICER,
)
from onestop_center.testing import make_user

WORKFLOW = lifecycle_workflow.WORKFLOW
REVIEW = "Chờ phó trưởng phòng duyệt"
SUBMIT_FOR_REVIEW = "Trình phó trưởng phòng duyệt"
ACCEPT_RENAMED = "Nhận hồ sơ để xử lý"


def _rows(rows):
	drop = {
		"name",
		"parent",
		"parenttype",
		"parentfield",
		"creation",
		"modified",
		"owner",
		"modified_by",
		"docstatus",
		"idx",
	}
	return [{k: v for k, v in row.as_dict().items() if k not in drop} for row in rows]


def run_migrate():
	"""``bench migrate`` of this site, in its own process (what an upgrade runs)."""
	frappe.db.commit()
	sites = os.path.join(frappe.utils.get_bench_path(), "sites")
	result = subprocess.run(
		[
			sys.executable,
			"-m",
			"frappe.utils.bench_helper",
			"frappe",
			"--site",
			frappe.local.site,
			"migrate",
			"--skip-search-index",
		],
		cwd=sites,
		check=False,
		capture_output=True,
		text=True,
		timeout=1200,
	)
	assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
	frappe.clear_cache()
	state_kinds.clear_cache()


class TestShippedOnce(LifecycleTestCase):
	def test_no_forced_fixtures(self):
		self.assertEqual(frappe.get_hooks("fixtures", app_name="onestop_center"), [])
		self.assertFalse(os.path.exists(frappe.get_app_path("onestop_center", "fixtures")))
		self.assertIn(
			"onestop_center.dossiers.patches.workflow_owned_by_site",
			Path(frappe.get_app_path("onestop_center", "patches.txt")).read_text(),
		)

	def test_install_creates_only_what_is_missing(self):
		style = frappe.db.get_value("Workflow State", "Draft", "style")
		frappe.db.set_value("Workflow State", "Draft", "style", "Danger")
		transitions = len(frappe.get_doc("Workflow", WORKFLOW).transitions)
		try:
			lifecycle_workflow.install()
			self.assertEqual(frappe.db.get_value("Workflow State", "Draft", "style"), "Danger")
			self.assertEqual(len(frappe.get_doc("Workflow", WORKFLOW).transitions), transitions)
		finally:
			frappe.db.set_value("Workflow State", "Draft", "style", style)

	def test_the_administrator_edits_the_workflow_records(self):
		admin = make_user(ONESTOP_ADMINISTRATOR)
		for doctype, name in (
			("Workflow", WORKFLOW),
			("Workflow State", "In Progress"),
			("Workflow Action Master", "Accept"),
			("Lifecycle Kinds", "Lifecycle Kinds"),
		):
			for ptype in ("read", "write"):
				self.assertTrue(frappe.has_permission(doctype, ptype, name, user=admin), (doctype, ptype))
		officer = make_user(DEPARTMENT_HEAD)
		self.assertFalse(frappe.has_permission("Workflow", "write", WORKFLOW, user=officer))

	def test_shipped_kinds_are_the_shipped_names(self):
		self.assertEqual(
			{row.state: row.kind for row in frappe.get_single("Lifecycle Kinds").states},
			state_kinds.DEFAULT_STATE_KINDS,
		)
		self.assertEqual(
			set(state_kinds.not_received_states()), {"Draft", "Needs Completion", "Pending Reception"}
		)
		self.assertEqual(
			set(state_kinds.department_states()),
			{"Transferred", "In Progress", "Supplement Requested", "Result Ready"},
		)


class TestPatchChangesOnlyWhatItMeans(LifecycleTestCase):
	ACTION = "Thu hồi để kiểm tra lại"

	def setUp(self):
		super().setUp()
		workflow = frappe.get_doc("Workflow", WORKFLOW)
		saved = _rows(workflow.transitions)
		kinds = _rows(frappe.get_single("Lifecycle Kinds").actions)

		def restore():
			workflow = frappe.get_doc("Workflow", WORKFLOW)
			workflow.set("transitions", saved)
			workflow.save(ignore_permissions=True)
			doc = frappe.get_single("Lifecycle Kinds")
			doc.set("actions", kinds)
			doc.save(ignore_permissions=True)
			frappe.delete_doc_if_exists("Workflow Action Master", self.ACTION)

		self.addCleanup(restore)

	def test_a_patch_adds_its_transition_and_keeps_the_administrators_edits(self):
		workflow = frappe.get_doc("Workflow", WORKFLOW)
		resend = next(row for row in workflow.transitions if row.action == lifecycle.RESEND)
		resend.allowed = CENTRE_LEADER  # the administrator's edit
		workflow.save(ignore_permissions=True)
		count = len(workflow.transitions)
		args = (lifecycle.SENT_BACK, self.ACTION, lifecycle.RECEIVED, RECEPTION_OFFICER)
		self.assertTrue(lifecycle_workflow.ensure_transition(*args, kind=state_kinds.RESEND))
		self.assertFalse(lifecycle_workflow.ensure_transition(*args, kind=state_kinds.RESEND))
		workflow = frappe.get_doc("Workflow", WORKFLOW)
		self.assertEqual(len(workflow.transitions), count + 1)
		self.assertEqual(
			next(row.allowed for row in workflow.transitions if row.action == lifecycle.RESEND), CENTRE_LEADER
		)
		self.assertEqual(state_kinds.action_kind(self.ACTION), state_kinds.RESEND)
		# an administrator's kind is kept by a later patch
		self.assertFalse(lifecycle_workflow.ensure_kind("actions", self.ACTION, state_kinds.INTERNAL_STEP))
		self.assertEqual(state_kinds.action_kind(self.ACTION), state_kinds.RESEND)


class TestAdministratorEditsTheWorkflow(LifecycleTestCase):
	"""A deputy head's review inside the department, an action relabelled, a migrate, a dossier."""

	def setUp(self):
		super().setUp()
		workflow = frappe.get_doc("Workflow", WORKFLOW)
		self.saved_states, self.saved_transitions = _rows(workflow.states), _rows(workflow.transitions)
		kinds = frappe.get_single("Lifecycle Kinds")
		self.saved_kinds = (_rows(kinds.states), _rows(kinds.actions))
		self.addCleanup(self.restore)

	def restore(self):
		frappe.set_user("Administrator")
		workflow = frappe.get_doc("Workflow", WORKFLOW)
		workflow.set("states", self.saved_states)
		workflow.set("transitions", self.saved_transitions)
		workflow.save(ignore_permissions=True)
		kinds = frappe.get_single("Lifecycle Kinds")
		kinds.set("states", self.saved_kinds[0])
		kinds.set("actions", self.saved_kinds[1])
		kinds.save(ignore_permissions=True)
		frappe.delete_doc_if_exists("Workflow State", REVIEW)
		for action in (SUBMIT_FOR_REVIEW, ACCEPT_RENAMED):
			frappe.delete_doc_if_exists("Workflow Action Master", action)
		frappe.db.commit()
		self.assertNotIn(REVIEW, frappe.get_meta("Dossier").get_field("status").options.split("\n"))

	def edit_as_administrator(self, admin):
		with as_user(admin):
			if not frappe.db.exists("Workflow State", REVIEW):
				frappe.get_doc(
					{"doctype": "Workflow State", "workflow_state_name": REVIEW, "style": "Primary"}
				).insert()
			for action in (SUBMIT_FOR_REVIEW, ACCEPT_RENAMED):
				if not frappe.db.exists("Workflow Action Master", action):
					frappe.get_doc(
						{"doctype": "Workflow Action Master", "workflow_action_name": action}
					).insert()
			workflow = frappe.get_doc("Workflow", WORKFLOW)
			workflow.append("states", {"state": REVIEW, "doc_status": "0", "allow_edit": DEPARTMENT_HEAD})
			for row in list(workflow.transitions):
				if row.state == lifecycle.IN_PROGRESS and row.action == lifecycle.FINISH_STEP:
					# the step is finished after the deputy head's review, by the head
					if row.allowed == DEPARTMENT_HEAD:
						workflow.append(
							"transitions",
							{
								"state": REVIEW,
								"action": row.action,
								"next_state": row.next_state,
								"allowed": DEPARTMENT_HEAD,
								"allow_self_approval": 1,
								"condition": row.condition,
							},
						)
					workflow.remove(row)
				elif row.action == lifecycle.ACCEPT:
					row.action = ACCEPT_RENAMED
			for role in (DEPARTMENT_SPECIALIST, DEPARTMENT_HEAD):
				workflow.append(
					"transitions",
					{
						"state": lifecycle.IN_PROGRESS,
						"action": SUBMIT_FOR_REVIEW,
						"next_state": REVIEW,
						"allowed": role,
						"allow_self_approval": 1,
					},
				)
			workflow.append(
				"transitions",
				{
					"state": REVIEW,
					"action": lifecycle.WITHDRAW,
					"next_state": lifecycle.STOPPED,
					"allowed": RECEPTION_OFFICER,
					"allow_self_approval": 1,
				},
			)
			workflow.save()
			kinds = frappe.get_single("Lifecycle Kinds")
			kinds.append("states", {"state": REVIEW, "kind": state_kinds.IN_PROGRESS})
			kinds.append("actions", {"action": SUBMIT_FOR_REVIEW, "kind": state_kinds.INTERNAL_STEP})
			kinds.append("actions", {"action": ACCEPT_RENAMED, "kind": state_kinds.ACCEPT})
			kinds.save()
		frappe.db.commit()

	def test_edited_workflow_survives_migrate_and_drives_a_dossier(self):
		admin = make_user(ONESTOP_ADMINISTRATOR)
		self.edit_as_administrator(admin)
		run_migrate()

		# the edit is kept, and Frappe's shared states are left alone
		workflow = frappe.get_doc("Workflow", WORKFLOW)
		self.assertIn(REVIEW, {row.state for row in workflow.states})
		self.assertIn(ACCEPT_RENAMED, {row.action for row in workflow.transitions})
		self.assertNotIn(lifecycle.ACCEPT, {row.action for row in workflow.transitions})
		self.assertFalse(
			[
				r
				for r in workflow.transitions
				if r.state == lifecycle.IN_PROGRESS and r.action == lifecycle.FINISH_STEP
			]
		)
		self.assertEqual(state_kinds.kind_of(REVIEW), state_kinds.IN_PROGRESS)
		self.assertIn(REVIEW, state_kinds.department_states())
		self.assertIn(REVIEW, frappe.get_meta("Dossier").get_field("status").options.split("\n"))

		procedure = self.procedure(steps=[(1, self.a, 3, "Sequential")])
		dossier = self.transferred(procedure)
		due = dossier.due_at
		# the relabelled action accepts; the old label is gone
		with self.assertRaises(WorkflowTransitionError):
			self.act(self.specialist(self.a), dossier, lifecycle.ACCEPT)
		dossier = self.act(self.specialist(self.a), dossier, ACCEPT_RENAMED)
		self.assertEqual(dossier.status, lifecycle.IN_PROGRESS)
		self.assertTrue(dossier.handovers[-1].received_by)  # Accept's effect, by its kind
		# the step is no longer finished without the review
		with self.assertRaises(WorkflowTransitionError):
			self.act(self.head(self.a), dossier, lifecycle.FINISH_STEP)
		# another agency's officer cannot move it; the holding agency's specialist can
		with self.assertRaises(frappe.PermissionError):
			self.act(self.specialist(self.b), dossier, SUBMIT_FOR_REVIEW)
		dossier = self.act(self.specialist(self.a), dossier, SUBMIT_FOR_REVIEW, f"{MONDAY} 13:00")
		self.assertEqual(dossier.status, REVIEW)

		# in review: at the department (like In Progress), clock running, invisible to agency B
		self.assertEqual(dossier.due_at, due)
		self.assertTrue(deadline.is_open_status(dossier.status))
		self.assertFalse(dossier.finished_at)
		for user in (self.specialist(self.b), self.head(self.b)):
			with as_user(user):
				self.assertNotIn(dossier.name, frappe.get_list("Dossier", pluck="name", limit_page_length=0))
				self.assertFalse(frappe.has_permission("Dossier", "read", dossier.name))
		with as_user(self.head(self.a)):
			self.assertIn(dossier.name, frappe.get_list("Dossier", pluck="name", limit_page_length=0))
			self.assertTrue(frappe.has_permission("Dossier", "write", dossier.name))
		self.assertEqual(lookup.status_texts()[REVIEW], lookup.status_texts()[lifecycle.IN_PROGRESS])
		with self.assertRaises(frappe.PermissionError):
			self.act(self.head(self.b), dossier, lifecycle.FINISH_STEP)

		# the head finishes the step after the review: the result is ready, the step classified
		dossier = self.act(self.head(self.a), dossier, lifecycle.FINISH_STEP, f"{MONDAY} 15:00")
		self.assertEqual(dossier.status, lifecycle.RESULT_READY)
		self.assertEqual(str(dossier.finished_at), f"{MONDAY} 15:00:00")
		self.assertEqual(dossier.steps[0].timeliness, "Early")
		dossier = self.act(self.officer, dossier, lifecycle.COLLECT_RESULT, f"{MONDAY} 16:00")
		self.assertEqual(dossier.status, lifecycle.RESULT_AT_CENTRE)
		self.pay(dossier)
		dossier = self.act(
			self.officer,
			dossier,
			lifecycle.RETURN_RESULT,
			f"{MONDAY} 16:30",
			receiver_name="Nguyễn Văn Nhận",
			receiver_id_number="001099012345",
		)
		self.assertEqual(dossier.status, lifecycle.RETURNED)
		self.assertEqual(str(dossier.returned_at), f"{MONDAY} 16:30:00")
		self.assertEqual(
			frappe.get_all(
				"Comment",
				filters={"reference_name": dossier.name, "comment_type": "Workflow"},
				pluck="content",
				order_by="creation asc",
			)[-4:-2],
			[REVIEW, lifecycle.RESULT_READY],
		)
