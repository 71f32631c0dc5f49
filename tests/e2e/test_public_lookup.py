"""The public lookup over HTTP, as a guest: its JSON answer, no personal data anywhere a guest can
reach, a miss as slow as a hit (no enumeration), 500 malformed codes and no server error, and the
per-client rate limit (kiosks listed in OneStop Settings are never limited)."""

import json
import random
import statistics
import string
import time

import pytest

from conftest import ADMIN_PASSWORD, Api
from frappe_site import site_cache

METHOD = "/api/method/onestop_center.portal.lookup.dossier_status"
SETTINGS = "/api/resource/OneStop Settings/OneStop Settings"
PUBLIC_FIELDS = {
	"found", "code", "procedure", "procedure_code", "agency", "applicant", "received_at", "due_at",
	"due_at_provisional", "rescheduled_due_at", "status", "status_text", "overdue", "timeliness",
	"timeliness_text", "steps", "result_ready", "collect_text", "fee_total", "fee_paid", "fee_due", "message",
}
STEP_FIELDS = {"order", "agency", "due_at", "finished_at", "result", "result_text"}


def reset_lookup_counters():
	with site_cache() as cache:
		cache.delete_keys("rl:onestop_center.portal.lookup.")


@pytest.fixture(scope="module")
def admin():
	return Api("Administrator", ADMIN_PASSWORD)


@pytest.fixture(scope="module")
def demo(admin):
	"""A received demo dossier, with its applicant's personal data (to look for in answers)."""
	r = admin.get(
		"/api/resource/Dossier",
		params={
			"filters": json.dumps([["status", "in", ["Received", "Transferred", "In Progress", "Result at Centre"]]]),
			"fields": json.dumps(["name", "applicant", "applicant_name", "phone", "email", "address"]),
			"limit_page_length": 1,
		},
	)
	assert r.status_code == 200, r.text
	dossier = r.json()["data"][0]
	applicant = admin.get(f"/api/resource/Applicant/{dossier['applicant']}").json()["data"]
	private = [dossier["applicant_name"], dossier["applicant"], applicant.get("id_number"), dossier.get("phone"),
		dossier.get("email"), dossier.get("address"), applicant.get("phone"), applicant.get("address")]
	return {"code": dossier["name"], "private": [p for p in private if p and len(str(p)) > 3]}


@pytest.fixture
def unlimited(admin):
	"""This client (the suite's 127.0.0.1) is listed as a kiosk for the test: many lookups at once."""
	before = admin.get(SETTINGS).json()["data"].get("lookup_unlimited_clients")
	r = admin.put(SETTINGS, json={"lookup_unlimited_clients": "127.0.0.1\n::1"})
	assert r.status_code == 200, r.text
	yield
	admin.put(SETTINGS, json={"lookup_unlimited_clients": before or ""})
	reset_lookup_counters()


def test_json_answer_for_a_hit_has_the_documented_fields_and_no_personal_data(guest_api, demo):
	r = guest_api.get(METHOD, params={"code": demo["code"]})
	assert r.status_code == 200, r.text
	answer = r.json()["message"]
	assert answer["found"] is True and answer["code"] == demo["code"]
	assert set(answer) == PUBLIC_FIELDS
	assert all(set(step) == STEP_FIELDS for step in answer["steps"])
	assert "*" in answer["applicant"]
	for value in demo["private"]:
		assert str(value) not in r.text, value
	# POST answers the same
	assert guest_api.post(METHOD, data={"code": demo["code"]}).json()["message"] == answer


def test_unknown_and_malformed_codes_get_a_clear_message(guest_api):
	for code in ("000.00.01.H15-261130-9999", "xyz", ""):
		r = guest_api.get(METHOD, params={"code": code})
		assert r.status_code == 200, r.text
		answer = r.json()["message"]
		assert answer["found"] is False and answer["message"]
		assert set(answer) == {"found", "code", "message"}


def test_the_lookup_page_for_a_hit_and_a_miss(guest_api, demo):
	hit = guest_api.get("/tra-cuu", params={"code": demo["code"]}, headers={"Accept": "text/html"})
	assert hit.status_code == 200 and 'data-lookup="found"' in hit.text
	for value in demo["private"]:
		assert str(value) not in hit.text, value
	miss = guest_api.get("/tra-cuu", params={"code": "000.00.01.H15-261130-9999"}, headers={"Accept": "text/html"})
	assert miss.status_code == 200 and 'data-lookup="not-found"' in miss.text


def test_what_a_client_sends_is_escaped_on_the_page(guest_api):
	for code in ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "<![W#x"):
		page = guest_api.get("/tra-cuu", params={"code": code}, headers={"Accept": "text/html"})
		assert page.status_code == 200
		assert "<script>alert(1)" not in page.text and "<img src=x" not in page.text and "<![W#" not in page.text
		assert guest_api.get(METHOD, params={"code": code}).status_code == 200


