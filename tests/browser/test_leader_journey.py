"""The centre leader opens their workspace, reads the cards and charts, follows a card to the
filtered list, runs the monthly statistics report and exports it to Excel (issue 9)."""

import re

from playwright.sync_api import expect

from conftest import DEMO_PASSWORD

LEADER = "lanhdao01@onestop.localhost"


def login(page, user, password):
	page.goto("/login")
	page.fill("#login_email", user)
	page.fill("#login_password", password)
	page.click(".btn-login")
	page.wait_for_url(re.compile(r"/app(/.*)?$"))
	page.wait_for_function("() => window.frappe && frappe.boot && frappe.boot.user")


def card(page, label):
	return page.locator(".widget.number-widget-box", has_text=label).first


def test_leader_workspace_cards_charts_list_and_report(page, output_dir):
	login(page, LEADER, DEMO_PASSWORD)
	page.goto("/app")
	page.wait_for_url(re.compile(r"/app/centre-leadership$"), timeout=60_000)
	expect(page.locator(".page-title .title-text")).to_have_text("Lãnh đạo Trung tâm")

	# the cards load their figures (a number, not "Loading…")
	in_progress = card(page, "Hồ sơ đang giải quyết")
	expect(in_progress).to_be_visible(timeout=60_000)
	number = in_progress.locator(".widget-content .number")
	expect(number).to_have_text(re.compile(r"^\s*[1-9]\d*\s*$"), timeout=60_000)
	shown = int(number.inner_text().strip())
	assert page.locator(".widget.number-widget-box").count() >= 10
	# the charts draw (frappe-charts SVG)
	charts = page.locator(".widget.dashboard-widget-box")
	expect(charts.first).to_be_visible(timeout=60_000)
	assert charts.count() >= 5
	expect(page.locator(".widget.dashboard-widget-box svg").first).to_be_visible(timeout=60_000)
	page.screenshot(path=str(output_dir / "leader-workspace.png"), full_page=True)

	# a card opens the list behind it, filtered as the card counts
	in_progress.locator(".widget-content").click()
	page.wait_for_url(re.compile(r"/app/dossier"), timeout=60_000)
	expect(page.locator(".filter-selector .filter-button")).to_contain_text("1", timeout=60_000)
	page.wait_for_function(
		"(n) => cur_list && cur_list.data && cur_list.data.length === Math.min(n, cur_list.page_length)",
		arg=shown,
		timeout=60_000,
	)
	statuses = page.evaluate("cur_list.data.map(d => d.status)")
	assert statuses and set(statuses) <= {"Received", "Transferred", "Sent Back", "In Progress", "Supplement Requested"}
	page.screenshot(path=str(output_dir / "leader-filtered-list.png"), full_page=True)

	# the monthly statistics report runs and exports to Excel
	page.goto("/app/query-report/Periodic Statistics")
	page.wait_for_function(
		"() => frappe.query_report && frappe.query_report.report_name === 'Periodic Statistics'", timeout=60_000
	)
	page.wait_for_function("() => frappe.query_report.data && frappe.query_report.data.length > 0", timeout=60_000)
	expect(page.locator(".page-title .title-text")).to_have_text("Báo cáo thống kê định kỳ")
	expect(page.locator(".dt-row").first).to_be_visible()
	page.screenshot(path=str(output_dir / "leader-periodic-report.png"), full_page=True)
	# the printed table carries the national heading and the period
	page.wait_for_function("() => frappe.query_report.onestop_heading", timeout=30_000)
	printed = page.evaluate(
		"""() => frappe.render_template(frappe.query_report.report_settings.html_format, {
			report: frappe.query_report, filters: frappe.query_report.get_filter_values(),
			data: frappe.query_report.data, columns: frappe.query_report.columns })"""
	)
	assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in printed and "Tháng " in printed, printed[:500]
	page.evaluate("frappe.query_report.export_report()")
	dialog = page.locator(".modal.show")
	expect(dialog).to_be_visible(timeout=30_000)
	with page.expect_download(timeout=60_000) as download:
		dialog.locator(".btn-primary").click()
	assert download.value.suggested_filename.endswith(".xlsx"), download.value.suggested_filename
	with open(download.value.path(), "rb") as workbook:
		assert workbook.read(2) == b"PK"  # an XLSX (zip) file
