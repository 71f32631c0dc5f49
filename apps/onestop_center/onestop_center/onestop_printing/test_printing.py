# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Printed forms: barcode/QR/date helpers, the print formats (HTML and PDF), the tracking ledger."""

import base64
import io
import re
import threading
from contextlib import contextmanager
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase
from pypdf import PdfReader

from onestop_center.dossiers import rule_set as rule_sets
from onestop_center.dossiers.dossier_code import is_provisional
from onestop_center.dossiers.intake import give_dossier_code
from onestop_center.dossiers.state_kinds import not_received_states
from onestop_center.onestop_printing import codes
from onestop_center.onestop_printing.reception import find_applicant
from onestop_center.onestop_printing.report.dossier_tracking_ledger import dossier_tracking_ledger as ledger
from onestop_center.permissions import set_user_agency
from onestop_center.setup.roles import DEPARTMENT_SPECIALIST, RECEPTION_OFFICER
from onestop_center.testing import (
	make_agency,
	make_applicant,
	make_dossier,
	make_procedure,
	make_user,
	unique_digits,
)
from onestop_center.transfers.windows import batch_row

RECEIPT = "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
GUIDANCE = "Phiếu hướng dẫn hoàn thiện hồ sơ"
REFUSAL = "Phiếu từ chối tiếp nhận hồ sơ"
CONTROL_SLIP = "Phiếu kiểm soát quá trình giải quyết hồ sơ"
HANDOVER_SLIP = "Phiếu bàn giao hồ sơ"
APOLOGY = "Phiếu xin lỗi và hẹn lại ngày trả kết quả"
NATIONAL = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
RECEIVED_AT = datetime(2026, 11, 9, 9, 32)
DUE_AT = datetime(2026, 11, 16, 9, 32)


def decode_data_uri(uri: str) -> str:
	prefix = "data:image/svg+xml;base64,"
	assert uri.startswith(prefix), uri[:40]
	return base64.b64decode(uri[len(prefix) :]).decode()


def has_field(doctype: str, fieldname: str) -> bool:
	return frappe.db.exists("DocType", doctype) and frappe.get_meta(doctype).has_field(fieldname)


def received_dossier(procedure=None, applicant=None, ticked=0, **values):
	"""A dossier as the counter leaves it after receiving it (fields set directly: no workflow),
	with its dossier code (a provisional name for the states before reception).

	The first ``ticked`` documents are marked received with their originals.
	"""
	dossier = make_dossier(
		procedure, applicant, status="Draft", received_at=values.pop("received_at", RECEIVED_AT)
	)
	if ticked:
		for row in dossier.documents[:ticked]:
			row.received, row.originals_received = 1, row.required_originals
		dossier.save()
	values = {"status": "Received", "due_at": DUE_AT, "due_date": DUE_AT.date(), **values}
	meta = frappe.get_meta("Dossier")
	frappe.db.set_value("Dossier", dossier.name, {k: v for k, v in values.items() if meta.has_field(k)})
	dossier = frappe.get_doc("Dossier", dossier.name)
	if values["status"] not in not_received_states():
		give_dossier_code(dossier)  # what the reception does: the draft's provisional name → code
	return dossier


def add_row(dossier_name: str, doctype: str, parentfield: str, idx: int, **fields):
	"""A hand-over or consultation row written directly (the lifecycle is not under test here)."""
	frappe.get_doc(
		{
			"doctype": doctype,
			"parent": dossier_name,
			"parenttype": "Dossier",
			"parentfield": parentfield,
			"idx": idx,
			**fields,
		}
	).db_insert()


@contextmanager
def reachable_site():
	"""Point the site URL at a stub web server for wkhtmltopdf.

	The print view links the site's print stylesheet by absolute URL; a test site such as
	``test.localhost`` does not resolve for wkhtmltopdf and no web server runs in tests, and
	Frappe fails the PDF on such a network error. The stub answers every request with empty CSS.
	"""

	class Handler(BaseHTTPRequestHandler):
		def do_GET(self):
			self.send_response(200)
			self.send_header("Content-Type", "text/css")
			self.end_headers()

		def log_message(self, *args):
			pass

	server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
	thread = threading.Thread(target=server.serve_forever, daemon=True)
	thread.start()
	try:
		with patch.dict(frappe.local.conf, {"host_name": f"http://127.0.0.1:{server.server_address[1]}"}):
			yield
	finally:
		server.shutdown()
		server.server_close()


