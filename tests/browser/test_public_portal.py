"""A citizen (guest) in Chromium: dossier lookup (typed, scanned, from the receipt's QR link), the
procedure catalogue, the lobby kiosk (back to its start after 60 s idle, on Playwright's clock),
the centre's branding on every public page, and 375 px screenshots of each (test-output/browser)."""

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from conftest import ADMIN_PASSWORD, Api
from public_pages import WIDE_SCREEN_PAGES, demo_targets, public_pages

MOBILE = {"width": 375, "height": 812}


@pytest.fixture(scope="module")
def demo():
	return demo_targets(Api("Administrator", ADMIN_PASSWORD))


def test_lookup_by_typed_or_scanned_code(page, demo, output_dir):
	page.goto("/tra-cuu")
	field = page.locator("#onestop-code")
	expect(field).to_be_focused()  # a USB scanner types into the page as soon as it opens
	page.keyboard.type(demo["dossier"])
	page.keyboard.press("Enter")  # what a scanner sends after the code
	page.wait_for_url(re.compile(r"/tra-cuu\?code="))
	card = page.locator('[data-lookup="found"]')
	expect(card).to_be_visible()
	expect(card).to_contain_text(demo["dossier"])
	expect(card.locator('[data-field="applicant"]')).to_contain_text("*")
	expect(card.locator('[data-field="status"]')).not_to_be_empty()
	expect(card.locator('[data-field="steps"] tbody tr').first).to_be_visible()
	# the next scan replaces the code: the field keeps the focus, its text selected
	expect(field).to_be_focused()
	assert page.evaluate("() => document.activeElement.selectionEnd - document.activeElement.selectionStart") > 0
	page.screenshot(path=str(output_dir / "public-lookup-found.png"), full_page=True)


def test_lookup_from_the_receipt_qr_link(page, demo):
	# the QR code holds the lookup URL (onestop_printing/codes.py lookup_url): /tra-cuu?code=…
	page.goto(f"/tra-cuu?code={quote(demo['dossier'], safe='')}")
	expect(page.locator('[data-lookup="found"]')).to_contain_text(demo["dossier"])
	# a scanner reading the QR code into the field types the whole URL: it works too
	page.fill("#onestop-code", f"http://127.0.0.1/tra-cuu?code={demo['dossier']}")
	page.keyboard.press("Enter")
	expect(page.locator('[data-lookup="found"]')).to_contain_text(demo["dossier"])


def test_lookup_of_an_unknown_code(page, output_dir):
	page.goto("/tra-cuu")
	page.fill("#onestop-code", "000.00.01.H15-261130-9999")
	page.keyboard.press("Enter")
	notice = page.locator('[data-lookup="not-found"]')
	expect(notice).to_be_visible()
	expect(notice).to_contain_text("Không tìm thấy hồ sơ")
	page.fill("#onestop-code", "không phải mã")
	page.keyboard.press("Enter")
	expect(notice).to_contain_text("không phải là mã hồ sơ")
	page.screenshot(path=str(output_dir / "public-lookup-unknown.png"), full_page=True)


def test_catalogue_search_to_procedure_page(page, demo, output_dir):
	page.goto("/")
	page.locator(".onestop-agency a").first.click()  # a department of the home page lists its procedures
	expect(page).to_have_url(re.compile(r"/thu-tuc\?agency="))
	expect(page.locator(".onestop-procedure").first).to_be_visible()

	page.goto("/thu-tuc")
	name = page.locator(".onestop-procedure a").first.inner_text()
	word = max(name.split(), key=len)
	page.fill("#onestop-q", word)
	page.keyboard.press("Enter")
	expect(page.locator('[data-field="total"]')).to_contain_text("Tìm thấy")
	result = page.locator(".onestop-procedure a", has_text=name).first
	expect(result).to_be_visible()
	result.click()
	expect(page).to_have_url(re.compile(r"/thu-tuc/[^/?]+$"))
	expect(page.locator('h1[data-field="name"]')).to_have_text(name)
	for field in ("code", "agency", "online_level", "duration", "fees", "documents", "channels"):
		expect(page.locator(f'[data-field="{field}"]')).to_be_visible()
	page.screenshot(path=str(output_dir / "public-procedure.png"), full_page=True)

	# filters: an agency with the online level "not offered online" keeps the list consistent
	page.goto("/thu-tuc")
	page.select_option("#onestop-level", "none")
	page.click("button[type=submit]")
	expect(page.locator('[data-field="total"]')).to_be_visible()


