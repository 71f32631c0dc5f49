"""Every page an officer opens, as each of the centre's roles, in Chromium: no English, no wrong
Vietnamese, no raw identifiers (issue 11, items 8 and 9).

Each role loads the workspace, the lists, a record of each list it can read, a new dossier, the
reports and the settings, opens the page menu and the user menu, and the visible text (text,
field values, placeholders) is checked for:

- a known English string of Frappe's desk (menus, list headers, form messages);
- a known wrong Vietnamese translation of Frappe ("Chế biến" for Processing…);
- an app string left in English: any label, option, description, report, workspace, state, action
  or role name of the app whose Vietnamese differs, shown as it is in the source;
- an identifier where a name belongs: an officer's e-mail, an agency's identifier code outside the
  agency's own pages, an applicant's neutral name (a hash), the calendar version hash.
"""

import ast
import csv
import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from desk import login, logout

APP = Path(__file__).resolve().parents[2] / "apps" / "onestop_center" / "onestop_center"

ROLE_USERS = {
	"Reception Officer": "tiepnhan01@onestop.localhost",
	"General Affairs Officer": "tonghop01@onestop.localhost",
	"Department Specialist": "chuyenvien01@onestop.localhost",
	"Department Head": "truongphong01@onestop.localhost",
	"Centre Leader": "lanhdao01@onestop.localhost",
	"OneStop Administrator": "quantri01@onestop.localhost",
}

# Lists whose first readable record is opened too.
LISTS = [
	"Dossier",
	"Applicant",
	"Procedure",
	"Agency",
	"Counter",
	"Transfer Batch",
	"Apology Letter",
	"Fee Receipt",
	"Secondment",
	"Working Calendar",
]
PAGES = [
	"/app/one-stop",
	"/app/dossier/new",
	"/app/query-report/Uncollected Results",
	"/app/query-report/Dossier Tracking Ledger",
	"/app/onestop-settings",
]

# Frappe's own desk strings that its Vietnamese file lacks (the app translates them).
KNOWN_ENGLISH = {
	"About",
	"Apps",
	"Assign To",
	"Assigned To",
	"Build",
	"Clear all filters",
	"Created By",
	"Document has been submitted",
	"Document is in draft state",
	"Frappe Support",
	"Like",
	"Liked by me",
	"Log out",
	"Menu",
	"My Profile",
	"My Settings",
	"Navigate to main content",
	"Processing",
	"Reload List",
	"Reload Report",
	"Submitted",
	"This form is not editable due to a Workflow.",
	"Toggle Full Width",
	"Toggle Sidebar",
	"Toggle Theme",
	"Tools",
	"Uncollected Results",
	"descending",
	"ID",
	"New",
	"Missing DocType",
	"Not Permitted",
}
KNOWN_ENGLISH_PREFIXES = ("Click to sort by", "This value is fetched from", "Insufficient Permission for")
# Frappe's Vietnamese that says something else ("Processing" as food processing…).
WRONG_VIETNAMESE = (
	"Chế biến",
	"Đã lần gửi",
	"Trong tiến trình",
	"Mới Hồ sơ",
	"Để gán",
	"Để giao",
	"Tạo ra bởi",
	"Nhập khẩu",
	"các lần đánh dấu",
	"Thiết lập Quyền tài",
	"quy tắc chuyển nhượng",
	"Chuyển đổi Sidebar",
	"HỦY BỎ",
	"Không quyền hạn",
	"Sự sụp đổ",
	"Với chia sẻ",
	"Báo cáo Builder",
	"truy cập vào báo:",
)
OFFICER_EMAIL = re.compile(r"^[\w.+-]+@onestop\.localhost$")
AGENCY_IDENTIFIER = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.H\d{2}$")
CALENDAR_VERSION = re.compile(r"^[0-9a-f]{16}$")

VISIBLE_TEXT = """() => {
	const out = new Set();
	const shown = (el) => {
		if (!el || !el.checkVisibility || !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
		const style = getComputedStyle(el);
		if (style.clip && style.clip.startsWith("rect(0")) return false;  // screen-reader only
		const box = el.getBoundingClientRect();
		return box.width > 2 && box.height > 2;
	};
	const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	for (let node = walker.nextNode(); node; node = walker.nextNode()) {
		const text = node.textContent.replace(/\\s+/g, " ").trim();
		const el = node.parentElement;
		if (text && el && !["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE"].includes(el.tagName) && shown(el)) out.add(text);
	}
	document.querySelectorAll("input, textarea").forEach((el) => {
		if (!shown(el)) return;
		if (el.value && el.type !== "checkbox" && el.type !== "password") out.add(el.value.trim());
		if (el.placeholder) out.add(el.placeholder.trim());
	});
	return [...out].filter(Boolean);
}"""


def _translations():
	rows = csv.reader((APP / "translations" / "vi.csv").open(encoding="utf-8"))
	return {row[0]: row[1] for row in rows if len(row) >= 2}


