# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

import json
import threading
import time
from datetime import date, datetime
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase

from onestop_center.dossiers import deadline, lifecycle
from onestop_center.dossiers.dossier_code import (
	current_sequence,
	is_provisional,
	parse_dossier_code,
	reception_day,
	series_key,
	set_sequence,
)
from onestop_center.dossiers.field_policy import LifecycleFieldError
from onestop_center.permissions import set_user_agency
from onestop_center.setup.roles import (
	CENTRE_LEADER,
	DEPARTMENT_HEAD,
	DEPARTMENT_SPECIALIST,
	RECEPTION_OFFICER,
)
from onestop_center.testing import make_agency, make_dossier, make_procedure, make_user, unique_token

DAY = datetime(2026, 3, 9, 9, 30)
NEXT_DAY = datetime(2026, 3, 10, 7, 45)


def receive(procedure: str, received_at: datetime, opened_at: datetime | None = None):
	"""A dossier opened at the counter (at ``opened_at``) and received complete at ``received_at``."""
	with patch.object(deadline, "now", return_value=opened_at or received_at):
		dossier = make_dossier(procedure, received_at=opened_at or received_at)
	with patch.object(deadline, "now", return_value=received_at):
		return lifecycle.apply(dossier, lifecycle.RECEIVE)


