# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""The printed forms as handed out (issue 11): each rendered to PDF and read back with pypdf.

Every form shows its number and rule set, its title, the heading with the province and the
centre, the place and the date of the event it records (never the day it is reprinted) and the
officer who took the action (never whoever prints it). A dossier keeps the rule set in force when
it was received, whatever the settings say later. The dossiers go through the real lifecycle with
the app's clock frozen (``deadline.now``).
"""

import re
from datetime import datetime, timedelta
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import get_datetime

from onestop_center.dossiers import lifecycle
from onestop_center.dossiers.ledger_book import book_of
from onestop_center.dossiers.patches import freeze_rule_sets
from onestop_center.dossiers.test_lifecycle import as_user, frozen
from onestop_center.onestop_printing.test_printing import add_row, pdf_text
from onestop_center.permissions import set_user_agency
from onestop_center.setup.roles import DEPARTMENT_HEAD, DEPARTMENT_SPECIALIST, RECEPTION_OFFICER
from onestop_center.testing import make_agency, make_applicant, make_dossier, make_procedure, make_user

RECEIPT = "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
GUIDANCE = "Phiếu hướng dẫn hoàn thiện hồ sơ"
REFUSAL = "Phiếu từ chối tiếp nhận hồ sơ"
CONTROL_SLIP = "Phiếu kiểm soát quá trình giải quyết hồ sơ"
APOLOGY = "Phiếu xin lỗi và hẹn lại ngày trả kết quả"
FEE_RECEIPT = "Biên lai thu phí, lệ phí"

IDENTITY = {
	"governing_body": "Ủy ban nhân dân tỉnh Thử Nghiệm",
	"centre_name": "Trung tâm Phục vụ hành chính công tỉnh Thử Nghiệm",
	"place_name": "Thử Nghiệm",
	"rule_set": "TT 03/2025",
	"rule_set_2015_from": "2015-05-15",
	"rule_set_2018_from": "2019-01-08",
	"rule_set_2025_from": "2025-09-15",
}
HEADING = "ỦYBANNHÂNDÂNTỈNHTHỬNGHIỆM"
CENTRE = "TRUNGTÂMPHỤCVỤHÀNHCHÍNHCÔNGTỈNHTHỬNGHIỆM"
NATIONAL = "CỘNGHÒAXÃHỘICHỦNGHĨAVIỆTNAM"
BASIS_2025 = "PhụlụcIThôngtưsố03/2025/TT-VPCP"
BASIS_2018 = "Thôngtưsố01/2018/TT-VPCP"

RECEIVED = "2026-03-09 09:32:00"  # a Monday
REQUESTED = "2026-03-10 10:15:00"
REFUSED = "2026-03-11 14:05:00"
PRINTED = "2026-06-01 08:00:00"  # reprinted much later: that day never shows


def squeeze(text: str) -> str:
	return re.sub(r"\s+", "", text)


def named_user(role: str, first_name: str, last_name: str, agency: str | None = None) -> str:
	user = make_user(role)
	frappe.db.set_value(
		"User",
		user,
		{"first_name": first_name, "last_name": last_name, "full_name": f"{first_name} {last_name}"},
	)
	if agency:
		set_user_agency(user, agency)
	if hasattr(frappe.local, "fullnames"):
		frappe.local.fullnames.pop(user, None)
	return user


class FormsTestCase(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.saved = {key: frappe.db.get_single_value("OneStop Settings", key) for key in IDENTITY}
		cls.saved["centre_agency"] = frappe.db.get_single_value("OneStop Settings", "centre_agency")
		for key, value in IDENTITY.items():
			frappe.db.set_single_value("OneStop Settings", key, value)
		cls.centre = make_agency(
			agency_name="Bộ phận Một cửa tỉnh Thử Nghiệm", kind="Public Administration Service Centre"
		)
		frappe.db.set_single_value("OneStop Settings", "centre_agency", cls.centre.name)
		cls.agency = make_agency(agency_name=f"Sở Biểu Mẫu {frappe.generate_hash(length=5)}")
		cls.partner = make_agency(agency_name=f"Sở Phối Hợp {frappe.generate_hash(length=5)}")
		cls.procedure = make_procedure(cls.agency.name, procedure_name="Cấp giấy phép biểu mẫu")
		cls.applicant = make_applicant(full_name="Trần Thị Bình")
		cls.officer = named_user(RECEPTION_OFFICER, "Nguyễn Văn", "Tiếp")
		cls.other_officer = named_user(RECEPTION_OFFICER, "Phạm Thị", "Từ")
		cls.head = named_user(DEPARTMENT_HEAD, "Hoàng Văn", "Trưởng", cls.agency.name)
		cls.specialist = named_user(DEPARTMENT_SPECIALIST, "Lê Thị", "Soạn", cls.agency.name)
		frappe.clear_cache(doctype="OneStop Settings")

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		super().tearDownClass()
		# the users' import commits, so the settings changed before it are restored for good
		for key, value in cls.saved.items():
			frappe.db.set_single_value("OneStop Settings", key, value)
		frappe.db.commit()  # nosemgrep
		frappe.clear_cache(doctype="OneStop Settings")

	def setUp(self):
		# a test may move the rule-set dates and the switch: every test starts from the same ones
		frappe.set_user("Administrator")
		for key, value in IDENTITY.items():
			frappe.db.set_single_value("OneStop Settings", key, value)

	def draft(self, at: str = RECEIVED, ticked: bool = True):
		with frozen(at), as_user(self.officer):
			dossier = make_dossier(self.procedure.name, self.applicant.name, status="Draft")
			if ticked:
				for row in dossier.documents:
					row.received, row.originals_received, row.copies_received = (
						1,
						row.required_originals,
						row.required_copies,
					)
				dossier.save()
		return dossier

	def receive(self, at: str = RECEIVED):
		dossier = self.draft(at)
		with frozen(at), as_user(self.officer):
			return lifecycle.apply(dossier, lifecycle.RECEIVE)

	def read(self, doctype, name, print_format, **kwargs) -> str:
		"""The PDF's text (whitespace removed), printed by Administrator on another day."""
		with frozen(PRINTED):
			_pdf, _reader, text = pdf_text(doctype, name, print_format, **kwargs)
		return text

	def assertHeading(self, text: str, centre: str = CENTRE):
		self.assertIn(HEADING, text)
		self.assertIn(centre, text)
		self.assertIn(NATIONAL, text)
		self.assertNotIn("ngày01tháng6năm2026", text, "the day it was reprinted")
		self.assertNotIn("Administrator", text)


