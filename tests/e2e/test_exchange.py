"""A department's own system over real HTTP (issue 12 §9, inbound): the test is the fake peer.

The peer of Sở Tư pháp (a Department System user with an API key, attached to its agency) and the
peer of another agency are fixtures made in the site's process (``exchange.provision_peer``), as
the administrator would make them; everything else goes over HTTP with Frappe's token
authentication: the counter receives a dossier, the centre transfers it (the transfer window's
system transition, in-process), the peer fetches it, acknowledges, finishes step 1, reports the
result with its document; replays and wrong states; the other agency's peer and officers learn
nothing. Rate-limit counters of the exchange API are reset afterwards.
"""

import json
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import requests
from conftest import ADMIN_PASSWORD, BASE_URL, DEMO_PASSWORD, OUTPUT, SITE, Api
from frappe_site import connected_site, reset_rate_limits

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import intake_load  # the desk's draft, shared with the intake benchmark

RECEPTION = "tiepnhan01@onestop.localhost"
SPECIALIST = "chuyenvien01@onestop.localhost"  # Sở Tư pháp, a person, not its system
OTHER_SPECIALIST = "chuyenvien02@onestop.localhost"  # another department
STP = "000.00.03.H02"  # Sở Tư pháp
PROCEDURE = "2.001417"  # Cấp Phiếu lý lịch tư pháp: step 1 specialist, step 2 head, both at Sở Tư pháp
API = "/api/method/onestop_center.integration.exchange."
PDF = b"%PDF-1.4\n% Phieu ly lich tu phap\n%%EOF\n"


class Peer:
	"""The fake department system: token authentication, no login, no cookie."""

	def __init__(self, api_key: str, api_secret: str):
		self.session = requests.Session()
		self.session.headers.update(
			{"X-Frappe-Site-Name": SITE, "Accept": "application/json", "Authorization": f"token {api_key}:{api_secret}"}
		)

	def get(self, method, **params):
		return self.session.get(BASE_URL + API + method, params=params, timeout=60)

	def post(self, method, files=None, **data):
		return self.session.post(BASE_URL + API + method, data=data, files=files, timeout=60)


@pytest.fixture(scope="module")
def peers():
	"""The systems of Sở Tư pháp and of another agency (keys made as the administrator would)."""
	with connected_site(db=True) as frappe:
		from onestop_center.integration.exchange import provision_peer

		# the agency of the demo's other specialist (a sibling department, not a parent of Sở Tư pháp)
		other = frappe.db.get_value("User Permission", {"user": OTHER_SPECIALIST, "allow": "Agency"}, "for_value")
		assert other and other != STP, other
		keys = {
			agency: provision_peer(agency, email=f"he-thong-{uuid.uuid4().hex[:8]}@onestop.invalid")
			for agency in (STP, other)
		}
	yield {STP: Peer(keys[STP]["api_key"], keys[STP]["api_secret"]),
		"other": Peer(keys[other]["api_key"], keys[other]["api_secret"])}
	reset_rate_limits("onestop_center.integration.")


@pytest.fixture(scope="module")
def admin():
	return Api("Administrator", ADMIN_PASSWORD)


@pytest.fixture(scope="module")
def reception():
	return Api(RECEPTION, DEMO_PASSWORD)


def transferred(admin, reception) -> str:
	"""A dossier received at the counter over HTTP, then handed to Sở Tư pháp by the centre."""
	procedure = admin.get(f"/api/resource/Procedure/{PROCEDURE}").json()["data"]
	counter = admin.get("/api/resource/Counter", params={"limit_page_length": 1}).json()["data"][0]["name"]
	applicant = admin.get(
		"/api/resource/Applicant", params={"filters": '[["applicant_type","=","Citizen"]]', "limit_page_length": 1}
	).json()["data"][0]["name"]
	r = reception.post(
		"/api/method/frappe.desk.form.save.savedocs",
		data={"doc": json.dumps(intake_load.draft_doc(procedure, applicant, counter)), "action": "Save"},
	)
	assert r.status_code == 200, r.text
	r = reception.post(
		"/api/method/onestop_center.dossiers.lifecycle.take_action",
		data={"dossier": r.json()["docs"][0]["name"], "action": "Receive", "data": "{}"},
	)
	assert r.status_code == 200, r.text
	name = r.json()["message"]["name"]
	with connected_site(db=True) as frappe:
		from onestop_center.dossiers import lifecycle

		frappe.local.lang = frappe.db.get_default("lang") or "vi"  # the timeline's line, as the job writes it
		lifecycle.transfer(name)  # the transfer window's system transition
	return name


def stored(admin, name) -> dict:
	r = admin.get(f"/api/resource/Dossier/{name}")
	assert r.status_code == 200, r.text
	return r.json()["data"]


def server_message(response) -> str:
	messages = json.loads(response.json().get("_server_messages") or "[]")
	return " ".join(json.loads(m).get("message", "") for m in messages)


def rid() -> str:
	return f"e2e-{uuid.uuid4().hex[:12]}"


