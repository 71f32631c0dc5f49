"""schemathesis against the served OpenAPI document (issue 12 §6): no server error, answers match it.

The document (``/api/method/onestop_center.api.openapi.document``, also ``/openapi.json``) lists the
public and integrator endpoints; schemathesis (env-tools/, tests/tools-requirements.txt) generates
requests from it, a bounded number per operation, and checks every answer: never an HTTP 5xx, status
codes and bodies as documented. The per-client request counts are reset before and after (a 429 is
documented, but the suites after this one should start afresh).
"""

import json
import subprocess
from pathlib import Path

import pytest
import requests

from conftest import BASE_URL, OUTPUT, SITE
from frappe_site import reset_rate_limits

ROOT = Path(__file__).resolve().parents[2]
SCHEMATHESIS = ROOT / "env-tools" / "bin" / "st"
DOCUMENT = f"{BASE_URL}/api/method/onestop_center.api.openapi.document"
HEADERS = {"X-Frappe-Site-Name": SITE}
MAX_EXAMPLES = 40


def test_the_document_is_served_and_valid_openapi():
	r = requests.get(DOCUMENT, headers=HEADERS, timeout=30)
	assert r.status_code == 200
	spec = r.json()
	assert spec["openapi"].startswith("3.")
	assert "message" not in spec and spec["paths"]
	redirect = requests.get(f"{BASE_URL}/openapi.json", headers=HEADERS, timeout=30, allow_redirects=False)
	assert redirect.status_code in (301, 302) and redirect.headers["Location"].endswith("openapi.document")


@pytest.fixture
def no_rate_limits():
	reset_rate_limits("onestop_center.")
	yield
	reset_rate_limits("onestop_center.")


def test_schemathesis_finds_no_server_error(no_rate_limits):
	report = OUTPUT / "schemathesis"
	report.mkdir(parents=True, exist_ok=True)
	result = subprocess.run(
		[
			str(SCHEMATHESIS), "run", DOCUMENT,
			"--url", BASE_URL,
			"-H", f"X-Frappe-Site-Name: {SITE}",
			"--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
			"--max-examples", str(MAX_EXAMPLES),
			"--seed", "20261130",
			"--workers", "1",
			"--phases", "examples,coverage,fuzzing",
			"--generation-deterministic",
			"--report", "junit", "--report-dir", str(report),
		],
		capture_output=True, text=True, timeout=1800,
		cwd=report,  # schemathesis keeps its cache (.schemathesis/) in the working directory
	)
	(report / "output.txt").write_text(result.stdout + result.stderr, encoding="utf-8")
	assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
