# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

import contextlib
import io
import re

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils.password import check_password

from onestop_center.demo.loader import (
	DEMO_PASSWORD,
	counts,
	demo_dossier_names,
	load,
	print_logins,
	read_data,
	user_email,
)
from onestop_center.dossiers.dossier_code import is_provisional
from onestop_center.permissions import get_user_agencies

DOSSIER_CODE = re.compile(r"^[0-9A-Z.]+-\d{6}-\d{4,}$")


class TestDemoData(FrappeTestCase):
	"""Loads the demo twice in the test transaction (rolled back after the class)."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		loaded_before = set(demo_dossier_names())  # a site loaded by an earlier version keeps its data
		with contextlib.redirect_stdout(io.StringIO()):
			load(commit=False)
			cls.made_now = set(demo_dossier_names()) - loaded_before
			cls.first = counts()
			load(commit=False)
			cls.second = counts()

	def test_second_load_changes_nothing(self):
		self.assertEqual(self.first, self.second)

	def test_everything_is_there(self):
		self.assertGreaterEqual(self.second["Agency"], len(read_data("agencies")["agencies"]))
		self.assertGreaterEqual(self.second["Procedure"], len(read_data("procedures")["procedures"]))
		self.assertEqual(len(demo_dossier_names()), len(read_data("dossiers")["dossiers"]))
		for doctype in ("Counter", "Secondment", "Applicant", "Fee Receipt", "Survey Response"):
			self.assertGreater(self.second[doctype], 0, doctype)

	def test_agency_tree(self):
		root = frappe.db.get_value("Agency", {"agency_name": "UBND tỉnh Bà Rịa - Vũng Tàu"}, ["name", "kind"])
		self.assertEqual(root[1], "People's Committee")
		self.assertEqual(frappe.db.get_value("Agency", "000.00.08.H02", "parent_agency"), root[0])
		# The sub-unit hangs under its department.
		self.assertEqual(frappe.db.get_value("Agency", "000.01.07.H02", "parent_agency"), "000.00.07.H02")

	def test_procedure_kinds(self):
		by_kind = {}
		for row in read_data("procedures")["procedures"]:
			by_kind.setdefault(row["demo_kind"], []).append(row["code"])
		for kind in ("single", "inter_agency", "parallel", "immediate"):
			self.assertTrue(by_kind.get(kind), kind)
		for code in by_kind["inter_agency"]:
			steps = frappe.get_doc("Procedure", code).steps
			self.assertGreaterEqual(len({step.agency for step in steps}), 2, code)
			self.assertTrue(all(step.mode == "Sequential" for step in steps), code)
		for code in by_kind["parallel"]:
			self.assertIn("Parallel", [step.mode for step in frappe.get_doc("Procedure", code).steps], code)
		for code in by_kind["immediate"]:
			self.assertTrue(frappe.db.get_value("Procedure", code, "resolved_immediately"), code)

	def test_reception_officer_login(self):
		email = "tiepnhan01@onestop.localhost"
		self.assertIn("Reception Officer", frappe.get_roles(email))
		self.assertEqual(check_password(email, DEMO_PASSWORD), email)
		self.assertEqual(frappe.db.get_value("User", email, "language"), "vi")
		self.assertTrue(frappe.db.exists("Counter", {"officer": email}))
		self.assertTrue(frappe.db.exists("Secondment", {"officer": email}))

	def test_every_role_has_a_login(self):
		for login, role in (
			("tonghop01", "General Affairs Officer"),
			("chuyenvien01", "Department Specialist"),
			("truongphong01", "Department Head"),
			("lanhdao01", "Centre Leader"),
			("quantri01", "OneStop Administrator"),
		):
			self.assertIn(role, frappe.get_roles(user_email(login)), login)

	def test_department_users_see_their_agency(self):
		# chuyenvien01 works at Sở Tư pháp (000.00.03.H02).
		self.assertEqual(get_user_agencies(user_email("chuyenvien01")), ["000.00.03.H02"])
		self.assertEqual(get_user_agencies(user_email("tiepnhan01")), [])

	def test_dossier_codes(self):
		# received dossiers carry their code; those never received (needing completion, refused at
		# the counter) keep the provisional name of their draft and took no number
		rows = frappe.get_all(
			"Dossier", filters={"name": ("in", demo_dossier_names())}, fields=["name", "status", "due_at"]
		)
		self.assertEqual(len(rows), len(demo_dossier_names()))
		for row in rows:
			if row.due_at:
				self.assertRegex(row.name, DOSSIER_CODE)
			else:
				self.assertIn(row.status, ("Needs Completion", "Refused"), row.name)
				if row.name in self.made_now:
					self.assertTrue(is_provisional(row.name), row.name)
		statuses = set(
			frappe.get_all("Dossier", filters={"name": ("in", demo_dossier_names())}, pluck="status")
		)
		self.assertTrue({"Received", "In Progress", "Returned", "Needs Completion"} <= statuses, statuses)

	def test_fee_receipts_are_submitted(self):
		receipts = frappe.get_all(
			"Fee Receipt", filters={"dossier": ("in", demo_dossier_names())}, pluck="docstatus"
		)
		self.assertTrue(receipts)
		self.assertTrue(all(docstatus == 1 for docstatus in receipts))

	def test_print_logins(self):
		out = io.StringIO()
		with contextlib.redirect_stdout(out):
			print_logins()
		lines = out.getvalue().splitlines()
		self.assertEqual(len(lines), len(read_data("staff")["users"]))
		self.assertIn("tiepnhan01@onestop.localhost", lines[0])
		self.assertIn("Quầy 01", lines[0])
