"""A reception officer logs into the desk in Chromium and finds the centre's work in Vietnamese."""

import re

from playwright.sync_api import expect

from conftest import DEMO_PASSWORD, RECEPTION_OFFICER

DOSSIER_CODE = re.compile(r"[0-9A-Z.]+-\d{6}-\d{4,}")
PROVISIONAL = re.compile(r"NHAP-\d{8}-\d{5,}")


def login(page, user, password):
	page.goto("/login")
	page.fill("#login_email", user)
	page.fill("#login_password", password)
	page.click(".btn-login")
	page.wait_for_url(re.compile(r"/app(/.*)?$"))
	page.wait_for_function("() => window.frappe && frappe.boot && frappe.boot.user")


def test_reception_officer_sees_workspace_and_dossiers(page, output_dir):
	login(page, RECEPTION_OFFICER, DEMO_PASSWORD)
	assert page.evaluate("frappe.boot.lang") == "vi"

	page.goto("/app/one-stop")
	expect(page.locator(".page-title .title-text")).to_have_text("Một cửa")
	expect(page.locator(".sidebar-item-label", has_text="Một cửa").first).to_be_visible()
	expect(page.locator(".widget.shortcut-widget-box", has_text="Hồ sơ").first).to_be_visible()
	page.screenshot(path=str(output_dir / "desk-workspace.png"), full_page=True)

	page.goto("/app/dossier")
	expect(page.locator(".page-title .title-text")).to_have_text("Hồ sơ")
	rows = page.locator(".list-row-container .list-subject a[data-name]")
	expect(rows.first).to_be_visible()
	names = rows.evaluate_all("els => els.map(e => e.dataset.name)")
	# received dossiers carry their code; a dossier not received yet has a provisional name
	assert names and any(DOSSIER_CODE.fullmatch(n) for n in names), names
	assert all(DOSSIER_CODE.fullmatch(n) or PROVISIONAL.fullmatch(n) for n in names), names
	page.screenshot(path=str(output_dir / "desk-dossier-list.png"), full_page=True)