def app_english_strings() -> set[str]:
	"""The app's user-facing English whose Vietnamese differs: shown as is, it was not translated."""
	strings = set()
	for path in APP.glob("*/doctype/*/*.json"):
		meta = json.loads(path.read_text())
		strings.add(meta["name"])
		for field in meta.get("fields", []):
			strings.update(field[key] for key in ("label", "description") if field.get(key))
			if field.get("fieldtype") == "Select":
				strings.update(o for o in (field.get("options") or "").split("\n") if o)
	for path in APP.glob("*/workspace/*/*.json"):
		meta = json.loads(path.read_text())
		strings.add(meta["title"])
		strings.update(row["label"] for key in ("links", "shortcuts") for row in meta.get(key, []))
	for path in APP.glob("*/report/*/*.json"):
		strings.add(json.loads(path.read_text())["name"])
	for fixture in ("workflow_state", "workflow_action_master"):
		strings.update(row["name"] for row in json.loads((APP / "dossiers" / "workflow_source" / f"{fixture}.json").read_text()))
	for node in ast.walk(ast.parse((APP / "setup" / "roles.py").read_text())):
		if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
			strings.add(node.value.value)
	vi = _translations()
	return {s for s in strings if s in vi and vi[s] != s and len(s) > 2}


APP_ENGLISH = app_english_strings()


def problems_in(texts, route):
	found = []
	agency_page = "/app/agency" in route
	for text in texts:
		if text in KNOWN_ENGLISH or text.startswith(KNOWN_ENGLISH_PREFIXES):
			found.append(f"English: {text!r}")
		elif text in APP_ENGLISH:
			found.append(f"app string not translated: {text!r}")
		if any(wrong in text for wrong in WRONG_VIETNAMESE):
			found.append(f"wrong Vietnamese: {text!r}")
		if OFFICER_EMAIL.match(text):
			found.append(f"officer e-mail instead of a name: {text!r}")
		if AGENCY_IDENTIFIER.match(text) and not agency_page:
			found.append(f"agency identifier instead of its name: {text!r}")
		if CALENDAR_VERSION.match(text):
			found.append(f"internal hash: {text!r}")
	return found


def wait_until_loaded(page):
	"""Until the desk has no request running (a refused page keeps one open: read it as it is)."""
	try:
		page.wait_for_function(
			"() => window.frappe && frappe.request && !frappe.request.ajax_count && frappe.container && frappe.container.page",
			timeout=10_000,
		)
	except PlaywrightTimeout:
		pass
	page.wait_for_timeout(400)  # rendering after the last answer


def close_dialogs(page):
	"""A refusal or error dialog has been read with the page; close it to reach the menus."""
	page.evaluate("() => document.querySelectorAll('.modal.show').forEach((m) => $(m).modal('hide'))")
	try:
		page.wait_for_function("() => !document.querySelector('.modal.show, .modal-backdrop')", timeout=3_000)
	except PlaywrightTimeout:  # a dialog opened again behind the first (several refusals)
		page.evaluate(
			"() => { document.querySelectorAll('.modal.show, .modal-backdrop').forEach((m) => m.remove());"
			" document.body.classList.remove('modal-open'); }"
		)


def open_menu(page, toggle, menu):
	"""The items of a dropdown menu (the page's ⋯ menu, the user menu): part of what an officer reads."""
	button = page.locator(toggle).locator("visible=true")
	if not button.count():
		return []
	button.first.click()
	items = page.locator(f"{menu} .dropdown-item").locator("visible=true")
	texts = [text.strip() for text in items.all_inner_texts() if text.strip()]
	page.keyboard.press("Escape")
	return texts


PAGE_MENU = (".page-head .menu-btn-group > button", ".page-head .menu-btn-group .dropdown-menu")
USER_MENU = (".navbar .avatar-frame", ".navbar .dropdown-navbar-user .dropdown-menu")


def first_records(page):
	"""The first record of each list the user may read (others: the list page alone)."""
	records = {}
	for doctype in LISTS:
		response = page.context.request.get(f"/api/resource/{doctype}", params={"limit_page_length": 1})
		rows = response.json().get("data") if response.ok else None
		if rows:
			records[doctype] = rows[0]["name"]
	return records


def hashed_applicant_names(page):
	response = page.context.request.get("/api/resource/Applicant", params={"limit_page_length": 50})
	return {row["name"] for row in response.json().get("data", [])} if response.ok else set()


@pytest.mark.parametrize("role", list(ROLE_USERS))
def test_every_page_speaks_vietnamese_and_shows_names(context, output_dir, role):
	page = login(context, ROLE_USERS[role])
	wait_until_loaded(page)
	records = first_records(page)
	applicant_names = hashed_applicant_names(page)
	slug = lambda dt: dt.lower().replace(" ", "-")  # noqa: E731
	routes = [*PAGES]
	for doctype in LISTS:
		routes.append(f"/app/{slug(doctype)}")
		if doctype in records:
			routes.append(f"/app/{slug(doctype)}/{records[doctype]}")
	report = {}
	for index, route in enumerate(routes):
		page.goto(route)
		wait_until_loaded(page)
		texts = page.evaluate(VISIBLE_TEXT)
		close_dialogs(page)
		texts += open_menu(page, *PAGE_MENU) + (open_menu(page, *USER_MENU) if index == 0 else [])
		found = problems_in(texts, route)
		found += [f"applicant's neutral name shown: {t!r}" for t in texts if t in applicant_names]
		if found:
			report[route] = sorted(set(found))
			page.screenshot(path=str(output_dir / f"language-{slug(role)}-{index}.png"), full_page=True)
	logout(page)
	assert not report, json.dumps(report, ensure_ascii=False, indent=1)

