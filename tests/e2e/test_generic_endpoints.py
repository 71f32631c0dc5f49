"""Frappe's generic endpoints over real HTTP: a Sở Tư pháp specialist against a Sở GTVT dossier.

The demo's department users are attached to their agency (demo/users.py): chuyenvien01 to Sở Tư
pháp (000.00.03.H02); Sở Giao thông Vận tải is 000.00.08.H02. Every answer about the other
agency's dossier must be the answer about a dossier that does not exist.
"""

import json

import pytest

from conftest import ADMIN_PASSWORD, DEMO_PASSWORD, Api

SPECIALIST = "chuyenvien01@onestop.localhost"
OWN_AGENCY, OTHER_AGENCY = "000.00.03.H02", "000.00.08.H02"
MISSING = "000.00.08.H02-000101-9999"
DOSSIER_CHILDREN = (
	"Dossier Clock Stop",
	"Dossier Step",
	"Dossier Hand-over",
	"Dossier Consultation",
	"Dossier Directive",
	"Dossier Document",
	"Dossier Fee",
)


@pytest.fixture(scope="module")
def specialist():
	return Api(SPECIALIST, DEMO_PASSWORD)


def dossier_of(api, agency):
	r = api.get(
		"/api/resource/Dossier",
		params={"filters": json.dumps([["agency", "=", agency]]), "limit_page_length": 1},
	)
	assert r.status_code == 200, r.text
	return r.json()["data"][0]["name"]


@pytest.fixture(scope="module")
def dossiers():
	admin = Api("Administrator", ADMIN_PASSWORD)
	return {"own": dossier_of(admin, OWN_AGENCY), "other": dossier_of(admin, OTHER_AGENCY), "admin": admin}


def method(api, name, **params):
	return api.get(f"/api/method/{name}", params=params)


def test_get_count_is_permission_checked(specialist, dossiers):
	def count(name):
		r = method(specialist, "frappe.client.get_count", doctype="Dossier", filters=json.dumps({"name": name}))
		assert r.status_code == 200, r.text
		return r.json()["message"]

	assert count(dossiers["other"]) == 0
	assert count(dossiers["own"]) == 1
	r = method(specialist, "frappe.client.get_count", doctype="Dossier", debug=1)
	assert "_debug_messages" not in r.json()


@pytest.mark.parametrize("child", DOSSIER_CHILDREN)
def test_child_rows_of_another_agency_are_not_listed(specialist, dossiers, child):
	r = method(
		specialist,
		"frappe.client.get_list",
		doctype=child,
		parent="Dossier",
		filters=json.dumps({"parent": dossiers["other"]}),
		fields=json.dumps(["name", "parent"]),
	)
	assert r.status_code == 200, r.text
	assert r.json()["message"] == []
	r = specialist.get(f"/api/resource/{child}", params={"parent": "Dossier", "limit_page_length": 0, "fields": '["parent"]'})
	assert r.status_code == 200, r.text
	assert dossiers["other"] not in {row["parent"] for row in r.json()["data"]}


def test_rows_of_another_agency_are_not_printed_or_read_alone(specialist, dossiers):
	r = method(
		dossiers["admin"],
		"frappe.client.get_list",
		doctype="Dossier Step",
		parent="Dossier",
		filters=json.dumps({"parent": dossiers["other"]}),
		fields=json.dumps(["name"]),
	)
	row = r.json()["message"][0]["name"]
	for path, params in (
		("/printview", {"doctype": "Dossier Step", "name": row}),
		("/api/method/frappe.utils.print_format.download_pdf", {"doctype": "Dossier Step", "name": row}),
		("/api/method/frappe.desk.form.load.getdoc", {"doctype": "Dossier Step", "name": row}),
		(f"/api/resource/Dossier Step/{row}", {}),
		(f"/api/v2/document/Dossier Step/{row}", {}),
	):
		r = specialist.get(path, params=params)
		assert r.status_code == 403, (path, r.text[:300])
		assert dossiers["other"] not in r.text, path


def test_transfer_batch_lines_only_of_own_batches(specialist, dossiers):
	r = method(
		specialist,
		"frappe.client.get_list",
		doctype="Transfer Batch Dossier",
		parent="Transfer Batch",
		fields=json.dumps(["parent"]),
		limit_page_length=0,
	)
	assert r.status_code == 200, r.text
	batches = {row["parent"] for row in r.json()["message"]}
	for batch in batches:
		agency = dossiers["admin"].get(f"/api/resource/Transfer Batch/{batch}").json()["data"]["agency"]
		assert agency == OWN_AGENCY


def test_validate_link_and_search_do_not_reveal_other_dossiers(specialist, dossiers):
	def link(name):
		r = method(specialist, "frappe.client.validate_link", doctype="Dossier", docname=name)
		assert r.status_code == 200, r.text
		return r.json()["message"]

	assert link(dossiers["other"]) == link(MISSING)
	assert link(dossiers["own"])["name"] == dossiers["own"]
	r = method(
		specialist, "frappe.desk.search.search_link", doctype="Dossier", txt=OTHER_AGENCY, ignore_user_permissions=1
	)
	assert r.status_code == 200, r.text
	assert r.json()["message"] == []


def test_files_of_another_agency_are_neither_attached_nor_listed(specialist, dossiers):
	admin = dossiers["admin"]
	r = admin.post(
		"/api/method/upload_file",
		data={"doctype": "Dossier", "docname": dossiers["other"], "is_private": 1},
		files={"file": ("gtvt-scan.txt", b"scan of an ID card")},
	)
	assert r.status_code == 200, r.text
	theirs = r.json()["message"]
	for is_private in (0, 1):
		r = specialist.post(
			"/api/method/upload_file",
			data={"doctype": "Dossier", "docname": dossiers["other"], "is_private": is_private},
			files={"file": ("intruder.txt", b"x")},
		)
		assert r.status_code == 403, r.text
	r = specialist.get(
		"/api/resource/File",
		params={"fields": '["name", "attached_to_name"]', "filters": '[["attached_to_doctype","=","Dossier"]]', "limit_page_length": 0},
	)
	assert r.status_code == 200, r.text
	assert dossiers["other"] not in {row["attached_to_name"] for row in r.json()["data"]}
	assert specialist.get(theirs["file_url"]).status_code == 403
	assert specialist.get(f"/api/resource/File/{theirs['name']}").status_code == 403


def test_actions_on_another_agency_dossier_answer_not_found(specialist, dossiers):
	answers = []
	for name in (dossiers["other"], MISSING):
		r = specialist.post(
			"/api/method/onestop_center.dossiers.lifecycle.take_action", data={"dossier": name, "action": "Receive"}
		)
		assert r.status_code == 404, r.text
		messages = [json.loads(m) for m in json.loads(r.json()["_server_messages"])]
		for message in messages:
			message.pop("__frappe_exc_id", None)  # random per error
		answers.append(json.dumps(messages).replace(name, "<name>"))
	assert answers[0] == answers[1]
