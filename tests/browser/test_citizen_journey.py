"""A citizen's online journey in Chromium (issue 8 items 3-5): sign-up confirmed by the e-mailed link
(delivered over SMTP to a local server started here), online filing with uploads
(a wrong file refused in Vietnamese), the reception officer's queue and completion request in the
desk, the citizen's supplement uploaded online, reception at the desk (code and due date given
then), and "Hồ sơ của tôi" showing them; 375 px screenshots of each citizen page."""

import random
import re
from urllib.parse import urlsplit

import pytest
from conftest import RECEPTION_OFFICER
from desk import act, login, logout, open_dossier, receive, status_pill
from frappe_site import connected_site, site_cache
from playwright.sync_api import expect

PROCEDURE = "2.001417"  # Cấp Phiếu lý lịch tư pháp: offered online, three documents (demo)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PHONE = (375, 812)


def pdf(name):
	return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


@pytest.fixture
def open_sign_up():
	"""Sign-up open, Frappe's 60-new-users-an-hour throttle lifted for the run (the suites create
	many users), the sign-up's per-client counter fresh; restored afterwards."""
	with connected_site() as frappe:
		from frappe.installer import update_site_config

		previous = frappe.conf.get("throttle_user_limit")
		update_site_config("throttle_user_limit", 100_000)
	with site_cache() as cache:
		cache.delete_keys("rl:onestop_center.portal.")
	yield
	with connected_site() as frappe:
		from frappe.installer import update_site_config

		update_site_config("throttle_user_limit", previous if previous is not None else "None")


@pytest.fixture
def mailbox():
	"""A local SMTP server (aiosmtpd, in this process) and the test site's default outgoing Email
	Account pointing at it; the site's accounts as they were afterwards."""
	from onestop_center.messaging.fake_smtp import LocalSmtp

	smtp = LocalSmtp()
	smtp.controller.start()
	try:
		with connected_site(db=True):
			smtp.account()
		yield smtp
	finally:
		with connected_site(db=True):
			smtp.restore()
		smtp.controller.stop()


def delivered(mailbox, email):
	"""Send the site's queued e-mails to ``email`` over SMTP (as the scheduler's flush would)."""
	from onestop_center.messaging.fake_smtp import deliver

	with connected_site(db=True):
		deliver(reference_doctype="User", reference_name=email)
	return mailbox.to(email)


def shot(page, output_dir, name):
	page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})
	page.screenshot(path=str(output_dir / f"citizen-{name}-375.png"), full_page=True)
	page.set_viewport_size({"width": 1280, "height": 900})


