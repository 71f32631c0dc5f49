"""One dossier's whole journey through the desk, in Chromium, as the officers do it.

A reception officer receives a dossier at the counter and prints the receipt (Form 03, a PDF with
the dossier code); the general-affairs team sends it to the department; a department specialist
accepts and finishes both steps; the reception officer collects the result, records the fee and
hands the result over.
"""

import io
import re
import unicodedata

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from conftest import ADMIN_PASSWORD, DEMO_PASSWORD, RECEPTION_OFFICER, Api

PROCEDURE = "2.001417"  # Cấp Phiếu lý lịch tư pháp (Sở Tư pháp, two steps, fee 200.000 đ)
GENERAL_AFFAIRS = "tonghop01@onestop.localhost"
SPECIALIST = "chuyenvien01@onestop.localhost"  # Sở Tư pháp
RECEIPT = "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"


def login(context, user):
	page = context.new_page()
	page.goto("/login")
	page.fill("#login_email", user)
	page.fill("#login_password", DEMO_PASSWORD)
	page.click(".btn-login")
	page.wait_for_url(re.compile(r"/app(/.*)?$"))
	return page


def logout(page):
	page.context.request.get("/api/method/logout")
	page.close()


def open_dossier(page, name):
	page.goto(f"/app/dossier/{name}")
	page.wait_for_function("(name) => window.cur_frm && cur_frm.doc.name === name", arg=name)


def status_pill(page):
	return page.locator(".page-head .indicator-pill").first


def act(page, action, status, dialog_values=None):
	"""Run a workflow action from the Actions menu; fill its dialog if it asks for data."""
	page.locator(".page-head .actions-btn-group > button").click()
	page.locator(".page-head .actions-btn-group .dropdown-menu").get_by_text(action, exact=True).click()
	if dialog_values is not None:
		dialog = page.locator(".modal.show")
		for fieldname, value in dialog_values.items():
			dialog.locator(f'[data-fieldname="{fieldname}"] :is(input, textarea)').fill(value)
		dialog.locator(".btn-primary").click()
	expect(status_pill(page)).to_have_text(status)


@pytest.fixture
def applicant():
	rows = Api("Administrator", ADMIN_PASSWORD).get(
		"/api/resource/Applicant", params={"filters": '[["applicant_type","=","Citizen"]]', "limit_page_length": 1}
	)
	return rows.json()["data"][0]["name"]


def test_reception_to_return(browser, context, output_dir, applicant):
	# 1. Reception: applicant from the registry, procedure, checklist, receive, receipt
	page = login(context, RECEPTION_OFFICER)
	page.goto("/app/dossier/new")
	page.wait_for_function("() => window.cur_frm && cur_frm.doctype === 'Dossier'")
	page.evaluate("(a) => cur_frm.set_value('applicant', a)", applicant)
	page.evaluate("(p) => cur_frm.set_value('procedure', p)", PROCEDURE)
	page.wait_for_function("() => (cur_frm.doc.documents || []).length > 0")
	page.get_by_role("button", name="Đánh dấu đã nhận tất cả giấy tờ").click()
	page.keyboard.press("Control+s")
	page.wait_for_function("() => !cur_frm.is_new() && !cur_frm.is_dirty()")
	expect(status_pill(page)).to_have_text("Mới tạo")
	act(page, "Tiếp nhận", "Đã tiếp nhận")
	code = page.evaluate("cur_frm.doc.name")
	assert re.fullmatch(r"000\.00\.03\.H02-\d{6}-\d{4,}", code), code
	assert page.evaluate("cur_frm.doc.due_at"), "the receipt promises a return date"
	page.screenshot(path=str(output_dir / "journey-1-received.png"), full_page=True)

	pdf = page.context.request.get(
		"/api/method/frappe.utils.print_format.download_pdf",
		params={"doctype": "Dossier", "name": code, "format": RECEIPT, "no_letterhead": 1},
	)
	assert pdf.ok, pdf.status
	body = pdf.body()
	assert body.startswith(b"%PDF")
	text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages)
	assert code in text
	# wkhtmltopdf splits Vietnamese letters into separate text runs: compare without whitespace
	letters = unicodedata.normalize("NFC", re.sub(r"\s+", "", text)).upper()
	assert "GIẤYTIẾPNHẬNHỒSƠVÀHẸNTRẢKẾTQUẢ" in letters
	assert letters.count(code) >= 2  # two copies: kept and given
	(output_dir / "journey-receipt.pdf").write_bytes(body)
	logout(page)

	# 2. General affairs: send what was received to the departments now
	page = login(context, GENERAL_AFFAIRS)
	page.goto("/app/transfer-batch")
	page.get_by_role("button", name="Chuyển ngay hồ sơ đã tiếp nhận").click()
	page.locator(".modal.show .btn-primary").click()
	expect(page.locator(".alert-message").first).to_contain_text("Đã bàn giao")
	logout(page)

	# 3. Department: accept and finish each step
	page = login(context, SPECIALIST)
	open_dossier(page, code)
	expect(status_pill(page)).to_have_text("Đã chuyển")
	act(page, "Nhận xử lý", "Đang giải quyết")
	act(page, "Hoàn thành bước xử lý", "Đã chuyển", {"result_number": "", "result_summary": ""})
	act(page, "Nhận xử lý", "Đang giải quyết")
	act(
		page,
		"Hoàn thành bước xử lý",
		"Đã có kết quả",
		{"result_number": "123/PLLTP", "result_summary": "Phiếu lý lịch tư pháp số 1"},
	)
	page.screenshot(path=str(output_dir / "journey-2-result-ready.png"), full_page=True)
	logout(page)

	# 4. Centre: collect the result, take the fee, hand the result over
	page = login(context, RECEPTION_OFFICER)
	open_dossier(page, code)
	act(page, "Nhận kết quả về Bộ phận một cửa", "Chờ trả kết quả")

	page.goto("/app/fee-receipt/new")
	page.wait_for_function("() => window.cur_frm && cur_frm.doctype === 'Fee Receipt'")
	page.evaluate("(d) => cur_frm.set_value('dossier', d)", code)
	page.evaluate("() => cur_frm.set_value('payment_method', 'Cash')")
	page.keyboard.press("Control+s")
	page.wait_for_function("() => !cur_frm.is_new() && !cur_frm.is_dirty()")
	# dates read dd/mm/yyyy with real seconds (no literal "ss" from the date picker)
	expect(page.locator('[data-fieldname="paid_at"] input')).to_have_value(
		re.compile(r"^\d{2}/\d{2}/\d{4} \d{2}:\d{2}:\d{2}$")
	)
	page.keyboard.press("Control+s")  # submit
	page.locator(".modal.show .btn-primary").click()
	page.wait_for_function("() => cur_frm.doc.docstatus === 1")
	assert page.evaluate("cur_frm.doc.amount") == 200000

	open_dossier(page, code)
	act(
		page,
		"Trả kết quả",
		"Đã trả kết quả",
		{"receiver_name": "Nguyễn Văn Nhận", "receiver_id_number": "077090001234"},
	)
	handovers = page.evaluate("cur_frm.doc.handovers.map(h => [h.from_agency, h.to_agency])")
	assert len(handovers) >= 3, handovers  # centre → department (×2 steps) → centre
	page.screenshot(path=str(output_dir / "journey-3-returned.png"), full_page=True)
