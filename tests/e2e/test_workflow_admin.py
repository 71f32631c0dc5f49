"""Over HTTP (issue 12 §1): the OneStop Administrator opens, reads and edits the Workflow "Dossier
Lifecycle", its states and actions, and the kinds mapping, as the desk does; other officers do not
edit them."""

from urllib.parse import quote

import pytest

from conftest import DEMO_PASSWORD, Api

ADMINISTRATOR = "quantri01@onestop.localhost"
SPECIALIST = "chuyenvien01@onestop.localhost"
WORKFLOW = "Dossier Lifecycle"
GETDOC = "/api/method/frappe.desk.form.load.getdoc"


@pytest.fixture(scope="module")
def administrator():
	return Api(ADMINISTRATOR, DEMO_PASSWORD)


@pytest.fixture(scope="module")
def specialist():
	return Api(SPECIALIST, DEMO_PASSWORD)


@pytest.mark.parametrize(
	"doctype, name",
	[
		("Workflow", WORKFLOW),
		("Workflow State", "In Progress"),
		("Workflow Action Master", "Accept"),
		("Lifecycle Kinds", "Lifecycle Kinds"),
	],
)
def test_the_administrator_opens_the_workflow_records_in_the_desk(administrator, doctype, name):
	# what /app/workflow/Dossier Lifecycle loads ("Không tìm thấy" before)
	r = administrator.get(GETDOC, params={"doctype": doctype, "name": name})
	assert r.status_code == 200, r.text
	doc = r.json()["docs"][0]
	assert doc["name"] == name
	assert "write" in r.json()["docinfo"]["permissions"] and r.json()["docinfo"]["permissions"]["write"]


def test_the_administrator_saves_the_workflow_unchanged(administrator):
	doc = administrator.get(f"/api/resource/Workflow/{quote(WORKFLOW)}").json()["data"]
	r = administrator.put(
		f"/api/resource/Workflow/{quote(WORKFLOW)}", json={"send_email_alert": doc["send_email_alert"]}
	)
	assert r.status_code == 200, r.text
	assert len(r.json()["data"]["transitions"]) == len(doc["transitions"])


def test_a_department_officer_does_not_edit_the_workflow(specialist):
	r = specialist.put(f"/api/resource/Workflow/{quote(WORKFLOW)}", json={"send_email_alert": 0})
	assert r.status_code == 403, r.text
	r = specialist.get(GETDOC, params={"doctype": "Workflow", "name": WORKFLOW})
	assert r.status_code == 403, r.text