def pdf_text(doctype=None, name=None, print_format=None, doc=None) -> tuple[bytes, PdfReader, str]:
	with reachable_site():
		pdf = frappe.get_print(doctype, name, print_format=print_format, doc=doc, as_pdf=True)
	reader = PdfReader(io.BytesIO(pdf))
	# whitespace removed: table cells may wrap a long dossier code
	return pdf, reader, re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


class TestCodes(FrappeTestCase):
	def test_barcode_is_an_svg_with_bars(self):
		svg = decode_data_uri(codes.barcode_svg_data_uri("000.00.06.H56-231027-0361"))
		self.assertIn("<svg", svg)
		# Code128: start + 25 symbols + check + stop, each 3 bars (stop 4)
		self.assertGreater(svg.count("<rect"), 60)
		self.assertIn("000.00.06.H56-231027-0361", svg)

	def test_qr_is_an_svg(self):
		uri = codes.qr_svg_data_uri("https://example.org/tra-cuu?code=X")
		svg = decode_data_uri(uri)
		self.assertIn("<svg", svg)
		self.assertNotEqual(uri, codes.qr_svg_data_uri("https://example.org/tra-cuu?code=Y"))

	def test_lookup_url(self):
		with patch.object(codes, "_settings_value", return_value=None):
			self.assertEqual(codes.lookup_url("A.1-2"), frappe.utils.get_url("/tra-cuu") + "?code=A.1-2")
		with patch.object(codes, "_settings_value", return_value="https://dvc.example.gov.vn/tra-cuu"):
			self.assertEqual(codes.lookup_url("A 1"), "https://dvc.example.gov.vn/tra-cuu?code=A%201")
		with patch.object(codes, "_settings_value", return_value="https://x.example/?site=1"):
			self.assertEqual(codes.lookup_url("B"), "https://x.example/?site=1&code=B")

	def test_vietnamese_dates(self):
		self.assertEqual(
			codes.vn_datetime_words(datetime(2023, 10, 27, 9, 32)),
			"09 giờ 32 phút, ngày 27 tháng 10 năm 2023",
		)
		self.assertEqual(
			codes.vn_datetime_words("2026-02-05 14:05:00"), "14 giờ 05 phút, ngày 05 tháng 02 năm 2026"
		)
		self.assertEqual(codes.vn_datetime_words(None), "… giờ … phút, ngày … tháng … năm …")
		self.assertEqual(
			codes.vn_date_line("Bà Rịa - Vũng Tàu", date(2026, 3, 5)),
			"Bà Rịa - Vũng Tàu, ngày 05 tháng 3 năm 2026",
		)
		self.assertEqual(codes.vn_date_line("", date(2026, 12, 31)), "Ngày 31 tháng 12 năm 2026")

	def test_form_numbers_per_rule_set(self):
		expected = {
			"QĐ 09/2015": {
				"guidance": "Mẫu 01",
				"ledger": "Mẫu 02",
				"receipt": "Mẫu 03",
				"control_slip": "Mẫu 04",
			},
			"TT 01/2018": {
				"receipt": "Mẫu 01",
				"guidance": "Mẫu 02",
				"refusal": "Mẫu 03",
				"apology": "Mẫu 04",
				"control_slip": "Mẫu 05",
				"ledger": "Mẫu 06",
			},
			"TT 03/2025": {
				"receipt": "Mẫu 01",
				"guidance": "Mẫu 02",
				"refusal": "Mẫu 03",
				"control_slip": "Mẫu 06",
				"ledger": "Mẫu 07",
				"apology": "Mẫu 04",
			},
		}
		for rule_set, forms in expected.items():
			for form, number in forms.items():
				self.assertEqual(codes.form_number(form, rule_set), number, f"{rule_set} {form}")
		self.assertEqual(codes.form_title("guidance", "QĐ 09/2015"), "PHIẾU HƯỚNG DẪN HOÀN THIỆN HỒ SƠ")
		self.assertEqual(
			codes.form_title("guidance", "TT 01/2018"), "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"
		)
		self.assertEqual(
			codes.form_title("apology", "TT 01/2018"), "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"
		)
		self.assertEqual(
			codes.form_title("apology", "TT 03/2025"),
			"VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
		)

	def test_rule_set_from_settings_with_default(self):
		with patch.object(rule_sets, "_settings_value", return_value=None):
			self.assertEqual(codes.current_rule_set(), "TT 03/2025")
			self.assertEqual(codes.form_number("receipt"), "Mẫu 01")
		with patch.object(rule_sets, "_settings_value", return_value="QĐ 09/2015"):
			self.assertEqual(codes.form_number("receipt"), "Mẫu 03")

	def test_jinja_helpers(self):
		html = frappe.render_template(
			"{{ vn_text('Late') }}|{{ form_number('control_slip', 'TT 01/2018') }}|{{ vn_datetime_words(none) }}",
			{},
		)
		self.assertEqual(html, "Quá hạn|Mẫu 05|… giờ … phút, ngày … tháng … năm …")