class TestDossierCode(FrappeTestCase):
	"""The code is given at reception (Receive / Resolve Immediately), not when the draft is opened."""

	def setUp(self):
		frappe.set_user("Administrator")
		self.agency = make_agency()
		self.procedure = make_procedure(self.agency.name, documents=[])

	def test_code_format(self):
		dossier = receive(self.procedure.name, DAY)
		self.assertEqual(dossier.name, f"{self.agency.identifier_code}-260309-0001")
		self.assertRegex(dossier.name, r"^[A-Z0-9.]+-\d{6}-\d{4,}$")
		parsed = parse_dossier_code(dossier.name)
		self.assertEqual(parsed.identifier_code, self.agency.identifier_code)
		self.assertEqual(parsed.reception_date, date(2026, 3, 9))
		self.assertEqual(parsed.sequence, 1)
		self.assertEqual(frappe.db.get_value("Dossier", dossier.name, "status"), "Received")

	def test_parse_rejects_other_text(self):
		for text in (
			"",
			"000.00.12.H56-260309-001",
			"000.00.12.H56-261309-0001",
			"abc",
			"H56-260309-0001-1",
			"NHAP-20260309-00001",
		):
			self.assertIsNone(parse_dossier_code(text), text)

	def test_a_draft_has_a_provisional_name(self):
		draft = make_dossier(self.procedure.name, received_at=DAY)
		self.assertEqual(draft.status, "Draft")
		self.assertRegex(draft.name, r"^NHAP-\d{8}-\d{5}$")
		self.assertTrue(is_provisional(draft.name))
		self.assertIsNone(parse_dossier_code(draft.name))
		self.assertFalse(is_provisional(receive(self.procedure.name, DAY).name))

	def test_drafts_and_dossiers_needing_completion_take_no_number(self):
		prefix = self.agency.identifier_code
		drafts = [make_dossier(self.procedure.name, received_at=DAY) for _ in range(3)]
		with patch.object(deadline, "now", return_value=DAY):
			incomplete = lifecycle.apply(drafts[0], lifecycle.REQUEST_COMPLETION)
		self.assertEqual(incomplete.status, "Needs Completion")
		self.assertTrue(all(is_provisional(d.name) for d in (*drafts, incomplete)))
		self.assertEqual(current_sequence(prefix, DAY.date()), 0)

		# completed later the same day: received, it takes the first number
		with patch.object(deadline, "now", return_value=DAY.replace(hour=15)):
			received = lifecycle.apply(incomplete.name, lifecycle.RECEIVE)
		self.assertEqual(received.name, f"{prefix}-260309-0001")
		self.assertFalse(frappe.db.exists("Dossier", incomplete.name))
		self.assertEqual(current_sequence(prefix, DAY.date()), 1)

	def test_the_code_is_dated_with_the_reception_day(self):
		dossier = receive(self.procedure.name, NEXT_DAY, opened_at=DAY)
		prefix = self.agency.identifier_code
		self.assertEqual(dossier.name, f"{prefix}-260310-0001")
		self.assertEqual(dossier.received_at, NEXT_DAY)
		self.assertEqual(current_sequence(prefix, DAY.date()), 0)

	def test_sequence_per_agency_per_day(self):
		other_agency = make_agency()
		other_procedure = make_procedure(other_agency.name, documents=[])
		codes = [receive(self.procedure.name, DAY).name for _ in range(3)]
		other = receive(other_procedure.name, DAY).name
		next_day = receive(self.procedure.name, NEXT_DAY).name

		prefix = self.agency.identifier_code
		self.assertEqual(codes, [f"{prefix}-260309-{n:04d}" for n in (1, 2, 3)])
		self.assertEqual(other, f"{other_agency.identifier_code}-260309-0001")
		self.assertEqual(next_day, f"{prefix}-260310-0001")
		self.assertEqual(current_sequence(prefix, DAY.date()), 3)

	def test_sequence_grows_past_9999(self):
		set_sequence(self.agency.identifier_code, DAY.date(), 9999)
		dossier = receive(self.procedure.name, DAY)
		self.assertEqual(dossier.name, f"{self.agency.identifier_code}-260309-10000")
		self.assertEqual(parse_dossier_code(dossier.name).sequence, 10000)

	def test_code_uses_the_procedure_agency_identifier(self):
		department = make_agency()
		sub_unit = make_agency(parent_agency=department.name)
		dossier = receive(make_procedure(sub_unit.name, documents=[]).name, DAY)
		self.assertTrue(dossier.name.startswith(sub_unit.identifier_code + "-260309-"))
		self.assertEqual(dossier.agency, sub_unit.name)

	def test_a_dossier_inserted_received_gets_its_code_at_insert(self):
		# data migration and tests insert dossiers directly in a received state
		with (
			patch("frappe.model.document.Document.validate_workflow", lambda doc: None),
			patch("onestop_center.dossiers.lifecycle.validate", lambda doc: None),
		):
			dossier = make_dossier(self.procedure.name, received_at=DAY, status="Received")
		self.assertEqual(dossier.name, f"{self.agency.identifier_code}-260309-0001")

	def test_the_timeline_follows_the_rename(self):
		from frappe.desk.form.assign_to import add as assign

		draft = make_dossier(self.procedure.name, received_at=DAY)
		draft.remarks = "Khách hẹn quay lại"
		draft.save(ignore_version=False)  # a version of the draft (tests skip versions by default)
		draft.add_comment("Comment", "Ghi chú tại quầy")
		assign({"doctype": "Dossier", "name": draft.name, "assign_to": ["Administrator"]})
		old = draft.name

		with patch.object(deadline, "now", return_value=DAY):
			dossier = lifecycle.apply(old, lifecycle.RECEIVE)
		new = dossier.name
		self.assertNotEqual(new, old)
		self.assertFalse(frappe.db.exists("Dossier", old))
		self.assertEqual(frappe.db.get_value("Dossier", new, "remarks"), "Khách hẹn quay lại")

		def count(doctype, **filters):
			return frappe.db.count(doctype, filters)

		for name, expected in ((old, 0), (new, 1)):
			self.assertEqual(
				count(
					"Comment", reference_doctype="Dossier", reference_name=name, content="Ghi chú tại quầy"
				),
				expected,
			)
			self.assertEqual(count("ToDo", reference_type="Dossier", reference_name=name), expected)
		self.assertEqual(count("Version", ref_doctype="Dossier", docname=old), 0)
		self.assertEqual(count("Version", ref_doctype="Dossier", docname=new), 1)
		# the workflow's timeline comment, written after the save, is under the new name
		self.assertEqual(count("Comment", reference_name=new, comment_type="Workflow"), 1)
		# the child rows moved with their parent
		self.assertEqual(count("Dossier Fee", parent=old), 0)
		self.assertEqual(count("Dossier Fee", parent=new), len(dossier.fees))


