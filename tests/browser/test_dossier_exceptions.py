"""The paths off the straight line, in Chromium: an incomplete file, a supplement that stops the
clock, and a refusal with written reasons — each action asks for what it needs."""

from conftest import RECEPTION_OFFICER
from desk import (
	DEPARTMENT_HEAD,
	SPECIALIST,
	act,
	login,
	logout,
	new_dossier,
	open_dossier,
	pdf_letters,
	receive,
	save,
	tick_all_documents,
	transfer_now,
)

GUIDANCE = "Phiếu hướng dẫn hoàn thiện hồ sơ"
REFUSAL = "Phiếu từ chối tiếp nhận hồ sơ"


def test_incomplete_then_supplement_then_refusal(context, output_dir, applicant):
	# 1. Counter: documents missing → guidance, no receipt; completed later → received
	page = login(context, RECEPTION_OFFICER)
	draft = new_dossier(page, applicant, tick_documents=False)
	act(page, "Hướng dẫn hoàn thiện hồ sơ", "Cần hoàn thiện", {"supplement_request": "Nộp thêm tờ khai"})
	assert not page.evaluate("cur_frm.doc.due_at"), "no appointment before the file is complete"
	assert page.evaluate("cur_frm.doc.name") == draft, "no dossier code before the file is complete"
	_body, letters = pdf_letters(page, "Dossier", draft, GUIDANCE)
	assert "NỘPTHÊMTỜKHAI" in letters
	assert "NHAP-" not in letters and "MÃHỒSƠ" not in letters, "no code printed on the guidance"
	tick_all_documents(page)
	save(page)
	code = receive(page)
	logout(page)
	transfer_now(context)

	# 2. Department asks for a supplement: the clock stops
	page = login(context, SPECIALIST)
	open_dossier(page, code)
	act(page, "Nhận xử lý", "Đang giải quyết")
	act(page, "Yêu cầu bổ sung", "Yêu cầu bổ sung", {"supplement_request": "Bổ sung bản sao sổ hộ khẩu"})
	assert page.evaluate("cur_frm.doc.clock_paused") == 1
	due_before = page.evaluate("cur_frm.doc.due_at")
	logout(page)

	# 3. The citizen brings it to the counter: the clock runs again, the stop stays on record
	page = login(context, RECEPTION_OFFICER)
	open_dossier(page, code)
	act(page, "Đã nhận bổ sung", "Đang giải quyết")
	assert page.evaluate("cur_frm.doc.clock_paused") == 0
	stops = page.evaluate("cur_frm.doc.clock_stops.map(s => [s.reason, !!s.resumed_at])")
	assert stops == [["Supplement Requested", True]], stops
	assert page.evaluate("cur_frm.doc.due_at") >= due_before
	logout(page)

	# 4. The head refuses it with written reasons; the refusal prints
	page = login(context, DEPARTMENT_HEAD)
	open_dossier(page, code)
	act(page, "Từ chối", "Từ chối", {"refusal_reason": "Người nộp không thuộc đối tượng được cấp"})
	_body, letters = pdf_letters(page, "Dossier", code, REFUSAL)
	assert code in letters and "KHÔNGTHUỘCĐỐITƯỢNG" in letters
	page.screenshot(path=str(output_dir / "exceptions-refused.png"), full_page=True)