class TestDossierPrintFormats(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.agency = make_agency(agency_name=f"Sở Thử Nghiệm {frappe.generate_hash(length=5)}")
		cls.procedure = make_procedure(cls.agency.name, procedure_name="Cấp giấy phép thử nghiệm")
		cls.applicant = make_applicant(full_name="Trần Thị Bình", email="binh@example.com")

	def dossier(self, **values):
		return received_dossier(self.procedure.name, self.applicant.name, ticked=1, **values)

	def assertCommon(self, html, dossier, code=True):
		self.assertIn(NATIONAL, html)
		self.assertIn(MOTTO, html)
		if code:
			self.assertIn(dossier.name, html)
		self.assertIn("Trần Thị Bình", html)

	def test_receipt_is_the_default_print_format(self):
		self.assertEqual(frappe.get_meta("Dossier").default_print_format, RECEIPT)

	def test_receipt(self):
		dossier = self.dossier()
		html = frappe.get_print("Dossier", dossier.name, print_format=RECEIPT)
		self.assertCommon(html, dossier)
		self.assertEqual(html.count("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"), 2)
		self.assertIn("Liên 1: Lưu", html)
		self.assertIn("Liên 2: Giao khách hàng", html)
		for text in (
			"Cấp giấy phép thử nghiệm",
			"1 Lê Lợi, Vũng Tàu",
			"0912345678",
			"binh@example.com",
			"Application form",
			"Số bộ hồ sơ: 1 (bộ)",
			"5 (ngày làm việc)",
			"09 giờ 32 phút, ngày 09 tháng 11 năm 2026",  # received
			"09 giờ 32 phút, ngày 16 tháng 11 năm 2026",  # appointment
			"Tại Bộ phận Một cửa",
			"NGƯỜI NỘP HỒ SƠ",
			"NGƯỜI TIẾP NHẬN HỒ SƠ",
			codes.lookup_url(dossier.name),
		):
			self.assertIn(text, html)
		# barcode and QR code per copy, inline
		self.assertEqual(html.count('src="data:image/svg+xml;base64,'), 4)
		self.assertIn(codes.barcode_svg_data_uri(dossier.name), html)

		pdf, reader, text = pdf_text("Dossier", dossier.name, RECEIPT)
		self.assertTrue(pdf.startswith(b"%PDF"))
		self.assertEqual(len(reader.pages), 2)
		self.assertGreaterEqual(text.count(dossier.name), 2)

	def test_guidance_lists_missing_documents(self):
		request = "Bổ sung bản sao sổ hộ khẩu"
		dossier = self.dossier(status="Needs Completion", supplement_request=request)
		html = frappe.get_print("Dossier", dossier.name, print_format=GUIDANCE)
		# not received: no dossier code yet, and the provisional name is not printed as one
		self.assertTrue(is_provisional(dossier.name), dossier.name)
		self.assertCommon(html, dossier, code=False)
		self.assertNotIn("Mã hồ sơ", html)
		self.assertIn(codes.form_title("guidance"), html)
		self.assertIn("Copy of identity card", html)  # not received
		self.assertNotIn("Application form", html)  # received
		self.assertIn("NGƯỜI HƯỚNG DẪN", html)
		if has_field("Dossier", "supplement_request"):
			self.assertIn(request, html)
		pdf, _reader, text = pdf_text("Dossier", dossier.name, GUIDANCE)
		self.assertTrue(pdf.startswith(b"%PDF"))
		self.assertNotIn(dossier.name, text)

	def test_refusal(self):
		reason = "Thủ tục không thuộc thẩm quyền <giải quyết>"
		dossier = self.dossier(status="Refused", refusal_reason=reason)
		html = frappe.get_print("Dossier", dossier.name, print_format=REFUSAL)
		self.assertCommon(html, dossier)
		self.assertIn(codes.form_title("refusal"), html)
		self.assertIn("NGƯỜI TỪ CHỐI", html)
		if has_field("Dossier", "refusal_reason"):
			self.assertIn("Thủ tục không thuộc thẩm quyền &lt;giải quyết&gt;", html)
		pdf, _reader, text = pdf_text("Dossier", dossier.name, REFUSAL)
		self.assertTrue(pdf.startswith(b"%PDF"))
		self.assertIn(dossier.name, text)

	def test_control_slip(self):
		dossier = self.dossier()
		partner = make_agency(agency_name=f"Sở Phối Hợp {frappe.generate_hash(length=5)}")
		if has_field("Dossier", "handovers"):
			for idx, (from_agency, to_agency, result, note) in enumerate(
				[
					(None, self.agency.name, "", "Chuyển đợt 10:30"),
					(self.agency.name, None, "Late", "Trả kết quả"),
				],
				start=1,
			):
				add_row(
					dossier.name,
					"Dossier Hand-over",
					"handovers",
					idx,
					from_agency=from_agency,
					to_agency=to_agency,
					handed_at=datetime(2026, 11, 9 + idx, 10, 30),
					step_result=result,
					note=note,
				)
		if has_field("Dossier", "consultations"):
			add_row(
				dossier.name, "Dossier Consultation", "consultations", 1, step_order=1, agency=partner.name
			)
		html = frappe.get_print("Dossier", dossier.name, print_format=CONTROL_SLIP)
		self.assertCommon(html, dossier)
		self.assertIn(codes.form_title("control_slip"), html)
		self.assertIn("THỜI GIAN GIAO, NHẬN HỒ SƠ", html)
		self.assertIn(self.agency.agency_name, html)
		if has_field("Dossier", "handovers"):
			self.assertIn("10 giờ 30 phút, ngày 10 tháng 11 năm 2026", html)
			self.assertIn("Quá hạn", html)
			self.assertIn("Chuyển đợt 10:30", html)
		if has_field("Dossier", "consultations"):
			self.assertIn(partner.agency_name, html)
		pdf, _reader, text = pdf_text("Dossier", dossier.name, CONTROL_SLIP)
		self.assertTrue(pdf.startswith(b"%PDF"))
		self.assertIn(dossier.name, text)


class TestOtherPrintFormats(FrappeTestCase):
	def test_handover_slip(self):
		agency = make_agency(agency_name=f"Sở Nhận {frappe.generate_hash(length=5)}")
		dossier = received_dossier(make_procedure(agency.name).name)
		batch = frappe.new_doc("Transfer Batch")
		batch.update({"agency": agency.name, "window_at": datetime(2026, 11, 9, 10, 30), "status": "Open"})
		batch.append("dossiers", batch_row(dossier))
		batch.name = "DLC-TEST-" + frappe.generate_hash(length=5)
		html = frappe.get_print("Transfer Batch", batch.name, print_format=HANDOVER_SLIP, doc=batch)
		self.assertIn(NATIONAL, html)
		self.assertIn("PHIẾU BÀN GIAO HỒ SƠ", html)
		self.assertIn(agency.agency_name, html)
		self.assertIn(dossier.name, html)
		pdf, _reader, text = pdf_text("Transfer Batch", batch.name, HANDOVER_SLIP, doc=batch)
		self.assertTrue(pdf.startswith(b"%PDF"))
		self.assertIn(dossier.name, text)

	def test_apology_letter(self):
		agency = make_agency(agency_name=f"Sở Chậm {frappe.generate_hash(length=5)}")
		dossier = received_dossier(make_procedure(agency.name).name)
		letter = frappe.new_doc("Apology Letter")
		letter.update(
			{
				"dossier": dossier.name,
				"agency": agency.name,
				"late_step": 1,
				"reason": "Chờ ý kiến cơ quan phối hợp",
				"original_due_at": DUE_AT,
				"new_appointment_at": datetime(2026, 11, 20, 14, 0),
			}
		)
		letter.name = "XL-TEST-" + frappe.generate_hash(length=5)
		for rule_set, title in (
			("TT 01/2018", "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"),
			("TT 03/2025", "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"),
		):
			frappe.db.set_value("Dossier", dossier.name, "rule_set", rule_set)
			html = frappe.get_print("Apology Letter", letter.name, print_format=APOLOGY, doc=letter)
			self.assertIn(title, html)
			self.assertIn(NATIONAL, html)
			self.assertIn(dossier.name, html)
			self.assertIn(agency.agency_name, html)
			self.assertIn("Chờ ý kiến cơ quan phối hợp", html)
			self.assertIn("14 giờ 00 phút, ngày 20 tháng 11 năm 2026", html)
		pdf, _reader, text = pdf_text("Apology Letter", letter.name, APOLOGY, doc=letter)
		self.assertTrue(pdf.startswith(b"%PDF"))
		self.assertIn(dossier.name, text)


class TestTrackingLedger(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.agency = make_agency()
		cls.other_agency = make_agency()
		cls.procedure = make_procedure(cls.agency.name)
		cls.other_procedure = make_procedure(cls.other_agency.name)
		cls.first = received_dossier(cls.procedure.name, received_at=datetime(2026, 11, 9, 8, 0))
		cls.second = received_dossier(cls.procedure.name, received_at=datetime(2026, 11, 10, 8, 0))
		cls.elsewhere = received_dossier(cls.other_procedure.name, received_at=datetime(2026, 11, 9, 9, 0))
		cls.draft = make_dossier(cls.procedure.name, status="Draft", received_at=datetime(2026, 11, 9, 10, 0))
		cls.filters = {"from_date": "2026-11-01", "to_date": "2026-11-30"}
		if frappe.db.table_exists("Dossier Hand-over"):
			for idx, handed_at in enumerate([datetime(2026, 11, 9, 16, 0), datetime(2026, 11, 9, 10, 30)], 1):
				add_row(
					cls.first.name,
					"Dossier Hand-over",
					"handovers",
					idx,
					to_agency=cls.agency.name,
					handed_at=handed_at,
				)

	def rows(self, **filters):
		columns, data = ledger.execute({**self.filters, **filters})
		return columns, {row["dossier"]: row for row in data}

	def test_columns_follow_form_02(self):
		columns, _rows = self.rows()
		self.assertEqual(
			[c["fieldname"] for c in columns],
			[
				"idx",
				"dossier",
				"procedure_name",
				"number_of_sets",
				"applicant_name",
				"address_phone",
				"agency",
				"received_at",
				"due_at",
				"transferred_at",
				"result_ready_at",
				"returned_at",
				"signature",
				"notes",
			],
		)

	def test_rows_and_agency_filter(self):
		_columns, rows = self.rows(agency=self.agency.name)
		self.assertIn(self.first.name, rows)
		self.assertIn(self.second.name, rows)
		self.assertNotIn(self.elsewhere.name, rows)
		self.assertNotIn(self.draft.name, rows)  # never received
		row = rows[self.first.name]
		self.assertEqual(row["procedure_name"], self.first.procedure_name)
		self.assertEqual(row["number_of_sets"], 1)
		self.assertEqual(row["address_phone"], "1 Lê Lợi, Vũng Tàu, 0912345678")
		self.assertEqual(row["due_at"], DUE_AT)
		self.assertLess(row["idx"], rows[self.second.name]["idx"])
		if frappe.db.table_exists("Dossier Hand-over"):
			self.assertEqual(row["transferred_at"], datetime(2026, 11, 9, 10, 30))  # the first one
		self.assertIsNone(rows[self.second.name]["transferred_at"])

		_columns, everything = self.rows()
		self.assertIn(self.elsewhere.name, everything)
		_columns, outside = self.rows(from_date="2026-11-10", to_date="2026-11-10", agency=self.agency.name)
		self.assertEqual(list(outside), [self.second.name])
		_columns, by_post = self.rows(channel="Post", agency=self.agency.name)
		self.assertEqual(by_post, {})

	def test_department_user_sees_only_their_agency(self):
		user = make_user(DEPARTMENT_SPECIALIST)
		set_user_agency(user, self.other_agency.name)
		frappe.set_user(user)
		try:
			_columns, rows = self.rows()
		finally:
			frappe.set_user("Administrator")
		self.assertEqual(list(rows), [self.elsewhere.name])

	def test_first_handover_in_one_query(self):
		names = [self.first.name, self.second.name, self.elsewhere.name]
		with patch.object(frappe.db, "sql", wraps=frappe.db.sql) as sql:
			ledger.first_handover_times(names)
		self.assertLessEqual(sql.call_count, 2)  # table check + one select


class TestReception(FrappeTestCase):
	def test_find_applicant_by_id_number_or_tax_code(self):
		citizen = make_applicant()
		found = find_applicant(" ".join([citizen.id_number[:4], citizen.id_number[4:]]))
		self.assertEqual(found.name, citizen.name)
		self.assertEqual(found.full_name, citizen.full_name)
		self.assertIsNone(find_applicant("000000000000"))
		self.assertIsNone(find_applicant("not a key"))
		tax_code = "03" + unique_digits(8)
		organisation = make_applicant(
			applicant_type="Organisation", full_name="Công ty Thử", tax_code=tax_code
		)
		self.assertEqual(find_applicant(tax_code).name, organisation.name)

	def test_find_applicant_needs_permission(self):
		frappe.set_user(make_user(DEPARTMENT_SPECIALIST))
		try:
			self.assertRaises(frappe.PermissionError, find_applicant, "012345678901")
		finally:
			frappe.set_user("Administrator")
		frappe.set_user(make_user(RECEPTION_OFFICER))
		try:
			self.assertIsNone(find_applicant("000000000001"))
		finally:
			frappe.set_user("Administrator")
