"""Shared fixtures for the suites that run outside the Frappe process.

scripts/test serves the test site and sets:
  ONESTOP_TEST_URL     e.g. http://127.0.0.1:8001
  ONESTOP_TEST_SITE    the site name, sent as X-Frappe-Site-Name so no hosts entry is needed
  ONESTOP_TEST_OUTPUT  where screenshots and reports go (git-ignored)
"""

import os
import shutil
import sys
from pathlib import Path

import pytest
import requests

# the suites' shared helpers (tests/e2e/frappe_site.py: the test site in-process) for every suite
sys.path.insert(0, str(Path(__file__).resolve().parent / "e2e"))

BASE_URL = os.environ.get("ONESTOP_TEST_URL", "http://127.0.0.1:8001")
SITE = os.environ.get("ONESTOP_TEST_SITE", "test.localhost")
OUTPUT = Path(os.environ.get("ONESTOP_TEST_OUTPUT", Path(__file__).resolve().parent.parent / "test-output"))
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "onestop@2026")
ADMIN_PASSWORD = os.environ.get("ONESTOP_ADMIN_PASSWORD", "admin")

# Demo users (see onestop_center/demo/users.py).
RECEPTION_OFFICER = "tiepnhan01@onestop.localhost"


def chromium_path() -> str:
	for name in ("chromium", "chromium-browser", "google-chrome"):
		path = shutil.which(name)
		if path:
			return path
	raise RuntimeError("Chromium is not installed: scripts/test installs Debian's chromium package")


@pytest.fixture(scope="session")
def base_url():
	return BASE_URL


@pytest.fixture(scope="session")
def output_dir():
	path = OUTPUT / "browser"
	path.mkdir(parents=True, exist_ok=True)
	return path


@pytest.fixture(scope="session")
def browser():
	from playwright.sync_api import sync_playwright

	with sync_playwright() as p:
		browser = p.chromium.launch(
			executable_path=chromium_path(),
			args=[
				"--no-sandbox",
				"--disable-gpu",
				"--disable-dev-shm-usage",
				"--disable-background-networking",
				"--disable-component-update",
				"--disable-sync",
				"--no-first-run",
			],
		)
		yield browser
		browser.close()


@pytest.fixture
def context(browser):
	ctx = browser.new_context(
		base_url=BASE_URL,
		extra_http_headers={"X-Frappe-Site-Name": SITE},
		locale="vi-VN",
		timezone_id="Asia/Ho_Chi_Minh",
		viewport={"width": 1400, "height": 900},
	)
	ctx.set_default_timeout(30_000)
	yield ctx
	ctx.close()


@pytest.fixture
def page(context):
	page = context.new_page()
	yield page
	page.close()


class Api:
	"""A logged-in (or guest) HTTP session against the test site."""

	def __init__(self, user: str | None = None, password: str | None = None):
		self.session = requests.Session()
		self.session.headers["X-Frappe-Site-Name"] = SITE
		self.session.headers["Accept"] = "application/json"
		if user:
			r = self.post("/api/method/login", data={"usr": user, "pwd": password})
			assert r.status_code == 200, r.text

	def get(self, path, **kw):
		return self.session.get(BASE_URL + path, timeout=30, **kw)

	def post(self, path, **kw):
		return self.session.post(BASE_URL + path, timeout=30, **kw)

	def put(self, path, **kw):
		return self.session.put(BASE_URL + path, timeout=30, **kw)


@pytest.fixture
def guest_api():
	return Api()


@pytest.fixture
def admin_api():
	return Api("Administrator", ADMIN_PASSWORD)


@pytest.fixture
def reception_api():
	return Api(RECEPTION_OFFICER, DEMO_PASSWORD)


@pytest.fixture
def applicant(admin_api):
	"""A citizen from the demo registry (ID number)."""
	rows = admin_api.get(
		"/api/resource/Applicant",
		params={"filters": '[["applicant_type","=","Citizen"]]', "limit_page_length": 1},
	)
	return rows.json()["data"][0]["name"]
