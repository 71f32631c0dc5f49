"""One dossier's whole journey through the desk, in Chromium, as the officers do it.

A reception officer receives a dossier at the counter and prints the receipt (Form 03, a PDF with
the dossier code); the general-affairs team sends it to the department; a department specialist
accepts and finishes the first step and the department head the second (the head's step); the
reception officer collects the result, records the fee and hands the result over.
"""

import re

from playwright.sync_api import expect

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
	transfer_now,
)

RECEIPT = "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"


def test_reception_to_return(context, output_dir, applicant):
	# 1. Reception: applicant from the registry, procedure, checklist, receive, receipt
	page = login(context, RECEPTION_OFFICER)
	draft = new_dossier(page, applicant)
	assert draft.startswith("NHAP-"), draft  # no code before reception
	code = receive(page)
	assert re.fullmatch(r"000\.00\.03\.H02-\d{6}-\d{4,}", code), code
	assert page.evaluate("cur_frm.doc.due_at"), "the receipt promises a return date"
	page.screenshot(path=str(output_dir / "journey-1-received.png"), full_page=True)

	body, letters = pdf_letters(page, "Dossier", code, RECEIPT)
	assert "GIẤYTIẾPNHẬNHỒSƠVÀHẸNTRẢKẾTQUẢ" in letters
	assert letters.count(code) >= 2  # two copies: kept and given
	(output_dir / "journey-receipt.pdf").write_bytes(body)
	logout(page)

	# 2. General affairs: send what was received to the departments now
	transfer_now(context)

	# 3. Department: the specialist processes step 1, the head approves (step 2 is the head's)
	page = login(context, SPECIALIST)
	open_dossier(page, code)
	act(page, "Nhận xử lý", "Đang giải quyết")
	act(page, "Hoàn thành bước xử lý", "Đang giải quyết", {"result_number": "", "result_summary": ""})
	# step 2 is at the same agency: the dossier stays there, In Progress (nothing to accept)
	page.wait_for_function("() => cur_frm.doc.current_step === 2")
	logout(page)
	page = login(context, DEPARTMENT_HEAD)
	open_dossier(page, code)
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
	save(page)
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
	# centre → department → centre: its two steps at the same department are no hand-over
	assert len(handovers) == 2 and handovers[0][1] == handovers[1][0], handovers
	page.screenshot(path=str(output_dir / "journey-3-returned.png"), full_page=True)