class TestFormsOfTheCounter(FormsTestCase):
	def test_receipt_dated_and_signed_by_the_reception(self):
		dossier = self.receive()
		self.assertEqual(dossier.rule_set, "TT 03/2025")
		self.assertEqual(dossier.received_by, self.officer)
		self.assertEqual(dossier.ledger_book, f"TN/{2026}")
		self.assertGreaterEqual(dossier.ledger_number, 1)
		self.assertEqual(frappe.db.get_value("Dossier", dossier.name, "ledger_number"), dossier.ledger_number)

		text = self.read("Dossier", dossier.name, RECEIPT)
		self.assertHeading(text)
		self.assertEqual(text.count("Mẫu01-" + BASIS_2025), 2)  # both copies
		self.assertIn("GIẤYTIẾPNHẬNHỒSƠVÀHẸNTRẢKẾTQUẢ", text)
		self.assertIn(dossier.name, text)
		self.assertIn("ThửNghiệm,ngày09tháng3năm2026", text)
		self.assertIn("09giờ32phút,ngày09tháng3năm2026", text)
		self.assertIn("NguyễnVănTiếp", text)
		self.assertIn("BộphậnMộtcửa:", text)
		self.assertIn(f"Quyểnsố:TN/2026Sốthứtự:{dossier.ledger_number}", text)
		self.assertIn("Hìnhthứcnộphồsơ:Trựctiếp", text)
		self.assertIn("Phí,lệphí:50.000đồng", text)

	def test_ledger_entries_follow_each_other_in_the_counters_book(self):
		counter = frappe.get_doc(
			{
				"doctype": "Counter",
				"counter_number": "Q" + frappe.generate_hash(length=4),
				"counter_name": "Quầy thử",
			}
		).insert()
		numbers = []
		for _ in range(2):
			dossier = self.draft()
			frappe.db.set_value("Dossier", dossier.name, "counter", counter.name)
			with frozen(RECEIVED), as_user(self.officer):
				dossier = lifecycle.apply(frappe.get_doc("Dossier", dossier.name), lifecycle.RECEIVE)
			self.assertEqual(dossier.ledger_book, f"{counter.name}/2026")
			self.assertEqual(book_of(dossier), dossier.ledger_book)
			numbers.append(dossier.ledger_number)
		self.assertEqual(numbers, [1, 2])

	def test_guidance_dated_and_signed_by_the_completion_request(self):
		dossier = self.draft(ticked=False)
		with frozen(REQUESTED), as_user(self.officer):
			dossier = lifecycle.apply(
				dossier, lifecycle.REQUEST_COMPLETION, supplement_request="Bổ sung bản sao sổ hộ khẩu"
			)
		self.assertEqual(dossier.supplement_requested_by, self.officer)
		self.assertEqual(dossier.supplement_requested_at, get_datetime(REQUESTED))
		text = self.read("Dossier", dossier.name, GUIDANCE)
		self.assertHeading(text)
		self.assertIn("Mẫu02-" + BASIS_2025, text)
		self.assertIn("PHIẾUYÊUCẦUBỔSUNG,HOÀNTHIỆNHỒSƠ", text)
		self.assertIn("ThửNghiệm,ngày10tháng3năm2026", text)
		self.assertIn("NGƯỜIHƯỚNGDẪN", text)
		self.assertIn("NguyễnVănTiếp", text)
		self.assertIn("Bổsungbảnsaosổhộkhẩu", text)

	def test_refusal_signed_by_the_officer_who_refused(self):
		dossier = self.draft()
		with frozen(REFUSED), as_user(self.other_officer):
			dossier = lifecycle.apply(dossier, lifecycle.REFUSE, refusal_reason="Không thuộc thẩm quyền")
		self.assertEqual(dossier.refused_by, self.other_officer)
		text = self.read("Dossier", dossier.name, REFUSAL)
		self.assertHeading(text)
		self.assertIn("Mẫu03-" + BASIS_2025, text)
		self.assertIn("PHIẾUTỪCHỐITIẾPNHẬNGIẢIQUYẾTHỒSƠ", text)
		self.assertIn("ThửNghiệm,ngày11tháng3năm2026", text)
		self.assertIn("PhạmThịTừ", text)
		self.assertNotIn("NguyễnVănTiếp", text)  # opened the draft, did not refuse it

	def test_control_slip_lists_handling_agencies_and_consultations(self):
		dossier = self.receive()
		add_row(
			dossier.name,
			"Dossier Hand-over",
			"handovers",
			1,
			from_agency=self.centre.name,
			to_agency=self.agency.name,
			handed_at=datetime(2026, 3, 9, 10, 30),
		)
		add_row(
			dossier.name,
			"Dossier Hand-over",
			"handovers",
			2,
			from_agency=self.agency.name,
			to_agency=self.centre.name,
			handed_at=datetime(2026, 3, 12, 15, 0),
			step_result="On Time",
		)
		add_row(
			dossier.name,
			"Dossier Consultation",
			"consultations",
			1,
			step_order=1,
			agency=self.partner.name,
			requested_at=datetime(2026, 3, 9, 10, 30),
			answered_at=datetime(2026, 3, 10, 16, 0),
			opinion="Thống nhất",
		)
		text = self.read("Dossier", dossier.name, CONTROL_SLIP)
		self.assertHeading(text)
		self.assertIn("Mẫu06-" + BASIS_2025, text)
		self.assertIn("PHIẾUKIỂMSOÁTQUÁTRÌNHGIẢIQUYẾTHỒSƠ", text)
		self.assertIn("ThửNghiệm,ngày09tháng3năm2026", text)
		handling = squeeze(text.split("Cơquan(bộphận)giảiquyếthồsơ:")[1].split("Cơquanphốihợp")[0])
		self.assertIn(squeeze(self.agency.agency_name), handling)
		self.assertNotIn(squeeze(self.centre.agency_name), handling)
		self.assertIn("Xinýkiếnphốihợp", text)
		self.assertIn(squeeze(self.partner.agency_name), text)
		self.assertIn("16giờ00phút,ngày10tháng3năm2026", text)
		self.assertIn("Thốngnhất", text)
		self.assertIn(f"Quyểnsố:TN/2026,Sốthứtự:{dossier.ledger_number}", text)

	def test_late_return_without_letter_is_flagged(self):
		dossier = self.receive()
		frappe.db.set_value("Dossier", dossier.name, {"status": "Result at Centre", "total_fee": 0})
		frappe.db.delete("Dossier Fee", {"parent": dossier.name})
		after_deadline = str(get_datetime(dossier.due_at) + timedelta(days=1))
		with frozen(after_deadline), as_user(self.officer):
			dossier = lifecycle.apply(
				frappe.get_doc("Dossier", dossier.name),
				lifecycle.RETURN_RESULT,
				receiver_name="Trần Thị Bình",
				receiver_id_number="012345678901",
			)
		self.assertEqual(dossier.late_without_letter, 1)