def test_guests_read_no_personal_data_over_rest(guest_api, demo):
	"""Dossier, Applicant and File (and their lists) are closed to guests, whatever the name."""
	for doctype in ("Dossier", "Applicant", "File", "Dossier Document", "Fee Receipt", "Survey Response"):
		r = guest_api.get(f"/api/resource/{doctype}", params={"fields": '["*"]'})
		assert r.status_code in (401, 403, 404), (doctype, r.status_code, r.text[:200])
	for path in (f"/api/resource/Dossier/{demo['code']}",
			f"/api/method/frappe.client.get?doctype=Dossier&name={demo['code']}",
			"/api/method/frappe.client.get_list?doctype=Applicant&fields=[\"*\"]",
			"/api/method/frappe.client.get_value?doctype=Applicant&fieldname=id_number",
			"/api/method/frappe.client.get_count?doctype=Dossier",
			f"/api/method/frappe.desk.form.load.getdoc?doctype=Dossier&name={demo['code']}",
			"/api/method/frappe.desk.reportview.get?doctype=Dossier&fields=[\"name\",\"applicant_name\"]",
			"/api/method/frappe.desk.search.search_link?doctype=Applicant&txt=a"):
		r = guest_api.get(path)
		assert r.status_code in (401, 403, 404, 417), (path, r.status_code, r.text[:200])
		for value in demo["private"]:
			assert str(value) not in r.text, (path, value)


def test_a_miss_answers_as_fast_as_a_hit(guest_api, demo, unlimited):
	"""Statistical bound (no sleeps): interleaved requests, the medians of hits, well-formed misses
	and malformed codes differ by less than 25 % of the hit's median (or 3 ms)."""
	codes = {"hit": demo["code"], "miss": demo["code"][:-4] + "9999", "malformed": "abc' or 1=1"}
	samples = {label: [] for label in codes}
	for _ in range(5):  # warm-up
		for code in codes.values():
			guest_api.get(METHOD, params={"code": code})
	for _round in range(80):
		for label, code in codes.items():
			started = time.perf_counter()
			r = guest_api.get(METHOD, params={"code": code})
			samples[label].append(time.perf_counter() - started)
			assert r.status_code == 200
	hit = statistics.median(samples["hit"])
	for label in ("miss", "malformed"):
		other = statistics.median(samples[label])
		assert abs(other - hit) < max(0.25 * hit, 0.003), f"{label} {other * 1000:.1f} ms vs hit {hit * 1000:.1f} ms"


def malformed_codes(count: int) -> list:
	rng = random.Random(20261130)
	fixed = ["", " ", "\x00", "%", "_", "'", '"', "\\", "../../etc/passwd", "<script>alert(1)</script>",
		"{{ 7*7 }}", "<![W#x", "<!--", "<?xml", "' OR '1'='1", "NHAP-20260101-00001", "a" * 65, "a" * 5000, "Hồ sơ ✓ 🚀",
		"\u202e\u200b", "code=", "http://x/?code=", "http://x/?code=%00", "[1,2]", '{"a":1}', "null", "-1",
		"000.00.01.H15-261130-", "-261130-0001", "000.00.01.H15--0001", "000.00.01.H15-2611300-0001"]
	alphabet = string.printable + "ĐđăâêôơưÁÀẢÃẠ\u0301\u200b\ufeff"
	values = list(fixed)
	while len(values) < count:
		length = rng.choice((1, 3, 10, 25, 64, 65, 200))
		values.append("".join(rng.choice(alphabet) for _ in range(length)))
	return values


def test_fuzz_500_malformed_codes_never_fail_the_server(guest_api, unlimited):
	values = malformed_codes(520)
	failures = []
	for index, value in enumerate(values):
		if index % 3 == 0:
			r = guest_api.get(METHOD, params={"code": value})
		elif index % 3 == 1:
			r = guest_api.post(METHOD, data={"code": value})
		else:
			r = guest_api.post(METHOD, json={"code": value})
		if r.status_code >= 500 or "Traceback" in r.text:
			failures.append((value[:40], r.status_code))
	# the page too, and JSON values of other types
	for value in values[:60] + [1, 1.5, True, [], ["a"], {"a": 1}]:
		r = guest_api.post(METHOD, json={"code": value})
		if r.status_code >= 500:
			failures.append((str(value)[:40], r.status_code))
	for value in values[:120]:
		r = guest_api.get("/tra-cuu", params={"code": value}, headers={"Accept": "text/html"})
		if r.status_code >= 500 or "Traceback" in r.text:
			failures.append(("page " + value[:40], r.status_code))
	assert failures == []


def test_rate_limit_per_client_and_kiosks_never_limited(admin, guest_api):
	before = admin.get(SETTINGS).json()["data"]
	reset_lookup_counters()
	try:
		assert admin.put(SETTINGS, json={"lookup_rate_limit": 5, "lookup_unlimited_clients": ""}).status_code == 200
		answers = [guest_api.get(METHOD, params={"code": "x"}).status_code for _ in range(7)]
		assert answers[:5] == [200] * 5 and answers[5:] == [429, 429], answers
		# the page shares the budget and says so in Vietnamese
		page = guest_api.get("/tra-cuu", params={"code": "x"}, headers={"Accept": "text/html"})
		assert page.status_code == 429 and "vui lòng đợi một phút" in page.text
		# a kiosk listed in the settings is never refused
		assert admin.put(SETTINGS, json={"lookup_unlimited_clients": "127.0.0.0/8\n::1"}).status_code == 200
		assert {guest_api.get(METHOD, params={"code": "x"}).status_code for _ in range(20)} == {200}
	finally:
		admin.put(SETTINGS, json={
			"lookup_rate_limit": before.get("lookup_rate_limit") or 600,
			"lookup_unlimited_clients": before.get("lookup_unlimited_clients") or "",
		})
		reset_lookup_counters()
