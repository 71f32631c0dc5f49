# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""A new version of a procedure from the desk: in force from its date, old dossiers untouched."""

import json

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import get_datetime, getdate

from onestop_center.catalogue.versions import (
	ProcedureNotInForce,
	VersionError,
	create_new_version,
	procedure_in_force,
)
from onestop_center.dossiers import lifecycle
from onestop_center.dossiers.test_lifecycle import as_user, at, frozen
from onestop_center.setup.roles import ONESTOP_ADMINISTRATOR, RECEPTION_OFFICER
from onestop_center.testing import make_agency, make_dossier, make_procedure, make_user


def plan(agency, *budgets):
	return [
		{"step_order": i, "step_name": f"Bước {i}", "agency": agency, "time_budget": b, "time_unit": "Working Day"}
		for i, b in enumerate(budgets, start=1)
	]


class TestProcedureVersions(FrappeTestCase):
	def setUp(self):
		frappe.set_user("Administrator")
		frappe.local.lang = "vi"  # the messages are asserted as officers read them
		self.agency = make_agency().name
		self.admin = make_user(ONESTOP_ADMINISTRATOR)
		with frozen("2026-02-02 09:00"):
			self.procedure = make_procedure(
				self.agency,
				duration_in_person=5,
				effective_date="2026-01-01",
				documents=[],
				steps=plan(self.agency, 3, 2),
			)

	def tearDown(self):
		frappe.local.lang = "en"  # Frappe's test default

	def received(self, moment):
		"""A dossier received at ``moment`` (its frozen copy and deadline taken then)."""
		with frozen(moment):
			dossier = make_dossier(self.procedure.name, received_at=at(moment))
			return lifecycle.apply(dossier.name, lifecycle.RECEIVE)

	def schedule(self, moment="2026-03-02 09:00", effective="2026-03-16"):
		with as_user(self.admin), frozen(moment):
			create_new_version(self.procedure.name, effective)
		return frappe.get_doc("Procedure", self.procedure.name)

	def test_reception_switches_to_the_new_version_on_its_date(self):
		old = self.received("2026-03-02 10:00")
		self.assertEqual((old.procedure_version, old.duration), (1, 5))

		procedure = self.schedule()
		self.assertEqual((procedure.version, str(procedure.effective_date)), (2, "2026-03-16"))
		[kept] = procedure.earlier_versions
		self.assertEqual((kept.version, str(kept.effective_date), str(kept.replaced_on)), (1, "2026-01-01", "2026-03-16"))
		self.assertEqual(json.loads(kept.content)["duration_in_person"], 5)

		# the administrator edits the new version before it takes effect: its number stays
		with as_user(self.admin), frozen("2026-03-03 09:00"):
			procedure.duration_in_person = 10
			procedure.set("steps", plan(self.agency, 6, 4))
			procedure.fees[0].amount = 80000
			procedure.save()
		self.assertEqual(procedure.version, 2)
		self.assertEqual(len(procedure.earlier_versions), 1)

		before = self.received("2026-03-13 15:00")  # the Friday before: still version 1
		self.assertEqual((before.procedure_version, before.duration, before.fees[0].amount), (1, 5, 50000))
		self.assertEqual([s.time_budget for s in before.steps], [3, 2])
		self.assertEqual(get_datetime(before.due_at), at("2026-03-20 15:00"))

		after = self.received("2026-03-16 09:00")  # from the effective date: version 2
		self.assertEqual((after.procedure_version, after.duration, after.fees[0].amount), (2, 10, 80000))
		self.assertEqual([s.time_budget for s in after.steps], [6, 4])
		self.assertEqual(get_datetime(after.due_at), at("2026-03-30 09:00"))
		self.assertEqual(get_datetime(after.steps[-1].due_at), at("2026-03-30 09:00"))
		self.assertEqual(json.loads(after.procedure_snapshot)["version"], 2)

		# dossiers received earlier keep their frozen copy
		for dossier, duration, due in ((old, 5, "2026-03-09 10:00"), (before, 5, "2026-03-20 15:00")):
			dossier.reload()
			self.assertEqual((dossier.procedure_version, dossier.duration), (1, duration))
			self.assertEqual(get_datetime(dossier.due_at), at(due))
			self.assertEqual(json.loads(dossier.procedure_snapshot)["duration_in_person"], 5)

	def test_version_in_force_by_day(self):
		self.schedule()
		self.assertEqual(procedure_in_force(self.procedure.name, "2026-03-15").version, 1)
		self.assertEqual(procedure_in_force(self.procedure.name, "2026-03-16").version, 2)
		with frozen("2026-03-10 09:00"):
			self.assertEqual(procedure_in_force(self.procedure.name).version, 1)

	def test_only_a_writer_of_procedures_creates_a_version(self):
		officer = make_user(RECEPTION_OFFICER)
		with as_user(officer), frozen("2026-03-02 09:00"), self.assertRaises(frappe.PermissionError):
			create_new_version(self.procedure.name, "2026-03-16")
		self.assertEqual(frappe.db.get_value("Procedure", self.procedure.name, "version"), 1)
		with as_user(self.admin), self.assertRaises(frappe.DoesNotExistError):
			create_new_version("KHONG-CO", "2026-03-16")

	def test_the_date_must_be_later_and_one_version_waits_at_a_time(self):
		for day in ("2026-03-02", "2026-02-20"):
			with self.subTest(day=day), as_user(self.admin), frozen("2026-03-02 09:00"):
				with self.assertRaisesRegex(VersionError, "Phiên bản mới có hiệu lực từ một ngày sau hôm nay"):
					create_new_version(self.procedure.name, day)
		self.schedule()
		with as_user(self.admin), frozen("2026-03-03 09:00"):
			with self.assertRaisesRegex(VersionError, "Phiên bản 2 đã được lên lịch"):
				create_new_version(self.procedure.name, "2026-04-01")
			procedure = frappe.get_doc("Procedure", self.procedure.name)
			procedure.effective_date = "2026-03-01"  # before today: refused
			with self.assertRaises(VersionError):
				procedure.save()
			procedure = frappe.get_doc("Procedure", self.procedure.name)
			procedure.effective_date = "2026-03-20"  # moved later: fine
			procedure.save()
		self.assertEqual(str(procedure.earlier_versions[0].replaced_on), "2026-03-20")
		self.assertEqual(procedure_in_force(self.procedure.name, "2026-03-19").version, 1)

	def test_a_version_in_force_is_not_moved_to_a_later_date(self):
		with as_user(self.admin), frozen("2026-03-02 09:00"):
			procedure = frappe.get_doc("Procedure", self.procedure.name)
			procedure.effective_date = "2026-04-01"
			with self.assertRaisesRegex(VersionError, "Tạo phiên bản mới"):
				procedure.save()

	def test_an_edit_of_the_version_in_force_keeps_the_old_one(self):
		with as_user(self.admin), frozen("2026-03-02 09:00"):
			procedure = frappe.get_doc("Procedure", self.procedure.name)
			procedure.legal_basis = "Nghị định mới"
			procedure.save()
		self.assertEqual((procedure.version, getdate(procedure.effective_date)), (2, getdate("2026-03-02")))
		self.assertEqual([row.version for row in procedure.earlier_versions], [1])
		self.assertEqual(procedure_in_force(self.procedure.name, "2026-02-10").legal_basis, "Test decree")

	def test_earlier_versions_cannot_be_rewritten_by_a_client(self):
		self.schedule()
		with as_user(self.admin), frozen("2026-03-03 09:00"):
			procedure = frappe.get_doc("Procedure", self.procedure.name)
			procedure.earlier_versions[0].content = json.dumps({"duration_in_person": 99})
			procedure.append("earlier_versions", {"version": 7, "content": "{}"})
			procedure.save()
		procedure.reload()
		self.assertEqual([row.version for row in procedure.earlier_versions], [1])
		self.assertEqual(json.loads(procedure.earlier_versions[0].content)["duration_in_person"], 5)

	def test_a_procedure_not_yet_in_force_receives_nothing(self):
		with frozen("2026-03-02 09:00"):
			later = make_procedure(self.agency, effective_date="2026-04-01")
			with self.assertRaisesRegex(ProcedureNotInForce, "có hiệu lực từ ngày 01/04/2026"):
				make_dossier(later.name, received_at=at("2026-03-02 09:00"))

	def test_the_public_page_shows_the_version_in_force(self):
		from onestop_center.portal.catalogue import procedure_page

		procedure = self.schedule()
		with as_user(self.admin), frozen("2026-03-03 09:00"):
			procedure.duration_in_person = 10
			procedure.set("steps", plan(self.agency, 6, 4))
			procedure.save()
		with frozen("2026-03-13 09:00"):
			self.assertEqual(procedure_page(self.procedure.name).version, 1)
		with frozen("2026-03-16 09:00"):
			self.assertEqual(procedure_page(self.procedure.name).version, 2)