class TestApologyLetterForm(FormsTestCase):
	def test_letter_signed_by_the_head_on_the_day_of_issue(self):
		dossier = self.receive()
		due = get_datetime(dossier.due_at)
		frappe.db.set_value("Dossier", dossier.name, {"status": "In Progress", "agency": self.agency.name})
		issued = "2026-03-13 16:20:00"  # before the deadline (5 working days from the Monday)
		appointment = "2026-03-20 09:00:00"
		with frozen("2026-03-13 10:00:00"), as_user(self.specialist):
			letter = frappe.get_doc(
				{
					"doctype": "Apology Letter",
					"dossier": dossier.name,
					"reason": "Chờ ý kiến cơ quan phối hợp",
					"new_appointment_at": appointment,
				}
			).insert()
		with frozen(issued), as_user(self.head):
			letter = frappe.get_doc("Apology Letter", letter.name)
			letter.signer_title = "Giám đốc"
			letter.submit()
		self.assertEqual(letter.issued_late, 0, (issued, due))
		text = self.read("Apology Letter", letter.name, APOLOGY)
		self.assertIn(HEADING, text)
		self.assertIn(squeeze(self.agency.agency_name).upper(), text)  # issued by the late agency
		self.assertIn("Mẫu04-" + BASIS_2025, text)
		self.assertIn("VĂNBẢNXINLỖIVÀĐỀNGHỊGIAHẠNTHỜIGIANGIẢIQUYẾT", text)
		self.assertIn("xinlỗi", text)
		self.assertIn("ThửNghiệm,ngày13tháng3năm2026", text)
		self.assertIn("GIÁMĐỐC", text)
		self.assertIn("HoàngVănTrưởng", text)
		self.assertNotIn("LêThịSoạn", text)
		self.assertIn("09giờ00phút,ngày20tháng3năm2026", text)


