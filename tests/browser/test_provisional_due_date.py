"""Issue 7: a due date counted in a year whose official working calendar is not loaded is marked
provisional, and the desk and the receipt say so.

The dossier is counted on a Working Calendar with no official year loaded at all (so the test does
not depend on today's date or on which years the shipped calendar holds): every due date on it is
provisional.
"""

import uuid

from playwright.sync_api import expect

from conftest import RECEPTION_OFFICER
from desk import login, logout, new_dossier, pdf_letters, receive, save

RECEIPT = "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"


def test_provisional_due_date_is_shown_on_the_form_and_the_receipt(
    context, output_dir, applicant, admin_api
):
    name = f"Lịch chưa có năm chính thức {uuid.uuid4().hex[:6]}"
    created = admin_api.post(
        "/api/resource/Working Calendar", json={"calendar_name": name}
    )
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