def test_sign_up_file_online_complete_and_receive(context, browser, base_url, output_dir, open_sign_up, mailbox):
	tag = random.randrange(10**8)
	email = f"congdan-{tag}@onestop.invalid"
	citizen_context = browser.new_context(base_url=base_url, locale="vi-VN")
	citizen = citizen_context.new_page()

	# sign-up: e-mail, password and phone; a confirmation link by e-mail
	citizen.goto("/dang-ky")
	expect(citizen.locator(".onestop-page h1")).to_have_text("Đăng ký tài khoản công dân")
	shot(citizen, output_dir, "sign-up")
	citizen.fill("#s-full_name", "Đỗ Thị Trực Tuyến")
	citizen.fill("#s-email", email)
	citizen.fill("#s-phone", f"09{tag:08d}")
	citizen.fill("#s-password", "ngan")
	citizen.click("#onestop-signup button[type=submit]")
	expect(citizen.locator("#s-message")).to_contain_text("Mật khẩu phải có ít nhất 8 ký tự")
	citizen.fill("#s-password", "Congdan@2026")
	citizen.click("#onestop-signup button[type=submit]")
	expect(citizen.locator("#s-message")).to_contain_text("mở liên kết trong thư để xác nhận địa chỉ", timeout=20_000)
	shot(citizen, output_dir, "sign-up-sent")
	mails = delivered(mailbox, email)
	assert [m.subject for m in mails] == ["Xác nhận địa chỉ e-mail để sử dụng dịch vụ công trực tuyến"]
	link = urlsplit(next(link for link in mails[0].links if "/dang-ky?xac-nhan=" in link))

	# logged in before confirming: the pages say so and filing is refused
	citizen.goto("/login")
	citizen.fill("#login_email", email)
	citizen.fill("#login_password", "Congdan@2026")
	citizen.click(".btn-login")
	citizen.wait_for_function("() => !location.pathname.startsWith('/login')")
	citizen.goto(f"/nop-ho-so?procedure={PROCEDURE}")
	expect(citizen.locator("#onestop-email-unconfirmed")).to_contain_text("Vui lòng xác nhận địa chỉ e-mail")

	# the link from the e-mail confirms the address; "Hồ sơ của tôi" opens
	citizen.goto(f"{link.path}?{link.query}")
	expect(citizen.locator("#s-confirmed")).to_have_text(
		"Địa chỉ e-mail của bạn đã được xác nhận: bạn có thể nộp hồ sơ trực tuyến."
	)
	shot(citizen, output_dir, "sign-up-confirmed")
	citizen.goto("/ho-so-cua-toi")
	expect(citizen.locator(".onestop-page h1")).to_have_text("Hồ sơ của tôi")
	expect(citizen.locator("#onestop-email-unconfirmed")).to_have_count(0)
	shot(citizen, output_dir, "my-dossiers-empty")

	# online filing: the applicant prefilled from the account, each document uploaded
	citizen.goto(f"/nop-ho-so?procedure={PROCEDURE}")
	expect(citizen.locator("#f-full_name")).to_have_value("Đỗ Thị Trực Tuyến")
	citizen.fill("#f-id_number", f"0{tag:011d}")
	inputs = citizen.locator("#onestop-documents input[type=file]")
	count = inputs.count()
	assert count >= 2
	inputs.nth(0).set_input_files({"name": "virus.exe", "mimeType": "application/octet-stream", "buffer": b"MZ"})
	for index in range(1, count):
		inputs.nth(index).set_input_files(pdf(f"giay-to-{index}.pdf"))
	citizen.check("#d-electronic")
	shot(citizen, output_dir, "file-online")
	citizen.click("#onestop-submit")
	expect(citizen.locator("#onestop-message")).to_contain_text("Chỉ chấp nhận các loại tệp")
	inputs.nth(0).set_input_files(pdf("to-khai.pdf"))
	citizen.click("#onestop-submit")
	citizen.wait_for_url(re.compile(r"/ho-so-cua-toi/ho-so\?ma=NHAP-"))
	expect(citizen.locator("[data-field=status]")).to_have_text("Chờ tiếp nhận")
	draft = re.search(r"ma=([^&]+)", citizen.url).group(1)
	shot(citizen, output_dir, "sent")

	# the reception officer finds it in the queue of online submissions and asks for completion
	officer = login(context, RECEPTION_OFFICER)
	officer.goto("/app/query-report/Online Submissions")
	expect(officer.locator(".dt-scrollable").get_by_text(draft)).to_be_visible()
	open_dossier(officer, draft)
	expect(status_pill(officer)).to_have_text("Chờ tiếp nhận")
	act(officer, "Hướng dẫn hoàn thiện hồ sơ", "Cần hoàn thiện", {"supplement_request": "Bản sao sổ hộ khẩu có chứng thực"})

	# the citizen reads the request and uploads the supplement online, then sends the dossier again
	citizen.goto(f"/ho-so-cua-toi/ho-so?ma={draft}")
	expect(citizen.locator("[data-field=completion_request]")).to_contain_text("Bản sao sổ hộ khẩu có chứng thực")
	citizen.select_option("#c-row", "")
	citizen.set_input_files("#c-file", pdf("so-ho-khau.pdf"))
	citizen.click("#c-upload")
	expect(citizen.locator("#c-message")).to_contain_text("Đã tải lên: so-ho-khau.pdf")
	shot(citizen, output_dir, "completion")
	citizen.click("#c-submit")
	citizen.wait_for_url(re.compile(r"gui=1"))
	expect(citizen.locator("[data-field=status]")).to_have_text("Chờ tiếp nhận")

	# received at the desk exactly as at the counter: the code and the due date are given now
	open_dossier(officer, draft)
	expect(status_pill(officer)).to_have_text("Chờ tiếp nhận")
	code = receive(officer)
	logout(officer)

	citizen.goto("/ho-so-cua-toi")
	expect(citizen.locator(f"[data-dossier='{code}']")).to_contain_text("Đã tiếp nhận")
	citizen.goto(f"/ho-so-cua-toi/ho-so?ma={code}")
	expect(citizen.locator("[data-field=code]")).to_have_text(code)
	expect(citizen.locator("[data-field=due_at]")).to_have_text(re.compile(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}"))
	expect(citizen.locator("[data-field=files] li")).to_have_count(count + 1)
	shot(citizen, output_dir, "received")
	# the files the citizen sent download from the page
	with citizen.expect_download() as download:
		citizen.locator("[data-field=files] a").first.click()
	assert download.value.suggested_filename.endswith(".pdf")
	citizen_context.close()
