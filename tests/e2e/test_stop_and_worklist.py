"""Over HTTP (issue 8 item 6, issue 11 items 1 and 10): a dossier withdrawn at the counter and on
the portal (state Stopped, closed), drafts invisible to departments, the department's worklist.

Every dossier here is new (saved and received through the desk's HTTP path, as the counter does),
so the demo's dossiers that other suites use stay as they are. The citizen account and its link
to a dossier (``Dossier.portal_user``, set when a citizen files online) are fixtures, made in the
site's process.
"""

import json
import sys
import uuid
from pathlib import Path

import pytest

from conftest import ADMIN_PASSWORD, DEMO_PASSWORD, Api
from frappe_site import connected_site

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import intake_load  # noqa: E402  (the desk's draft, shared with the intake benchmark)

RECEPTION = "tiepnhan01@onestop.localhost"
SPECIALIST = "chuyenvien01@onestop.localhost"  # Sở Tư pháp
HEAD = "truongphong01@onestop.localhost"  # Sở Tư pháp
PROCEDURE = "2.001417"  # Cấp Phiếu lý lịch tư pháp (Sở Tư pháp)
WITHDRAW = "onestop_center.dossiers.withdrawal.withdraw"
TAKE_ACTION = "onestop_center.dossiers.lifecycle.take_action"
CITIZEN_PASSWORD = "Cong-dan@2026-" + uuid.uuid4().hex[:6]


@pytest.fixture(scope="module")
def admin():
	return Api("Administrator", ADMIN_PASSWORD)


@pytest.fixture(scope="module")
def reception():
	return Api(RECEPTION, DEMO_PASSWORD)


@pytest.fixture(scope="module")
def specialist():
	return Api(SPECIALIST, DEMO_PASSWORD)


@pytest.fixture(scope="module")
def plan(admin):
	procedure = admin.get(f"/api/resource/Procedure/{PROCEDURE}").json()["data"]
	counter = admin.get("/api/resource/Counter", params={"limit_page_length": 1}).json()["data"][0]["name"]
	applicant = admin.get(
		"/api/resource/Applicant",
		params={"filters": '[["applicant_type","=","Citizen"]]', "limit_page_length": 1},
	).json()["data"][0]["name"]
	return procedure, applicant, counter


def draft(api, plan) -> str:
	procedure, applicant, counter = plan
	r = api.post(
		"/api/method/frappe.desk.form.save.savedocs",
		data={"doc": json.dumps(intake_load.draft_doc(procedure, applicant, counter)), "action": "Save"},
	)
	assert r.status_code == 200, r.text
	return r.json()["docs"][0]["name"]


def action(api, name, act, **data):
	return api.post(f"/api/method/{TAKE_ACTION}", data={"dossier": name, "action": act, "data": json.dumps(data)})


def received(api, plan) -> str:
	r = action(api, draft(api, plan), "Receive")
	assert r.status_code == 200, r.text
	return r.json()["message"]["name"]


def server_message(response) -> str:
	"""The Vietnamese message Frappe sends with a refusal."""
	messages = json.loads(response.json().get("_server_messages") or "[]")
	return " ".join(json.loads(m).get("message", "") for m in messages)


def stored(admin, name) -> dict:
	r = admin.get(f"/api/resource/Dossier/{name}")
	assert r.status_code == 200, r.text
	return r.json()["data"]


# -- withdrawal at the counter ------------------------------------------------------------------


def test_withdrawn_at_the_counter_the_dossier_is_closed(admin, reception, specialist, plan):
	name = received(reception, plan)
	r = action(reception, name, "Withdraw")
	assert r.status_code == 417, r.text  # the reason is required
	r = action(reception, name, "Withdraw", stop_reason="Người nộp xin rút hồ sơ", withdrawal_requested_by="Trần Văn Ủy Quyền")
	assert r.status_code == 200, r.text
	doc = stored(admin, name)
	assert (doc["status"], doc["stop_kind"], doc["withdrawal_channel"]) == ("Stopped", "Withdrawal", "Counter")
	assert doc["withdrawal_requested_by"] == "Trần Văn Ủy Quyền" and doc["stopped_by"] == RECEPTION
	# closed: no action, no edit, no transfer
	for act in ("Receive", "Withdraw", "Transfer", "Refuse"):
		r = action(reception, name, act, stop_reason="x", refusal_reason="x")
		assert 400 <= r.status_code < 500, (act, r.text)
	r = reception.put(f"/api/resource/Dossier/{name}", json={"remarks": "sửa sau khi dừng"})
	assert r.status_code == 403, r.text
	assert stored(admin, name)["modified"] == doc["modified"]
	# the stop notice (Mẫu 05) prints for the counter
	r = reception.get(
		"/api/method/frappe.utils.print_format.download_pdf",
		params={"doctype": "Dossier", "name": name, "format": "Thông báo dừng giải quyết hồ sơ", "no_letterhead": 1},
	)
	assert r.status_code == 200 and r.content.startswith(b"%PDF"), r.status_code


def test_a_specialist_cannot_withdraw_nor_a_reception_officer_stop(reception, specialist, plan):
	name = received(reception, plan)
	r = action(specialist, name, "Withdraw", stop_reason="x")
	assert r.status_code in (403, 404), r.text
	r = action(reception, name, "Stop Processing", stop_reason="x")
	assert 400 <= r.status_code < 500, r.text