class TestRuleSetFrozenPerDossier(FormsTestCase):
	def test_two_dossiers_keep_their_rule_sets_when_the_settings_change(self):
		old = self.receive("2024-05-06 09:00:00")
		new = self.receive()
		self.assertEqual((old.rule_set, new.rule_set), ("TT 01/2018", "TT 03/2025"))

		# the centre switches to the 2015 rules and moves every date: nothing already received moves
		frappe.db.set_single_value(
			"OneStop Settings", {"rule_set": "QĐ 09/2015", "rule_set_2025_from": "2030-01-01"}
		)
		frappe.db.set_single_value("OneStop Settings", "rule_set_2018_from", "2030-01-01")
		old_text = self.read("Dossier", old.name, RECEIPT)
		new_text = self.read("Dossier", new.name, RECEIPT)
		self.assertIn("Mẫu01-" + BASIS_2018, old_text)
		self.assertIn("Bộphậntiếpnhậnvàtrảkếtquả:", old_text)
		self.assertNotIn("BộphậnMộtcửa:", old_text)
		self.assertIn("Mẫu01-" + BASIS_2025, new_text)
		self.assertIn("BộphậnMộtcửa:", new_text)
		self.assertIn("Mẫu05-" + BASIS_2018, self.read("Dossier", old.name, CONTROL_SLIP))
		self.assertIn("Mẫu06-" + BASIS_2025, self.read("Dossier", new.name, CONTROL_SLIP))
		# a dossier received now: of the dates, only the 2015 one has come
		later = self.receive("2026-03-10 09:00:00")
		self.assertEqual(later.rule_set, "QĐ 09/2015")
		self.assertIn("Mẫu03-Quyếtđịnhsố09/2015/QĐ-TTg", self.read("Dossier", later.name, RECEIPT))

	def test_users_cannot_change_what_the_forms_record(self):
		dossier = self.receive()
		self.assertEqual(dossier.rule_set, "TT 03/2025")
		for fieldname, value in (
			("rule_set", "QĐ 09/2015"),
			("ledger_number", 999),
			("refused_by", self.head),
		):
			with as_user(self.officer):
				doc = frappe.get_doc("Dossier", dossier.name)
				doc.set(fieldname, value)
				self.assertRaises(frappe.PermissionError, doc.save)
		self.assertEqual(frappe.db.get_value("Dossier", dossier.name, "rule_set"), "TT 03/2025")

	def test_patch_fills_rule_set_and_actors_of_existing_dossiers(self):
		received = self.receive("2024-05-06 09:00:00")
		refused = self.draft()
		with frozen(REFUSED), as_user(self.other_officer):
			refused = lifecycle.apply(refused, lifecycle.REFUSE, refusal_reason="Sai thẩm quyền")
		frappe.db.set_value("Dossier", received.name, "rule_set", None)
		frappe.db.set_value("Dossier", refused.name, "refused_by", None)
		# the history the desk keeps (tests save no Versions): the refusal by the other officer
		with as_user(self.other_officer):
			frappe.get_doc(
				{
					"doctype": "Version",
					"ref_doctype": "Dossier",
					"docname": refused.name,
					"data": frappe.as_json({"changed": [["status", "Draft", "Refused"]]}),
				}
			).insert(ignore_permissions=True)
		freeze_rule_sets.execute()
		self.assertEqual(frappe.db.get_value("Dossier", received.name, "rule_set"), "TT 01/2018")
		self.assertEqual(frappe.db.get_value("Dossier", refused.name, "refused_by"), self.other_officer)
		freeze_rule_sets.execute()  # idempotent
		self.assertEqual(frappe.db.get_value("Dossier", received.name, "rule_set"), "TT 01/2018")