class TestDossierFrozenProcedure(FrappeTestCase):
	def setUp(self):
		self.procedure = make_procedure(duration_online=3)

	def test_reception_freezes_the_procedure(self):
		dossier = make_dossier(self.procedure.name)
		self.assertEqual(dossier.procedure_name, self.procedure.procedure_name)
		self.assertEqual(dossier.procedure_version, 1)
		self.assertEqual(dossier.duration, 5)
		self.assertEqual(dossier.duration_unit, "Working Day")
		self.assertEqual(dossier.legal_basis, "Test decree")
		self.assertEqual(
			[d.document_name for d in dossier.documents], ["Application form", "Copy of identity card"]
		)
		self.assertEqual(dossier.documents[1].required_copies, 1)
		self.assertEqual([(f.fee_name, f.amount) for f in dossier.fees], [("Processing charge", 50000)])
		self.assertEqual(dossier.total_fee, 50000)
		self.assertEqual(dossier.received_by, frappe.session.user)
		self.assertEqual(json.loads(dossier.procedure_snapshot)["procedure_code"], self.procedure.name)

	def test_online_dossier_uses_the_online_duration(self):
		self.assertEqual(make_dossier(self.procedure.name, channel="Online").duration, 3)

	def test_documents_ticked_at_the_counter_are_kept(self):
		dossier = make_dossier(
			self.procedure.name,
			documents=[{"document_name": "Application form", "received": 1, "originals_received": 1}],
		)
		self.assertEqual([d.received for d in dossier.documents], [1, 0])
		self.assertEqual(dossier.documents[0].originals_received, 1)

	def test_later_procedure_edit_does_not_alter_the_dossier(self):
		dossier = make_dossier(self.procedure.name)
		self.procedure.duration_in_person = 10
		self.procedure.legal_basis = "New decree"
		self.procedure.documents[0].document_name = "New application form"
		self.procedure.fees[0].amount = 80000
		self.procedure.save()
		self.assertEqual(self.procedure.version, 2)

		dossier = frappe.get_doc("Dossier", dossier.name)
		self.assertEqual(dossier.procedure_version, 1)
		self.assertEqual(dossier.duration, 5)
		self.assertEqual(dossier.legal_basis, "Test decree")
		self.assertEqual(dossier.documents[0].document_name, "Application form")
		self.assertEqual(dossier.fees[0].amount, 50000)
		dossier.remarks = "Saved again after the procedure changed"
		dossier.save()
		self.assertEqual(dossier.duration, 5)

		later = make_dossier(self.procedure.name)
		self.assertEqual((later.procedure_version, later.duration, later.fees[0].amount), (2, 10, 80000))

	def test_frozen_copy_cannot_be_edited(self):
		# the frozen copy is lifecycle-owned (dossiers/field_policy.py): refused with HTTP 403
		dossier = make_dossier(self.procedure.name)
		dossier.duration = 50
		with self.assertRaises(LifecycleFieldError):
			dossier.save()
		dossier.reload()
		dossier.fees[0].amount = 1
		with self.assertRaises(LifecycleFieldError):
			dossier.save()

	def test_inactive_procedure_cannot_receive(self):
		self.procedure.is_active = 0
		self.procedure.save()
		with self.assertRaises(frappe.ValidationError):
			make_dossier(self.procedure.name)

	def test_number_of_sets_at_least_one(self):
		with self.assertRaises(frappe.ValidationError):
			make_dossier(self.procedure.name, number_of_sets=0)


def received_at_agency(agency: str):
	"""A dossier of ``agency``'s procedure past reception (drafts are the counter's alone)."""
	dossier = make_dossier(make_procedure(agency).name)
	frappe.db.set_value("Dossier", dossier.name, "status", "Received")
	dossier.status = "Received"
	return dossier