def workflow_comments(admin, name) -> list[str]:
	r = admin.get(
		"/api/resource/Comment",
		params={
			"filters": json.dumps([["reference_name", "=", name], ["comment_type", "=", "Workflow"]]),
			"fields": '["content"]',
			"limit_page_length": 100,
		},
	)
	return [row["content"] for row in r.json()["data"]]


def test_the_peer_takes_the_dossier_through_to_its_result(peers, admin, reception):
	peer = peers[STP]
	name = transferred(admin, reception)
	before = stored(admin, name)

	# fetch: in the list (paged by cursor), then whole
	cursor, seen = None, []
	for _ in range(200):
		r = peer.get("v1_list_dossiers", **({"cursor": cursor} if cursor else {}), limit=100)
		assert r.status_code == 200, r.text
		page = r.json()["message"]
		seen += [row for row in page["dossiers"] if row["dossier"] == name]
		cursor = page["next_cursor"]
		if not page["has_more"]:
			break
	assert [(row["status"], row["relation"]) for row in seen] == [("Transferred", "holder")]
	r = peer.get("v1_get_dossier", dossier=name)
	assert r.status_code == 200, r.text
	view = r.json()["message"]
	assert (view["dossier"], view["agency"], view["current_step"], view["last_step"]) == (name, STP, 1, False)
	assert [step["order"] for step in view["steps"]] == [1, 2]
	assert view["applicant_name"] == before["applicant_name"]

	# acknowledge, and the same request again: one Accept
	comments = len(workflow_comments(admin, name))
	ack = rid()
	r = peer.post("v1_acknowledge", dossier=name, request_id=ack, officer="Nguyễn Văn Chuyên Viên")
	assert r.status_code == 200, r.text
	first = r.json()["message"]
	assert (first["status"], first["replayed"]) == ("In Progress", False)
	r = peer.post("v1_acknowledge", dossier=name, request_id=ack, officer="Nguyễn Văn Chuyên Viên")
	assert r.status_code == 200, r.text
	assert r.json()["message"] == {**first, "replayed": True}
	assert len(workflow_comments(admin, name)) == comments + 1  # one Accept, not two
	# the same id for something else: 409; a new request in the wrong state: the lifecycle's 417
	r = peer.post("v1_acknowledge", dossier=name, request_id=ack, officer="Người khác")
	assert r.status_code == 409, r.text
	r = peer.post("v1_acknowledge", dossier=name, request_id=rid())
	assert r.status_code == 417, r.text
	assert "không thể chuyển sang" in server_message(r), server_message(r)
	# the result before the last step: refused in Vietnamese
	r = peer.post("v1_report_result", files={"file": ("kq.pdf", PDF, "application/pdf")},
		dossier=name, request_id=rid(), result_number="1/PLLTP")
	assert r.status_code == 417 and "còn các bước sau" in server_message(r), r.text

	# progress: step 1 started and finished (→ step 2, still at Sở Tư pháp)
	r = peer.post("v1_report_progress", dossier=name, request_id=rid(), event="step_started", step=1)
	assert r.status_code == 200, r.text
	r = peer.post("v1_report_progress", dossier=name, request_id=rid(), event="step_finished", step=2)
	assert r.status_code == 417 and "không phải bước 2" in server_message(r), r.text
	r = peer.post("v1_report_progress", dossier=name, request_id=rid(), event="step_finished", step=1)
	assert r.status_code == 200, r.text
	assert (r.json()["message"]["status"], r.json()["message"]["current_step"]) == ("In Progress", 2)
	assert r.json()["message"]["step_timeliness"] in ("Early", "On Time")

	# the result with its document
	result_id = rid()
	r = peer.post("v1_report_result", files={"file": ("phieu-lltp.pdf", PDF, "application/pdf")},
		dossier=name, request_id=result_id, result_number="123/PLLTP", result_summary="Phiếu số 1", officer="Trần Lãnh Đạo")
	assert r.status_code == 200, r.text
	answer = r.json()["message"]
	assert answer["status"] == "Result Ready" and answer["replayed"] is False
	r = peer.post("v1_report_result", files={"file": ("phieu-lltp.pdf", PDF, "application/pdf")},
		dossier=name, request_id=result_id, result_number="123/PLLTP", result_summary="Phiếu số 1", officer="Trần Lãnh Đạo")
	assert r.status_code == 200 and r.json()["message"] == {**answer, "replayed": True}, r.text

	doc = stored(admin, name)
	assert (doc["status"], doc["result_number"]) == ("Result Ready", "123/PLLTP")
	assert doc["due_at"] == before["due_at"]
	assert doc["finished_at"] and doc["result_ready_at"] == doc["finished_at"]
	assert doc["finished_at"] <= doc["due_at"] and doc["timeliness"] in ("Early", "On Time")
	assert all(s["finished_at"] and s["timeliness"] in ("Early", "On Time") for s in doc["steps"])
	assert doc["handovers"][-1]["received_by"].startswith("he-thong-")
	# the result file: the peer downloads it with its token; the other agency's system cannot
	r = peer.session.get(BASE_URL + doc["result_file"], timeout=30)
	assert r.status_code == 200 and r.content == PDF, r.status_code
	r = peers["other"].session.get(BASE_URL + doc["result_file"], timeout=30)
	assert r.status_code in (403, 404), r.status_code
	# the centre collects it as from any department
	r = reception.post(
		"/api/method/onestop_center.dossiers.lifecycle.take_action",
		data={"dossier": name, "action": "Collect Result", "data": "{}"},
	)
	assert r.status_code == 200 and r.json()["message"]["status"] == "Result at Centre", r.text