class TestFeeReceiptForm(FormsTestCase):
	def test_fee_receipt_with_amount_in_words_and_collector(self):
		dossier = self.receive()
		with frozen("2026-03-09 09:40:00"), as_user(self.officer):
			receipt = frappe.get_doc(
				{"doctype": "Fee Receipt", "dossier": dossier.name, "paid_at": "2026-03-09 09:40:00"}
			).insert()
			receipt.submit()
		self.assertEqual(receipt.collected_by, self.officer)
		text = self.read("Fee Receipt", receipt.name, FEE_RECEIPT)
		self.assertHeading(text)
		self.assertIn("BIÊNLAITHUPHÍ,LỆPHÍ", text)
		series, number = receipt.name.rsplit("-", 1)
		self.assertIn(f"Kýhiệu:{series}–Số:{number}", text)
		self.assertIn("ThửNghiệm,ngày09tháng3năm2026", text)
		self.assertIn("TrầnThịBình", text)  # payer
		self.assertIn("Processingcharge", text)
		self.assertIn("50.000", text)
		self.assertIn("Nămmươinghìnđồng", text)
		self.assertIn("NGƯỜITHUTIỀN", text)
		self.assertIn("NguyễnVănTiếp", text)
		self.assertIn(dossier.name, text)


class TestCentreIdentity(FrappeTestCase):
	def test_wizard_answers_go_to_the_settings_and_the_forms(self):
		from onestop_center.onestop_printing import codes
		from onestop_center.setup.wizard import save_centre_identity

		saved = {
			f: frappe.db.get_single_value("OneStop Settings", f) for f in IDENTITY if "rule_set" not in f
		}
		try:
			save_centre_identity(
				{
					"governing_body": "Ủy ban nhân dân tỉnh Quảng Ninh",
					"centre_name": "",
					"place_name": "Quảng Ninh",
				}
			)
			frappe.clear_document_cache("OneStop Settings", "OneStop Settings")
			heading = codes.onestop_heading()
			self.assertEqual(heading.governing_body, "ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH")
			self.assertEqual(heading.place_name, "Quảng Ninh")
			self.assertEqual(
				heading.centre_name, (saved["centre_name"] or codes.DEFAULT_HEADING["centre_name"]).upper()
			)
			self.assertEqual(codes.vn_date_line(value="2026-03-05"), "Quảng Ninh, ngày 05 tháng 3 năm 2026")
		finally:
			for fieldname, value in saved.items():
				frappe.db.set_single_value("OneStop Settings", fieldname, value)
			frappe.clear_document_cache("OneStop Settings", "OneStop Settings")

	def test_no_bare_heading_and_no_date_without_place(self):
		from onestop_center.onestop_printing import codes

		with patch.object(codes, "_settings_value", return_value=None):
			heading = codes.onestop_heading()
			self.assertNotEqual(heading.governing_body.strip(), "ỦY BAN NHÂN DÂN TỈNH")
			self.assertTrue(codes.vn_date_line(value="2026-03-05").startswith(heading.place_name + ", "))
		# never the day of printing: without the event, the date stays blank to be filled in
		self.assertEqual(codes.vn_date_line("Huế", None), "Huế, ngày … tháng … năm …")

	def test_demo_fills_the_identity(self):
		from onestop_center.demo.loader import read_data

		given = read_data("centre")
		self.assertTrue(given["governing_body"].lower().startswith("ủy ban nhân dân tỉnh "))
		self.assertTrue(given["place_name"])