class TestDossierPermissions(FrappeTestCase):
	def setUp(self):
		self.agency_a, self.agency_b = make_agency(), make_agency()
		self.dossier_a = received_at_agency(self.agency_a.name)
		self.dossier_b = received_at_agency(self.agency_b.name)
		self.specialist = make_user(DEPARTMENT_SPECIALIST)
		set_user_agency(self.specialist, self.agency_a.name)

	def tearDown(self):
		frappe.set_user("Administrator")

	def visible(self, user, *dossiers):
		frappe.set_user(user)
		names = set(
			frappe.get_list("Dossier", filters={"name": ("in", [d.name for d in dossiers])}, pluck="name")
		)
		frappe.set_user("Administrator")
		return names

	def test_specialist_sees_only_own_agency(self):
		self.assertTrue(frappe.has_permission("Dossier", "read", self.dossier_a, user=self.specialist))
		# a department changes a dossier only while it is at the department (see the lifecycle)
		self.assertFalse(frappe.has_permission("Dossier", "write", self.dossier_a, user=self.specialist))
		frappe.db.set_value("Dossier", self.dossier_a.name, "status", "In Progress")
		self.assertTrue(frappe.has_permission("Dossier", "write", self.dossier_a, user=self.specialist))
		self.assertFalse(frappe.has_permission("Dossier", "read", self.dossier_b, user=self.specialist))
		self.assertEqual(self.visible(self.specialist, self.dossier_a, self.dossier_b), {self.dossier_a.name})

	def test_head_of_department_sees_sub_units(self):
		sub_unit = make_agency(parent_agency=self.agency_a.name)
		dossier_sub = received_at_agency(sub_unit.name)
		head = make_user(DEPARTMENT_HEAD)
		set_user_agency(head, self.agency_a.name)
		self.assertEqual(
			self.visible(head, self.dossier_a, self.dossier_b, dossier_sub),
			{self.dossier_a.name, dossier_sub.name},
		)
		self.assertTrue(frappe.has_permission("Dossier", "read", dossier_sub, user=head))

	def test_department_user_without_agency_sees_nothing(self):
		orphan = make_user(DEPARTMENT_SPECIALIST)
		self.assertEqual(self.visible(orphan, self.dossier_a, self.dossier_b), set())
		self.assertFalse(frappe.has_permission("Dossier", "read", self.dossier_a, user=orphan))

	def test_centre_roles_see_all_agencies(self):
		for role in (RECEPTION_OFFICER, CENTRE_LEADER):
			user = make_user(role)
			with self.subTest(role=role):
				self.assertEqual(
					self.visible(user, self.dossier_a, self.dossier_b),
					{self.dossier_a.name, self.dossier_b.name},
				)
				self.assertTrue(frappe.has_permission("Dossier", "read", self.dossier_b, user=user))

	def test_applicant_registry_is_closed_to_department_users(self):
		applicant = frappe.get_doc("Applicant", self.dossier_a.applicant)
		self.assertFalse(frappe.has_permission("Applicant", "read", applicant, user=self.specialist))
		self.assertTrue(
			frappe.has_permission("Applicant", "read", applicant, user=make_user(RECEPTION_OFFICER))
		)
		frappe.set_user(self.specialist)
		with self.assertRaises(frappe.PermissionError):
			frappe.get_list("Applicant")

	def test_set_user_agency_is_idempotent(self):
		set_user_agency(self.specialist, self.agency_a.name)
		self.assertEqual(
			frappe.db.count("User Permission", {"user": self.specialist, "allow": "Agency"}),
			1,
		)


class TestDossierCodeConcurrency(FrappeTestCase):
	"""Receptions racing for the same agency and day, each on its own connection: each opens a
	draft (provisional name) and receives it; every one gets a distinct number."""

	WORKERS = 4

	def test_concurrent_receptions_get_distinct_numbers(self):
		frappe.set_user("Administrator")
		identifier = f"C{unique_token()}.00.12.H56"
		agency = make_agency(identifier_code=identifier)
		procedure = make_procedure(agency.name, documents=[])
		frappe.db.commit()
		day = date(2026, 3, 9)
		try:
			codes, errors = self.receive_concurrently(procedure.name, datetime(2026, 3, 9, 9, 0))
			self.assertEqual(errors, [])
			self.assertEqual(
				sorted(codes), [f"{identifier}-260309-{n:04d}" for n in range(1, self.WORKERS + 1)]
			)
			self.assertEqual(current_sequence(identifier, day), self.WORKERS)
		finally:
			for name in frappe.get_all("Dossier", filters={"procedure": procedure.name}, pluck="name"):
				frappe.delete_doc("Dossier", name, force=True, ignore_permissions=True)
			frappe.db.delete("Series", {"name": series_key(identifier, day)})
			for doctype, name in (("Procedure", procedure.name), ("Agency", agency.name)):
				frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
			frappe.db.commit()

	def receive_concurrently(self, procedure, received_at):
		barrier = threading.Barrier(self.WORKERS)
		codes, errors = [], []

		def intake():
			reception_day(received_at)  # warm the time-zone cache so that the intakes really race
			frappe.set_user("Administrator")
			barrier.wait()
			try:
				draft = make_dossier(procedure, received_at=received_at)
				assert is_provisional(draft.name), draft.name
				dossier = lifecycle.apply(draft, lifecycle.RECEIVE)
				time.sleep(0.2)  # keep the series row lock for a while, as a real reception would
				frappe.db.commit()
				codes.append(dossier.name)
			except Exception as error:  # noqa: BLE001 (collected and asserted below)
				frappe.db.rollback()
				errors.append(repr(error))

		threads = [self.thread(intake) for _ in range(self.WORKERS)]
		with patch.object(deadline, "now", return_value=received_at):  # one patch for all threads
			for thread in threads:
				thread.start()
			for thread in threads:
				thread.join(timeout=120)
		return codes, errors

	@staticmethod
	def thread(function):
		site, sites_path = frappe.local.site, frappe.local.sites_path

		def run():
			frappe.init(site=site, sites_path=sites_path)
			frappe.connect()
			try:
				function()
				frappe.db.commit()
			finally:
				frappe.destroy()

		return threading.Thread(target=run)
