"""A citizen (guest) opens the centre's portal home page in Chromium."""

from playwright.sync_api import expect


def test_guest_opens_portal_home(page, output_dir):
	response = page.goto("/")
	assert response.status == 200
	expect(page.locator("html")).to_have_attribute("lang", "vi")
	expect(page.locator("h1")).to_contain_text("Trung tâm Phục vụ hành chính công")
	expect(page.get_by_text("Danh mục thủ tục hành chính")).to_be_visible()
	# the catalogue lists the demo departments with their procedure counts
	expect(page.locator(".onestop-agency").first).to_be_visible()
	page.screenshot(path=str(output_dir / "portal-home.png"), full_page=True)
