"""Steps an officer takes in the Frappe desk, shared by the browser tests."""

import io
import re
import unicodedata

from playwright.sync_api import expect
from pypdf import PdfReader

from conftest import DEMO_PASSWORD

GENERAL_AFFAIRS = "tonghop01@onestop.localhost"
SPECIALIST = "chuyenvien01@onestop.localhost"  # Sở Tư pháp
DEPARTMENT_HEAD = "truongphong01@onestop.localhost"  # Sở Tư pháp
PROCEDURE = "2.001417"  # Cấp Phiếu lý lịch tư pháp (Sở Tư pháp, two steps, fee 200.000 đ)


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
	# the visible form's pill: after a reception the route moves to the renamed dossier, and the
	# draft's form page stays (hidden) in the DOM
	return page.locator(".page-head .indicator-pill").locator("visible=true").first


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


def receive(page, action="Tiếp nhận", status="Đã tiếp nhận"):
	"""Receive the dossier at the counter: it leaves its provisional name (NHAP-…) for its code and
	the form moves to the new name; returns the code."""
	draft = page.evaluate("cur_frm.doc.name")
	act(page, action, status)
	page.wait_for_function(
		"(draft) => window.cur_frm && cur_frm.doc.name !== draft && !cur_frm.doc.name.startsWith('NHAP-')",
		arg=draft,
	)
	return page.evaluate("cur_frm.doc.name")


def new_dossier(page, applicant, tick_documents=True):
	"""A dossier at the counter, saved as a draft: applicant, procedure, documents handed in;
	returns its provisional name (NHAP-…: no dossier code before reception)."""
	page.goto("/app/dossier/new")
	page.wait_for_function("() => window.cur_frm && cur_frm.doctype === 'Dossier'")
	page.evaluate("(a) => cur_frm.set_value('applicant', a)", applicant)
	page.evaluate("(p) => cur_frm.set_value('procedure', p)", PROCEDURE)
	page.wait_for_function("() => (cur_frm.doc.documents || []).length > 0")
	if tick_documents:
		tick_all_documents(page)
	save(page)
	expect(status_pill(page)).to_have_text("Mới tạo")
	return page.evaluate("cur_frm.doc.name")


def tick_all_documents(page):
	page.get_by_role("button", name="Đánh dấu đã nhận tất cả giấy tờ").click()


def save(page):
	page.keyboard.press("Control+s")
	page.wait_for_function("() => !cur_frm.is_new() && !cur_frm.is_dirty()")


def transfer_now(context):
	"""The general-affairs team sends the received dossiers to the departments at once."""
	page = login(context, GENERAL_AFFAIRS)
	page.goto("/app/transfer-batch")
	page.get_by_role("button", name="Chuyển ngay hồ sơ đã tiếp nhận").click()
	page.locator(".modal.show .btn-primary").click()
	# a background job: queued, run by the worker, followed by the list until it is done
	expect(page.locator(".alert-message").first).to_contain_text("Đã bàn giao", timeout=90_000)
	logout(page)


def pdf_letters(page, doctype, name, print_format):
	"""The PDF of a print format, and its text without whitespace (wkhtmltopdf splits Vietnamese
	letters into separate text runs), upper-cased."""
	response = page.context.request.get(
		"/api/method/frappe.utils.print_format.download_pdf",
		params={"doctype": doctype, "name": name, "format": print_format, "no_letterhead": 1},
	)
	assert response.ok, response.status
	body = response.body()
	assert body.startswith(b"%PDF")
	text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages)
	return body, unicodedata.normalize("NFC", re.sub(r"\s+", "", text)).upper()
