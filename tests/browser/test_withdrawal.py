"""Withdrawal at the counter, in Chromium (issue 11 item 1, issue 8 item 6): the applicant asks to
withdraw a received dossier, the reception officer records the request and its reason, the
dossier is stopped and the stop notice (TT 03/2025 Mẫu 05) prints, dated by the stop and signed
by that officer."""

from conftest import RECEPTION_OFFICER
from desk import act, login, logout, new_dossier, pdf_letters, receive

STOP_NOTICE = "Thông báo dừng giải quyết hồ sơ"


def test_withdrawal_at_the_counter_prints_form_05(context, output_dir, applicant):
	page = login(context, RECEPTION_OFFICER)
	new_dossier(page, applicant)
	code = receive(page)
	act(
		page,
		"Rút hồ sơ",
		"Đã dừng giải quyết",
		{"withdrawal_requested_by": "Lê Thị Ủy Quyền", "stop_reason": "Người nộp không còn nhu cầu giải quyết"},
	)
	assert page.evaluate("cur_frm.doc.stop_kind") == "Withdrawal"
	assert page.evaluate("cur_frm.doc.clock_paused") == 0
	stopped_at = page.evaluate("cur_frm.doc.stopped_at")
	officer = page.evaluate("frappe.session.user_fullname")
	# the print menu offers the notice; the PDF is what the citizen is handed
	assert page.evaluate("!!cur_frm.custom_buttons['Thông báo dừng giải quyết']")
	body, letters = pdf_letters(page, "Dossier", code, STOP_NOTICE)
	(output_dir / "withdrawal-form-05.pdf").write_bytes(body)
	year, month, day = stopped_at[:10].split("-")
	for expected in (
		"THÔNGBÁODỪNGGIẢIQUYẾTHỒSƠ",
		"MẪU05",
		code.upper(),
		"LÊTHỊỦYQUYỀN",
		"NGƯỜINỘPKHÔNGCÒNNHUCẦUGIẢIQUYẾT",
		f"NGÀY{day}THÁNG{int(month) if int(month) >= 3 else month}NĂM{year}",
		officer.replace(" ", "").upper(),
	):
		assert expected in letters, expected
	page.screenshot(path=str(output_dir / "withdrawal-stopped.png"), full_page=True)
	logout(page)
