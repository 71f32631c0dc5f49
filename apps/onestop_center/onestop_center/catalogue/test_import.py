# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""The procedure catalogue imported from the shipped template with Frappe's Data Import (issue 12 §2).

Frappe's importer commits each imported record: every run imports the template's procedures
under national codes of its own.
"""

import io
import json

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import get_datetime
from openpyxl import load_workbook

from onestop_center.catalogue import import_template
from onestop_center.catalogue.importing import form_start_import, grant_data_import
from onestop_center.dossiers import lifecycle
from onestop_center.dossiers.test_lifecycle import as_user, at, frozen
from onestop_center.setup.roles import ONESTOP_ADMINISTRATOR, RECEPTION_OFFICER
from onestop_center.testing import make_dossier, make_user, unique_digits

INSERT = "Insert New Records"
UPDATE = "Update Existing Records"


def shipped_rows() -> list[list]:
	"""The first sheet of the shipped XLSX, as Data Import reads it."""
	book = load_workbook(import_template.TEMPLATE_XLSX, data_only=True)
	return [[cell.value for cell in row] for row in book.worksheets[0].iter_rows()]


def renamed(rows: list[list], codes: dict) -> list[list]:
	"""The template's rows with its national codes replaced (column A)."""
	return [[codes.get(row[0], row[0]), *row[1:]] for row in rows]


def as_xlsx(rows: list[list]) -> bytes:
	from openpyxl import Workbook

	book = Workbook()
	for row in rows:
		book.active.append(row)
	out = io.BytesIO()
	book.save(out)
	return out.getvalue()


def as_csv(rows: list[list]) -> bytes:
	import csv

	out = io.StringIO()
	csv.writer(out, lineterminator="\n").writerows(["" if v is None else v for v in row] for row in rows)
	return out.getvalue().encode()


