"""Accessibility: axe-core (npm, tests/package.json, installed by scripts/lib.sh) on every public page
(public_pages.py: every page of the app's www/ folder, the lookup and catalogue with content,
login and not-found), on a phone (375 px) and a desktop: no critical or serious violation.

The report of every page (all impacts) is written to test-output/browser/axe-report.json."""

import json
from pathlib import Path

import pytest

from conftest import ADMIN_PASSWORD, SITE, Api
from public_pages import demo_targets, public_pages

AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("critical", "serious")
VIEWPORTS = {"375px": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture(scope="module")
def demo():
	return demo_targets(Api("Administrator", ADMIN_PASSWORD))


def run_axe(page) -> list[dict]:
	page.add_script_tag(path=str(AXE))
	result = page.evaluate(
		"""async () => {
			const r = await axe.run(document, {resultTypes: ["violations"]});
			return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
				nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}));
		}"""
	)
	return result


@pytest.mark.parametrize("viewport", list(VIEWPORTS), ids=list(VIEWPORTS))
def test_public_pages_have_no_serious_accessibility_violation(browser, base_url, demo, output_dir, viewport):
	assert AXE.is_file(), f"axe-core is not installed: run `npm ci` in {AXE.parents[2]} (scripts/lib.sh does)"
	context = browser.new_context(
		base_url=base_url,
		extra_http_headers={"X-Frappe-Site-Name": SITE},
		viewport=VIEWPORTS[viewport],
		locale="vi-VN",
	)
	report, blocking = {}, []
	try:
		page = context.new_page()
		for name, url in public_pages(demo).items():
			page.goto("about:blank")  # a new document each time (/login#signup is /login with a hash)
			page.goto(url)
			page.wait_for_load_state("load")
			violations = run_axe(page)
			report[url] = violations
			blocking += [f"{url}: {v['impact']} {v['id']} ({v['help']}) at {v['nodes']}" for v in violations
				if v["impact"] in BLOCKING]
	finally:
		context.close()
	(output_dir / f"axe-report-{viewport}.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
	assert blocking == [], "\n".join(blocking)
