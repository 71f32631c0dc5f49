"""Reception at the counter as the officer does it, in Chromium (issue 11 item 11): keyboard and mouse
only, no frm.set_value. The officer's counter is already filled in; the applicant is found by typing
the ID number in the dialog; the procedure is typed and chosen from the dropdown, which names the
agency (not its identifier code); the missing-documents warning is shown once and follows the ticks;
the dossier is saved and received from the Actions menu."""

import re

from playwright.sync_api import expect

from conftest import RECEPTION_OFFICER
from desk import login, logout, receive, status_pill

AGENCY_IDENTIFIER = re.compile(r"\d{3}\.\d{2}\.\d{2}\.H\d{2}")
WARNING = "Giấy tờ bắt buộc chưa được đánh dấu đã nhận"


def field_input(page, fieldname):
	return page.locator(f'.form-layout [data-fieldname="{fieldname}"] input:visible').first


def headline(page):
	return page.locator(".form-message").locator("visible=true")


def test_reception_by_keyboard_and_mouse(context, admin_api, applicant, output_dir):
	citizen = admin_api.get(f"/api/resource/Applicant/{applicant}").json()["data"]
	page = login(context, RECEPTION_OFFICER)
	page.goto("/app/dossier/new")
	page.wait_for_function("() => window.cur_frm && cur_frm.doctype === 'Dossier' && cur_frm.is_new()")

	# the counter of the officer (demo: tiepnhan01 is the officer of counter 01), shown by its name
	expect(field_input(page, "counter")).to_have_value("Quầy 01")

	# the applicant: the ID number typed in the dialog, "Tìm" clicked
	page.get_by_role("button", name="Tìm người nộp hồ sơ").click()
	dialog = page.locator(".modal.show")
	key = dialog.locator('[data-fieldname="key"] input')
	expect(key).to_be_visible()
	key.click()
	key.press_sequentially(citizen["id_number"], delay=20)
	expect(key).to_have_value(citizen["id_number"])
	dialog.get_by_role("button", name="Tìm", exact=True).click()
	expect(dialog).to_be_hidden()
	expect(page.locator(".alert-message").first).to_contain_text(citizen["full_name"])
	expect(field_input(page, "applicant")).to_have_value(citizen["full_name"])

	# the procedure: typed, then chosen from the dropdown, which names the agency
	procedure = field_input(page, "procedure")
	procedure.click()
	procedure.press_sequentially("lý lịch tư pháp", delay=20)
	option = page.locator(".awesomplete ul[role=listbox] [role=option]").locator("visible=true").filter(
		has_text="Cấp Phiếu lý lịch tư pháp"
	).first
	expect(option).to_be_visible()
	assert not AGENCY_IDENTIFIER.search(option.inner_text()), option.inner_text()
	assert "Sở Tư pháp" in option.inner_text(), option.inner_text()
	option.click()
	page.wait_for_function("() => (cur_frm.doc.documents || []).length > 0")

	# the warning, once, naming the mandatory documents still missing
	expect(headline(page)).to_have_count(1)
	expect(headline(page)).to_contain_text(WARNING)
	assert headline(page).inner_text().count(WARNING) == 1
	first = page.locator('.form-layout [data-fieldname="documents"] .grid-body .grid-row').first
	first_document = first.locator('[data-fieldname="document_name"]').inner_text().strip()
	assert first_document in headline(page).inner_text()
	# ticking the first document in the table (a click on the row, then on its checkbox)
	first.locator('.static-area, [data-fieldname="received"]').first.click()
	first.locator('[data-fieldname="received"] input[type=checkbox]:not([disabled])').check()
	expect(headline(page)).not_to_contain_text(first_document)
	assert headline(page).inner_text().count(WARNING) == 1
	page.get_by_role("button", name="Đánh dấu đã nhận tất cả giấy tờ").click()
	expect(headline(page)).to_have_count(0)

	page.keyboard.press("Control+s")
	page.wait_for_function("() => !cur_frm.is_new() && !cur_frm.is_dirty()")
	expect(status_pill(page)).to_have_text("Mới tạo")
	expect(headline(page)).to_have_count(0)
	assert page.evaluate("cur_frm.doc.counter") == "01"
	# after the save, the agency and the officer are shown by name too
	expect(field_input(page, "counter")).to_have_value("Quầy 01")
	agency = page.locator('.form-layout [data-fieldname="agency"] .control-value').first
	expect(agency).to_have_text("Sở Tư pháp")

	code = receive(page)
	assert code.startswith("000.00.03.H02-"), code
	page.screenshot(path=str(output_dir / "reception-comfort.png"), full_page=True)
	logout(page)
