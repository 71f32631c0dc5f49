"""Citizens' voice in Chromium: the satisfaction survey of a dossier on the portal (once per
dossier: rating again replaces the answers, audited), the kiosk survey (touch buttons, back to
/kiosk after 60 s idle, on a fake clock), and feedback filed by a guest, answered and published by
the centre, found on the public Q&A page without the sender's personal data.

The dossier rated is a demo dossier without a rating; its rating is removed at the end."""

import json
import uuid

import pytest
from playwright.sync_api import expect

from conftest import DEMO_PASSWORD, Api

GENERAL_AFFAIRS = "tonghop01@onestop.localhost"
RATED_STATES = ["Received", "Transferred", "In Progress", "Result Ready", "Result at Centre", "Returned"]


def _data(response):
	assert response.status_code == 200, response.text
	return response.json()


@pytest.fixture
def unrated_dossier(admin_api):
	"""(code, last 4 digits of the applicant's ID number) of a received demo dossier not rated yet."""
	rated = {r["dossier"] for r in _data(admin_api.get("/api/resource/Survey Response", params={"fields": '["dossier"]', "limit_page_length": 0}))["data"]}
	rows = _data(
		admin_api.get(
			"/api/resource/Dossier",
			params={
				"fields": '["name", "applicant"]',
				"filters": json.dumps([["status", "in", RATED_STATES], ["applicant", "is", "set"]]),
				"limit_page_length": 0,
			},
		)
	)["data"]
	for row in rows:
		if row["name"] in rated:
			continue
		applicant = _data(admin_api.get(f"/api/resource/Applicant/{row['applicant']}"))["data"]
		key = applicant.get("id_number") or applicant.get("tax_code")
		if key and len(key) >= 4:
			yield row["name"], key[-4:]
			break
	else:
		pytest.fail("no received demo dossier without a rating")
	for name in admin_api.get("/api/resource/Survey Response", params={"filters": json.dumps([["dossier", "=", row["name"]]])}).json()["data"]:
		_data(admin_api.post("/api/method/frappe.client.delete", data={"doctype": "Survey Response", "name": name["name"]}))


def answer_portal_survey(page, code, check, level_label):
	page.goto(f"/danh-gia?code={code}")
	expect(page.locator("h1")).to_contain_text("Đánh giá mức độ hài lòng")
	page.locator("#survey-check").fill(check)
	for fieldset in page.locator("fieldset.survey-question").all():
		fieldset.get_by_label(level_label, exact=True).check()
	page.get_by_role("button", name="Gửi đánh giá").click()


def test_portal_survey_once_per_dossier_second_replaces_it_audited(page, admin_api, unrated_dossier, output_dir):
	code, check = unrated_dossier
	page.set_viewport_size({"width": 375, "height": 800})
	answer_portal_survey(page, code, check, "Hài lòng")
	expect(page.locator("#survey-done")).to_have_text("Cảm ơn Ông/Bà đã đánh giá.")
	page.screenshot(path=str(output_dir / "survey-portal-375.png"), full_page=True)

	answer_portal_survey(page, code, check, "Rất hài lòng")
	expect(page.locator("#survey-done")).to_contain_text("thay cho đánh giá trước")

	rows = _data(
		admin_api.get(
			"/api/resource/Survey Response",
			params={"filters": json.dumps([["dossier", "=", code]]), "fields": '["name", "satisfaction", "replaced_count", "channel", "score", "submitted_by"]'},
		)
	)["data"]
	assert len(rows) == 1, rows
	assert (rows[0]["satisfaction"], rows[0]["replaced_count"], rows[0]["channel"], rows[0]["score"]) == ("Very Satisfied", 1, "Portal", 18)
	assert rows[0]["submitted_by"] == "Guest"
	versions = _data(
		admin_api.get(
			"/api/resource/Version",
			params={"filters": json.dumps([["ref_doctype", "=", "Survey Response"], ["docname", "=", rows[0]["name"]]]), "fields": '["data", "owner"]'},
		)
	)["data"]
	assert any("satisfaction" in v["data"] and v["owner"] == "Guest" for v in versions), versions

	# a wrong check is refused without saying whether the code exists
	page.goto(f"/danh-gia?code={code}")
	page.locator("#survey-check").fill("0000" if check != "0000" else "1111")
	for fieldset in page.locator("fieldset.survey-question").all():
		fieldset.get_by_label("Hài lòng", exact=True).check()
	page.get_by_role("button", name="Gửi đánh giá").click()
	expect(page.locator("#survey-message")).to_contain_text("không đúng")