# -- withdrawal on the portal -------------------------------------------------------------------


@pytest.fixture(scope="module")
def citizen(reception, plan):
	"""A citizen account, a dossier of theirs (received) and one of someone else."""
	email = f"rut-ho-so-{uuid.uuid4().hex[:8]}@onestop.invalid"
	own, other = received(reception, plan), received(reception, plan)
	with connected_site(db=True) as frappe:
		from frappe.utils.password import update_password

		from onestop_center.setup.bulk import bulk_import
		from onestop_center.setup.roles import CITIZEN

		with bulk_import():
			user = frappe.get_doc(
				{
					"doctype": "User",
					"email": email,
					"first_name": "Công dân rút hồ sơ",
					"enabled": 1,
					"user_type": "Website User",
					"send_welcome_email": 0,
				}
			).insert(ignore_permissions=True)
		user.add_roles(CITIZEN)
		update_password(email, CITIZEN_PASSWORD)
		frappe.db.set_value("Dossier", own, "portal_user", email, update_modified=False)
	return Api(email, CITIZEN_PASSWORD), own, other


def test_the_citizen_withdraws_only_their_own_dossier(admin, reception, citizen):
	api, own, other = citizen
	for who in (Api(), reception):
		r = who.post(f"/api/method/{WITHDRAW}", data={"dossier": own, "reason": "x"})
		assert r.status_code == 403, r.text
	r = api.post(f"/api/method/{WITHDRAW}", data={"dossier": other, "reason": "không phải của tôi"})
	assert r.status_code == 404, r.text
	r = api.post(f"/api/method/{WITHDRAW}", data={"dossier": "KHONG-TON-TAI-0001", "reason": "x"})
	assert r.status_code == 404, r.text
	r = api.post(f"/api/method/{WITHDRAW}", data={"dossier": own, "reason": "  "})
	assert r.status_code == 417, r.text
	r = api.get(f"/api/method/{WITHDRAW}", params={"dossier": own, "reason": "GET không được"})
	assert r.status_code in (403, 405), r.text
	assert stored(admin, own)["status"] == "Received"
	r = api.post(f"/api/method/{WITHDRAW}", data={"dossier": own, "reason": "Tôi nộp nhầm thủ tục"})
	assert r.status_code == 200, r.text
	assert r.json()["message"]["status"] == "Stopped"
	doc = stored(admin, own)
	assert (doc["stop_kind"], doc["withdrawal_channel"], doc["stop_reason"]) == (
		"Withdrawal",
		"Portal",
		"Tôi nộp nhầm thủ tục",
	)
	assert stored(admin, other)["status"] == "Received"
	r = api.post(f"/api/method/{WITHDRAW}", data={"dossier": own, "reason": "lần nữa"})
	assert r.status_code == 417, r.text
	assert "không thể rút" in server_message(r)


# -- what departments see -----------------------------------------------------------------------


def test_drafts_are_invisible_to_departments(admin, reception, specialist, plan):
	name = draft(reception, plan)
	assert stored(admin, name)["agency"], "a draft already names its agency"
	r = specialist.get(f"/api/resource/Dossier/{name}")
	assert r.status_code in (403, 404), r.text
	r = specialist.get(
		"/api/resource/Dossier", params={"filters": json.dumps([["name", "=", name]]), "limit_page_length": 5}
	)
	assert r.status_code == 200 and r.json()["data"] == [], r.text
	r = specialist.get(
		"/api/method/frappe.client.get_count", params={"doctype": "Dossier", "filters": json.dumps([["status", "=", "Draft"]])}
	)
	assert r.status_code == 200 and r.json()["message"] == 0, r.text
	r = specialist.get(
		"/api/resource/Dossier Document",
		params={"filters": json.dumps([["parent", "=", name]]), "parent": "Dossier"},
	)
	assert r.status_code in (200, 403) and not (r.json().get("data") or []), r.text
	# received, it is the department's business (once transferred it is theirs to act on)
	r = action(reception, name, "Receive")
	assert r.status_code == 200, r.text


def test_the_worklist_is_mine_soonest_first(admin, specialist):
	r = specialist.post(
		"/api/method/frappe.desk.query_report.run", data={"report_name": "Waiting for Me", "filters": "{}"}
	)
	assert r.status_code == 200, r.text
	rows = [row for row in r.json()["message"]["result"] if isinstance(row, dict) and row.get("name")]
	assert rows, "the demo has work waiting at Sở Tư pháp"
	dues = [row.get("step_due_at") or row.get("due_at") or "9999" for row in rows]
	assert dues == sorted(dues), dues
	for row in rows:
		doc = stored(admin, row["name"])
		assert doc["agency"] == "000.00.03.H02" and doc["status"] in ("Transferred", "In Progress"), doc["name"]
		assert SPECIALIST in json.loads(doc.get("_assign") or "[]") or not json.loads(doc.get("_assign") or "[]")
	r = Api(RECEPTION, DEMO_PASSWORD).post(
		"/api/method/frappe.desk.query_report.run", data={"report_name": "Waiting for Me", "filters": "{}"}
	)
	assert r.status_code == 403, r.text