def test_another_agencys_system_and_other_callers_learn_nothing(peers, admin, reception):
	name = transferred(admin, reception)
	other = peers["other"]
	r = other.get("v1_get_dossier", dossier=name)
	assert r.status_code == 404, r.text
	r = other.post("v1_acknowledge", dossier=name, request_id=rid())
	assert r.status_code == 404, r.text
	r = other.get("v1_list_dossiers", limit=200)
	assert r.status_code == 200 and name not in r.text, r.text
	assert stored(admin, name)["status"] == "Transferred"
	# no key, a wrong key, an officer of the agency (a person, not its system)
	r = requests.get(BASE_URL + API + "v1_list_dossiers", headers={"X-Frappe-Site-Name": SITE}, timeout=30)
	assert r.status_code == 403, r.text
	r = requests.get(
		BASE_URL + API + "v1_list_dossiers",
		headers={"X-Frappe-Site-Name": SITE, "Authorization": "token khong:dung"},
		timeout=30,
	)
	assert r.status_code == 401, r.text
	specialist = Api(SPECIALIST, DEMO_PASSWORD)
	r = specialist.get(API + "v1_get_dossier", params={"dossier": name})
	assert r.status_code == 403 and "hệ thống của sở, ngành" in server_message(r), r.text
	r = peers[STP].get("v1_get_dossier", dossier=name)
	assert r.status_code == 200, r.text
	# a key's request is checked as its user's, like a session's: a missing argument is a 417, not a 500
	r = peers[STP].session.post(f"{BASE_URL}/api/method/frappe.client.validate_link", data={"doctype": "Dossier"}, timeout=30)
	assert r.status_code == 417, r.text


def test_supplement_and_directive_over_http(peers, admin, reception):
	peer = peers[STP]
	name = transferred(admin, reception)
	assert peer.post("v1_acknowledge", dossier=name, request_id=rid()).status_code == 200
	r = peer.post("v1_report_directive", dossier=name, request_id=rid(), text="Ưu tiên xử lý trong ngày")
	assert r.status_code == 200, r.text
	r = peer.post("v1_request_supplement", dossier=name, request_id=rid(), supplement_request="Bổ sung bản sao sổ hộ khẩu")
	assert r.status_code == 200 and r.json()["message"]["status"] == "Supplement Requested", r.text
	doc = stored(admin, name)
	assert doc["clock_paused"] == 1 and doc["supplement_request"] == "Bổ sung bản sao sổ hộ khẩu"
	assert [d["directive"] for d in doc["directives"]] == ["Ưu tiên xử lý trong ngày"]
	# while the applicant completes the file, step reports are out of order
	r = peer.post("v1_report_progress", dossier=name, request_id=rid(), event="step_finished", step=1)
	assert r.status_code == 417, r.text


@pytest.fixture(scope="module")
def idle_peer(peers):
	"""The system of a new agency that holds no dossier: generated reports change no demo data."""
	with connected_site(db=True):
		from onestop_center.integration.exchange import provision_peer
		from onestop_center.testing import make_agency

		keys = provision_peer(make_agency(agency_name=f"Sở thử API {uuid.uuid4().hex[:6]}").name)
	return Peer(keys["api_key"], keys["api_secret"])


def test_schemathesis_as_the_peer_finds_no_server_error(idle_peer):
	"""The exchange operations of the OpenAPI document, generated as a peer (with its key): never
	a 5xx, statuses and bodies as documented (the suite without a key: test_openapi_schemathesis)."""
	secret = idle_peer.session.headers["Authorization"]
	report = OUTPUT / "schemathesis-exchange"
	report.mkdir(parents=True, exist_ok=True)
	result = subprocess.run(
		[
			str(Path(__file__).resolve().parents[2] / "env-tools" / "bin" / "st"), "run",
			f"{BASE_URL}/api/method/onestop_center.api.openapi.document",
			"--url", BASE_URL,
			"-H", f"X-Frappe-Site-Name: {SITE}",
			"-H", f"Authorization: {secret}",
			"--include-path-regex", r"integration\.exchange",
			"--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
			"--max-examples", "20",
			"--seed", "20261130",
			"--workers", "1",
			"--request-timeout", "60",
			"--phases", "examples,coverage,fuzzing",
			"--generation-deterministic",
			"--report", "junit", "--report-dir", str(report),
		],
		check=False, capture_output=True, text=True, timeout=1200, cwd=report,
	)
	(report / "output.txt").write_text((result.stdout + result.stderr).replace(secret, "token ***"), encoding="utf-8")
	assert result.returncode == 0, (result.stdout[-6000:] + result.stderr[-2000:]).replace(secret, "token ***")
