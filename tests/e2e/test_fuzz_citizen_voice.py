"""The guest endpoints of the survey and feedback pages never fail on malformed input: 0 HTTP 500.

``surveys/api.py``'s ``get_survey``, ``submit_survey`` and ``submit_feedback`` take each value of
test_fuzz's malformed set in each of their parameters (the others plausible), as a guest, through
form data, JSON bodies and query strings — at least 500 requests. The plausible code and check
name a real demo dossier, so malformed answers reach the survey's own checks; the per-client rate
limits and the per-code lock of wrong checks are reset as the run goes (they would answer 429,
which is fine, but hide the code behind them). The dossier's rating, if this run made one, and
the feedback it filed are removed at the end.
"""

import json

import pytest

from conftest import ADMIN_PASSWORD, BASE_URL, Api
from frappe_site import site_cache
from test_fuzz import LEAKS, MALFORMED, reset_public_api_counters

MIN_CASES = 500
METHODS = {
	"get_survey": ("GET", ["code", "check"]),
	"submit_survey": ("POST", ["code", "check", "satisfaction", "answers", "comment", "channel"]),
	"submit_feedback": (
		"POST",
		[
			"kind",
			"subject",
			"content",
			"sender_name",
			"sender_email",
			"sender_phone",
			"sender_address",
			"dossier_code",
			"check",
		],
	),
}
RESET_EVERY = 8  # below the smallest per-client limit (10 feedback per 5 minutes)


@pytest.fixture(scope="module")
def dossier():
	"""(code, check, whether it was rated before) of a received demo dossier."""
	admin = Api("Administrator", ADMIN_PASSWORD)
	rows = admin.get(
		"/api/resource/Dossier",
		params={
			"fields": '["name", "applicant"]',
			"filters": json.dumps([["status", "in", ["Received", "Returned", "Result at Centre"]]]),
			"limit_page_length": 20,
		},
	).json()["data"]
	for row in rows:
		applicant = admin.get(f"/api/resource/Applicant/{row['applicant']}").json()["data"]
		key = applicant.get("id_number") or applicant.get("tax_code")
		if key:
			rated = admin.get(
				"/api/resource/Survey Response", params={"filters": json.dumps([["dossier", "=", row["name"]]])}
			).json()["data"]
			yield row["name"], key[-4:]
			if not rated:
				for response in admin.get(
					"/api/resource/Survey Response", params={"filters": json.dumps([["dossier", "=", row["name"]]])}
				).json()["data"]:
					admin.post("/api/method/frappe.client.delete", data={"doctype": "Survey Response", "name": response["name"]})
			reset_public_api_counters()
			return
	pytest.fail("no received demo dossier with an applicant key")


def plausible(code: str, check: str) -> dict:
	answers = {f"TT01-{i}": "Satisfied" for i in range(1, 10)}
	return {
		"code": code,
		"check": check,
		"satisfaction": "Satisfied",
		"answers": json.dumps(answers),
		"comment": "Góp ý",
		"channel": "Kiosk",
		"kind": "Question",
		"subject": "Hỏi về lệ phí",
		"content": "Lệ phí bao nhiêu?",
		"sender_name": "Người Thử",
		"sender_email": "nguoi.thu@example.invalid",
		"sender_phone": "0912345678",
		"sender_address": "",
		"dossier_code": "",
	}


def cases(code: str, check: str) -> list[tuple]:
	base = plausible(code, check)
	found = []
	for method, (verb, params) in METHODS.items():
		for param in params:
			for index, value in enumerate(MALFORMED):
				values = {p: base[p] for p in params}
				values[param] = value
				as_json = verb == "POST" and (index % 3 == 0 or not isinstance(value, (str, type(None))))
				found.append((method, verb, values, as_json))
	return found


def send(api: Api, method: str, verb: str, values: dict, as_json: bool):
	url = f"{BASE_URL}/api/method/onestop_center.surveys.api.{method}"
	if verb == "GET":
		params = {k: v if isinstance(v, str) else json.dumps(v) for k, v in values.items() if v is not None}
		return api.session.get(url, params=params, timeout=60)
	if as_json:
		return api.session.post(url, json=values, timeout=60)
	return api.session.post(url, data={k: v for k, v in values.items() if v is not None}, timeout=60)


def test_guest_endpoints_of_surveys_and_feedback_never_fail(dossier, output_dir):
	code, check = dossier
	guest = Api()
	admin = Api("Administrator", ADMIN_PASSWORD)
	before = {r["name"] for r in admin.get("/api/resource/Citizen Feedback", params={"limit_page_length": 0}).json()["data"]}
	all_cases = cases(code, check)
	assert len(all_cases) >= MIN_CASES, len(all_cases)
	failures, statuses = [], {}
	for number, (method, verb, values, as_json) in enumerate(all_cases):
		if number % RESET_EVERY == 0:
			with site_cache() as cache:
				cache.delete_keys("rl:onestop_center.surveys.")
				cache.delete_keys("onestop:dossier_check:")
		r = send(guest, method, verb, values, as_json)
		statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
		if r.status_code >= 500 or LEAKS.search(r.text):
			shown = {k: (v[:40] if isinstance(v, str) else v) for k, v in values.items()}
			failures.append(f"{r.status_code} {method} {'json' if as_json else verb} {shown}: {r.text[:200]}")
	# the feedback the plausible cases filed is not demo data: removed
	for row in admin.get("/api/resource/Citizen Feedback", params={"limit_page_length": 0}).json()["data"]:
		if row["name"] not in before:
			admin.post("/api/method/frappe.client.delete", data={"doctype": "Citizen Feedback", "name": row["name"]})
	(output_dir.parent / "fuzz-citizen-voice.txt").write_text(
		f"{len(all_cases)} malformed requests, {len(failures)} failed, statuses {statuses}\n" + "\n".join(failures) + "\n"
	)
	assert not failures, f"{len(failures)} of {len(all_cases)} cases failed:\n" + "\n".join(failures[:20])