def test_kiosk_survey_with_touch_buttons_and_idle_return(page, unrated_dossier, output_dir):
	code, check = unrated_dossier
	page.set_viewport_size({"width": 1080, "height": 1920})
	page.goto("/kiosk/danh-gia")
	page.locator("#kiosk-code").fill(code)
	page.locator("#kiosk-code").press("Enter")  # what a barcode scanner types
	for digit in check:
		page.locator(f'.keypad button[data-key="{digit}"]').click()
	page.get_by_role("button", name="Tiếp tục").click()
	expect(page.locator("#kiosk-progress")).to_have_text("Câu 1/10")
	page.screenshot(path=str(output_dir / "survey-kiosk.png"))
	for _ in range(10):
		page.locator('.level[data-level="Very Satisfied"]').click()
	expect(page.locator("#kiosk-done")).to_have_text("Cảm ơn Ông/Bà đã đánh giá.")

	# nobody touches the screen for 60 s: back to the kiosk's start screen (fake clock, no waiting)
	page.clock.install()
	page.goto("/kiosk/danh-gia")
	page.locator("#kiosk-code").fill("ABC")
	page.clock.run_for(59_000)
	assert page.url.endswith("/kiosk/danh-gia")
	page.clock.run_for(2_000)
	page.wait_for_url("**/kiosk")


def test_guest_feedback_answered_published_and_found_on_qa_page(page, output_dir):
	token = uuid.uuid4().hex[:8].upper()
	phone = "0987654321"
	page.set_viewport_size({"width": 375, "height": 800})
	page.goto("/phan-anh")
	page.locator("#fb-kind").select_option("Question")
	page.locator("#fb-subject").fill(f"Lệ phí đổi giấy phép {token}")
	page.locator("#fb-content").fill(f"Tôi là Phạm Văn Khách, điện thoại {phone}: lệ phí đổi giấy phép lái xe là bao nhiêu?")
	page.locator("#fb-name").fill("Phạm Văn Khách")
	page.locator("#fb-phone").fill(phone)
	page.get_by_role("button", name="Gửi", exact=True).click()
	expect(page.locator("#feedback-done")).to_contain_text("đã được tiếp nhận")
	page.screenshot(path=str(output_dir / "feedback-portal-375.png"), full_page=True)
	number = page.locator("#feedback-done").inner_text().split("số ")[1].split(".")[0]

	officer = Api(GENERAL_AFFAIRS, DEMO_PASSWORD)
	feedback = _data(officer.get(f"/api/resource/Citizen Feedback/{number}"))["data"]
	assert feedback["status"] == "New" and feedback["sender_phone"] == phone
	_data(
		officer.put(
			f"/api/resource/Citizen Feedback/{number}",
			json={
				"answer": f"Lệ phí đổi giấy phép lái xe là 135.000 đồng ({token}).",
				"public_question": f"Lệ phí đổi giấy phép lái xe là bao nhiêu? ({token})",
				"published": 1,
			},
		)
	)
	page.goto(f"/hoi-dap?q={token}")
	item = page.locator(".qa-item")
	expect(item).to_have_count(1)
	expect(item).to_contain_text("135.000 đồng")
	html = page.content()
	assert phone not in html and "Phạm Văn Khách" not in html
	page.screenshot(path=str(output_dir / "qa-page-375.png"), full_page=True)