class TestCatalogueImport(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		from onestop_center.demo.loader import load_agencies, load_procedure_fields

		load_procedure_fields(load_agencies())  # the agencies and fields the template names
		grant_data_import()
		cls.admin = make_user(ONESTOP_ADMINISTRATOR)
		frappe.db.commit()

	def setUp(self):
		frappe.local.lang = "vi"  # the import log's reasons are asserted as officers read them

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.local.lang = "en"  # Frappe's test default

	def run_import(self, content: bytes, file_name: str, import_type=INSERT, doctype="Procedure"):
		"""Data Import as the OneStop Administrator: attach the file, create the import, start it."""
		lang = frappe.local.lang  # Frappe's importer switches the process to the user's language
		try:
			return self._run_import(content, file_name, import_type, doctype)
		finally:
			frappe.local.lang = lang

	def _run_import(self, content, file_name, import_type, doctype):
		with as_user(self.admin):
			file = frappe.get_doc(
				{"doctype": "File", "file_name": file_name, "content": content, "is_private": 1}
			).insert()
			data_import = frappe.get_doc(
				{
					"doctype": "Data Import",
					"reference_doctype": doctype,
					"import_type": import_type,
					"import_file": file.file_url,
				}
			).insert()
			frappe.db.commit()  # saved by its own request in the desk, before the import starts
			form_start_import(data_import.name)
		data_import.reload()
		return data_import

	def logs(self, data_import) -> list[dict]:
		return frappe.get_all(
			"Data Import Log", filters={"data_import": data_import.name}, fields=["success", "messages", "docname"]
		)

	def test_the_shipped_files_are_the_builders(self):
		self.assertEqual(shipped_rows()[0], import_template.header())
		self.assertEqual(
			[[("" if v is None else v) for v in row] for row in shipped_rows()[1:]], import_template.rows()
		)
		self.assertEqual(import_template.TEMPLATE_CSV.read_text(encoding="utf-8"), import_template.csv_text())
		book = load_workbook(import_template.TEMPLATE_XLSX)
		self.assertEqual(book.sheetnames, [import_template.DATA_SHEET, import_template.GUIDE_SHEET])
		guide = [row[0].value for row in book[import_template.GUIDE_SHEET].iter_rows(min_row=2)]
		self.assertEqual(guide, import_template.header())  # every column explained in Vietnamese

	def test_import_the_template_then_receive_a_dossier(self):
		token = unique_digits(5)
		codes = {e["procedure_code"]: f"9.{token}.{i}" for i, e in enumerate(import_template.EXAMPLES, 1)}
		data_import = self.run_import(as_xlsx(renamed(shipped_rows(), codes)), "danh-muc-thu-tuc.xlsx")
		self.assertEqual(data_import.status, "Success", self.logs(data_import))
		self.assertEqual(data_import.payload_count, 3)

		building = frappe.get_doc("Procedure", codes["1.011003"])
		self.assertEqual(building.owner, self.admin)
		self.assertEqual((building.responsible_agency, building.duration_in_person), ("000.00.09.H02", 15))
		self.assertEqual(len(building.documents), 2)
		self.assertEqual([(f.fee_kind, f.amount) for f in building.fees], [("Fee", 1500000)])
		self.assertEqual(
			[(s.step_order, s.agency, s.mode, s.time_budget) for s in building.steps],
			[(1, "000.00.09.H02", "Sequential", 8), (2, "000.00.10.H02", "Parallel", 5), (3, "000.00.09.H02", "Sequential", 7)],
		)
		self.assertEqual(frappe.db.get_value("Procedure", codes["1.011001"], "procedure_field"), "VH.VH")

		# a dossier received on an imported procedure: 15 working days, three planned steps
		documents = [{"document_name": d.document_name, "received": 1, "originals_received": 1} for d in building.documents]
		with frozen("2026-03-09 09:00"):
			dossier = make_dossier(building.name, received_at=at("2026-03-09 09:00"), documents=documents)
			dossier = lifecycle.apply(dossier.name, lifecycle.RECEIVE)
		self.assertEqual(get_datetime(dossier.due_at), at("2026-03-30 09:00"))
		self.assertEqual(
			[(s.step_order, get_datetime(s.planned_start), get_datetime(s.due_at)) for s in dossier.steps],
			[
				(1, at("2026-03-09 09:00"), at("2026-03-19 09:00")),
				(2, at("2026-03-09 09:00"), at("2026-03-16 09:00")),  # the consultation, alongside
				(3, at("2026-03-19 09:00"), at("2026-03-30 09:00")),
			],
		)
		self.assertFalse(dossier.step_plan_exceeds_due)
		self.assertEqual(dossier.total_fee, 1500000)

	def test_update_existing_records_makes_a_new_version(self):
		token = unique_digits(5)
		codes = {e["procedure_code"]: f"9.{token}.{i}" for i, e in enumerate(import_template.EXAMPLES, 1)}
		rows = renamed(shipped_rows(), codes)
		self.assertEqual(self.run_import(as_csv(rows), "danh-muc.csv").status, "Success")
		header = rows[0]
		duration = header.index("In-person Duration")
		online = header.index("Online Duration")
		budget = header.index("Time Budget (Processing Steps)")
		pharmacy = next(i for i, row in enumerate(rows) if row[0] == codes["1.011002"])
		rows[pharmacy][duration] = rows[pharmacy][online] = 12
		rows[pharmacy][budget] = 9  # 9 + 3 = 12
		data_import = self.run_import(as_csv(rows[:1] + rows[pharmacy : pharmacy + 3]), "cap-nhat.csv", UPDATE)
		self.assertEqual(data_import.status, "Success", self.logs(data_import))
		procedure = frappe.get_doc("Procedure", codes["1.011002"])
		self.assertEqual((procedure.version, procedure.duration_in_person), (2, 12))
		self.assertEqual([s.time_budget for s in procedure.steps], [9, 3])
		self.assertEqual([row.version for row in procedure.earlier_versions], [1])

	def test_a_step_plan_the_lifecycle_cannot_run_is_refused_with_its_reason(self):
		token = unique_digits(5)
		codes = {e["procedure_code"]: f"9.{token}.{i}" for i, e in enumerate(import_template.EXAMPLES, 1)}
		rows = renamed(shipped_rows(), codes)
		budget = rows[0].index("Time Budget (Processing Steps)")
		first = next(i for i, row in enumerate(rows) if row[0] == codes["1.011001"])
		rows[first][budget] = 30  # 30 + 2 working days for a 5-day procedure
		data_import = self.run_import(as_csv(rows), "sai-quy-trinh.csv")
		self.assertEqual(data_import.status, "Partial Success")
		[failed] = [log for log in self.logs(data_import) if not log.success]
		reasons = [m["message"] for m in json.loads(failed.messages)]
		self.assertIn(
			"Các bước liên thông cần 32.0 Ngày làm việc, vượt thời hạn giải quyết của thủ tục là 5.0 Ngày làm việc",
			reasons,
		)
		self.assertFalse(frappe.db.exists("Procedure", codes["1.011001"]))
		self.assertTrue(frappe.db.exists("Procedure", codes["1.011002"]))

	def test_the_administrator_imports_the_catalogue_only(self):
		content = as_csv([["Email", "First Name"], ["x@onestop.invalid", "X"]])
		with self.assertRaises(frappe.PermissionError):
			self.run_import(content, "nguoi-dung.csv", doctype="User")
		officer = make_user(RECEPTION_OFFICER)
		with as_user(officer), self.assertRaises(frappe.PermissionError):
			frappe.get_doc({"doctype": "Data Import", "reference_doctype": "Procedure", "import_type": INSERT}).insert()
		# a System Manager's import of something else is neither listed nor started for him
		other = frappe.get_doc({"doctype": "Data Import", "reference_doctype": "ToDo", "import_type": INSERT}).insert()
		with as_user(self.admin):
			self.assertNotIn(other.name, frappe.get_list("Data Import", pluck="name"))
			self.assertFalse(frappe.has_permission("Data Import", "read", doc=other.name))
			with self.assertRaises(frappe.DoesNotExistError):
				form_start_import(other.name)
		with as_user(officer), self.assertRaises(frappe.DoesNotExistError):
			form_start_import(other.name)