class TestLedgerBook(FormsTestCase):
	def test_printed_book_names_agencies_and_carries_its_form_label(self):
		from onestop_center.onestop_printing import codes
		from onestop_center.onestop_printing.report.dossier_tracking_ledger import (
			dossier_tracking_ledger as ledger,
		)

		dossier = self.receive()
		frappe.db.set_value("Dossier", dossier.name, "agency", self.agency.name)
		_columns, rows = ledger.execute({"from_date": "2026-03-09", "to_date": "2026-03-09"})
		row = next(r for r in rows if r["dossier"] == dossier.name)
		self.assertEqual(row["agency_name"], self.agency.agency_name)
		boot = frappe._dict()
		codes.extend_bootinfo(boot)
		self.assertEqual(boot.onestop_forms["ledger_basis"], "Mẫu 07 - Phụ lục I Thông tư số 03/2025/TT-VPCP")
		self.assertEqual(boot.onestop_forms["heading"]["governing_body"], "ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM")
		template = frappe.get_app_path(
			"onestop_center",
			"onestop_printing",
			"report",
			"dossier_tracking_ledger",
			"dossier_tracking_ledger.html",
		)
		with open(template, encoding="utf-8") as f:
			html = f.read()
		self.assertIn("row.agency_name", html)
		# Frappe's microtemplate joins the lines (no // comments) and escapes one quote per text run
		self.assertNotIn("'", html)
		self.assertNotIn("//", html.replace("http://", ""))
		self.assertIn("forms.ledger_basis", html)