def test_unknown_procedure_is_a_404_in_vietnamese(page):
	response = page.goto("/thu-tuc/khong-co-ma-nay")
	assert response.status == 404
	expect(page.locator("h1")).to_have_text("Không tìm thấy thủ tục")


def test_kiosk_start_screen_and_idle_reset(page, demo, output_dir):
	page.clock.install()
	page.goto("/kiosk")
	buttons = page.locator(".onestop-kiosk-menu a")
	expect(buttons.first).to_be_visible()
	routes = buttons.evaluate_all("els => els.map(e => e.getAttribute('href'))")
	assert routes[:2] == ["/kiosk/tra-cuu", "/kiosk/thu-tuc"], routes
	assert all(r.startswith("/kiosk/") for r in routes), routes
	# nothing leads out of the kiosk: no menu, no login, no footer, every link stays under /kiosk
	assert page.locator("a[href*='/login'], a[href^='/app'], .navbar, footer").count() == 0
	hrefs = page.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
	assert all(h and h.startswith("/kiosk") for h in hrefs), hrefs

	page.click("a[data-kiosk='lookup']")
	page.wait_for_url("**/kiosk/tra-cuu")
	page.fill("#onestop-code", demo["dossier"])
	page.keyboard.press("Enter")
	expect(page.locator('[data-lookup="found"]')).to_be_visible()
	hrefs = page.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
	assert all(h and h.startswith("/kiosk") for h in hrefs), hrefs

	# the kiosk's catalogue and procedure pages keep every link under /kiosk as well
	for url in ("/kiosk/thu-tuc", f"/kiosk/thu-tuc/{demo['procedure']}"):
		page.goto(url)
		hrefs = page.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
		assert all(h and h.startswith("/kiosk") for h in hrefs), (url, hrefs)
	page.goto("/kiosk/tra-cuu")

	# a touch within the minute keeps the page; a minute without one goes back to the start
	page.clock.run_for(50_000)
	page.mouse.click(5, 300)
	page.clock.run_for(50_000)
	assert "/kiosk/tra-cuu" in page.url
	page.clock.run_for(11_000)
	page.wait_for_url(re.compile(r"/kiosk/?$"))
	expect(page.locator(".onestop-kiosk-menu")).to_be_visible()


@pytest.mark.parametrize("viewport", [MOBILE], ids=["375px"])
def test_every_public_page_at_375px_with_the_centre_branding(browser, base_url, demo, output_dir, viewport):
	from conftest import SITE

	context = browser.new_context(
		base_url=base_url,
		extra_http_headers={"X-Frappe-Site-Name": SITE, "Accept-Language": "en-US,en;q=0.9"},
		viewport=viewport,
		is_mobile=True,
		has_touch=True,
	)
	problems = []
	try:
		page = context.new_page()
		for name, url in public_pages(demo).items():
			page.goto("about:blank")  # a new document each time (/login#signup is /login with a hash)
			response = page.goto(url)
			assert response is not None, url
			if response.status >= 500:
				problems.append(f"{url}: HTTP {response.status}")
			page.wait_for_load_state("load")
			page.screenshot(path=str(output_dir / f"public-375-{name}.png"), full_page=True)
			text = page.evaluate("() => document.body.innerText")
			title = page.title()
			icons = page.locator("link[rel*='icon']").evaluate_all("els => els.map(e => e.href)")
			if re.search(r"frappe", f"{text}\n{title}", re.I):
				problems.append(f"{url}: shows “Frappe”")
			if any("frappe" in icon for icon in icons):
				problems.append(f"{url}: Frappe's favicon")
			if page.evaluate("document.documentElement.lang") != "vi":
				problems.append(f"{url}: not in Vietnamese (an English browser)")
			english = sorted(set(re.findall(r"\b(?:Login|Log in|Built on|Powered by|Not Found|Home|Sign up|Forgot Password)\b", f"{text}\n{title}")))
			if english:
				problems.append(f"{url}: English text {english}")
			# usable at 375 px: nothing wider than the screen
			overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
			if overflow > 1 and url not in WIDE_SCREEN_PAGES:
				problems.append(f"{url}: {overflow} px wider than the screen")
	finally:
		context.close()
	assert problems == [], "\n".join(problems)
