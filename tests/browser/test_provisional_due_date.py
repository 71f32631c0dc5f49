"""Issue 7: a due date counted in a year whose official working calendar is not loaded is marked
provisional, and the desk and the receipt say so.

The dossier is counted on a Working Calendar with no official year loaded at all (so the test does
not depend on today's date or on which years the shipped calendar holds): every due date on it is
provisional.
"""

import uuid
from datetime import date

from playwright.sync_api import expect

from conftest import RECEPTION_OFFICER
from desk import login, logout, new_dossier, open_dossier, pdf_letters, receive, save

RECEIPT = "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
CENTRE_LEADER = "lanhdao01@onestop.localhost"


def test_provisional_due_date_is_shown_on_the_form_and_the_receipt(context, output_dir, applicant, admin_api):
	name = f"Lịch chưa có năm chính thức {uuid.uuid4().hex[:6]}"
	created = admin_api.post("/api/resource/Working Calendar", json={"calendar_name": name})
	assert created.status_code == 200, created.text
	calendar = created.json()["data"]["name"]

	page = login(context, RECEPTION_OFFICER)
	new_dossier(page, applicant)
	page.evaluate("(c) => cur_frm.set_value('working_calendar', c)", calendar)
	save(page)
	code = receive(page)
	assert page.evaluate("cur_frm.doc.due_at_provisional") == 1
	message = page.locator(".form-message").locator("visible=true").first
	expect(message).to_contain_text("Ngày hẹn trả tạm tính")
	page.screenshot(path=str(output_dir / "provisional-due-date.png"), full_page=True)

	_, letters = pdf_letters(page, "Dossier", code, RECEIPT)
	assert "(TẠMTÍNH:LỊCHNGHỈLỄ,TẾTCHÍNHTHỨC" in letters
	logout(page)

	# The official calendars of this year and the next are loaded: nothing moves until the centre's
	# leader recomputes the deadline (with a reason), which clears the flag.
	years = (date.today().year, date.today().year + 1)
	days = [
		{"date": f"{year}-01-01", "kind": "Public Holiday", "description": "Tết Dương lịch"} for year in years
	]
	loaded = admin_api.put(f"/api/resource/Working Calendar/{calendar}", json={"days": days})
	assert loaded.status_code == 200, loaded.text
	page = login(context, CENTRE_LEADER)
	open_dossier(page, code)
	assert page.evaluate("cur_frm.doc.due_at_provisional") == 1
	page.get_by_role("button", name="Tính lại thời hạn").click()
	page.locator('.modal.show [data-fieldname="reason"] textarea').fill("Đã cập nhật lịch nghỉ chính thức")
	page.locator(".modal.show .btn-primary").click()
	page.wait_for_function("() => cur_frm.doc.due_at_provisional === 0")
	expect(page.locator(".form-message").locator("visible=true")).to_have_count(0)
	page.screenshot(path=str(output_dir / "provisional-due-date-recomputed.png"), full_page=True)
	logout(page)
