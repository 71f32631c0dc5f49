"""The applicant registry at the counter, in Chromium: a citizen is found and registered by ID number,
but the number is never the applicant's name, so it appears in no link, URL or dossier field."""

import random
import re

from playwright.sync_api import expect

from conftest import RECEPTION_OFFICER
from desk import login, logout


def find_applicant(page, key):
	page.get_by_role("button", name="Tìm người nộp hồ sơ").click()
	dialog = page.locator(".modal.show")
	dialog.locator('[data-fieldname="key"] input').fill(key)
	dialog.get_by_role("button", name="Tìm").click()


def test_register_at_the_counter_then_find_again(context, output_dir):
	id_number = "0" + "".join(random.choice("0123456789") for _ in range(11))
	page = login(context, RECEPTION_OFFICER)
	page.goto("/app/dossier/new")
	page.wait_for_function("() => window.cur_frm && cur_frm.doctype === 'Dossier'")
	draft_route = page.url

	# an unknown number: the officer registers the citizen and comes back to the dossier
	find_applicant(page, f"{id_number[:6]} {id_number[6:]}")
	page.locator(".modal.show").get_by_role("button", name="Đồng ý").click()
	page.wait_for_function("() => window.cur_frm && cur_frm.doctype === 'Applicant'")
	assert page.evaluate("cur_frm.doc.id_number") == id_number
	page.locator('[data-fieldname="full_name"] input:visible').fill("Đặng Thị Đăng Ký")
	page.keyboard.press("Control+s")
	page.wait_for_function("() => window.cur_frm && cur_frm.doctype === 'Dossier' && cur_frm.doc.applicant")
	applicant = page.evaluate("cur_frm.doc.applicant")
	assert applicant and id_number not in applicant, applicant
	assert page.url == draft_route
	# the link shows the citizen's name, the copied fields carry no number
	expect(page.locator('[data-fieldname="applicant"] input:visible')).to_have_value("Đặng Thị Đăng Ký")
	assert id_number not in page.evaluate("JSON.stringify(cur_frm.doc)")
	page.screenshot(path=str(output_dir / "applicant-registered.png"))

	# the next visit: the same number finds the same registry entry
	page.goto("/app/dossier/new")
	page.wait_for_function("() => window.cur_frm && cur_frm.doctype === 'Dossier' && !cur_frm.doc.applicant")
	find_applicant(page, id_number)
	page.wait_for_function("(a) => cur_frm.doc.applicant === a", arg=applicant)
	expect(page.locator(".alert-message").first).to_contain_text("Đặng Thị Đăng Ký")

	# the registry entry's own address holds no number either
	page.goto(f"/app/applicant/{applicant}")
	page.wait_for_function("(a) => window.cur_frm && cur_frm.doc.name === a", arg=applicant)
	assert not re.search(id_number, page.url)
	logout(page)
