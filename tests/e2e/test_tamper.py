"""Tamper suite (issue 7): lifecycle records cannot be forged over REST, whatever the endpoint.

Every demo role tries every lifecycle-owned field and child table of dossiers in several states, of
its own agency and of another, through the four ways Frappe saves a document — ``PUT
/api/resource``, ``frappe.client.set_value``, ``frappe.client.save`` and the desk's
``frappe.desk.form.save.savedocs`` — and each attempt must be refused (4xx) with the stored record
unchanged (re-read as Administrator). Then the attacks of the issue one by one: a back-dated clock
stop, edits of a closed dossier (and the audited administrator correction that is allowed), a
specialist taking the head's step, a reception officer finishing a department's step.

Table-driven and cheap: each (role, field) pair uses one endpoint and one dossier in rotation, so
that every field meets every endpoint and every role, in about 300 requests.
"""

import copy
import json
from datetime import datetime, timedelta

import pytest

from conftest import ADMIN_PASSWORD, DEMO_PASSWORD, Api

RECEPTION = "tiepnhan01@onestop.localhost"
SPECIALIST = "chuyenvien01@onestop.localhost"  # Sở Tư pháp
HEAD = "truongphong01@onestop.localhost"  # Sở Tư pháp
ROLES = {
	"reception officer": RECEPTION,
	"general affairs officer": "tonghop01@onestop.localhost",
	"department specialist": SPECIALIST,
	"department head": HEAD,
	"centre leader": "lanhdao01@onestop.localhost",
	"onestop administrator": "quantri01@onestop.localhost",
}
DEPARTMENT_ROLES = ("department specialist", "department head")
OWN_AGENCY, OTHER_AGENCY = "000.00.03.H02", "000.00.08.H02"  # Sở Tư pháp, Sở GTVT
LEADER = ROLES["centre leader"]
BACK_DATED = "2026-01-05 08:00:00"


# -- HTTP ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def admin():
	return Api("Administrator", ADMIN_PASSWORD)


@pytest.fixture(scope="module")
def sessions():
	return {role: Api(user, DEMO_PASSWORD) for role, user in ROLES.items()}


def stored(admin, name) -> dict:
	r = admin.get(f"/api/resource/Dossier/{name}")
	assert r.status_code == 200, r.text
	return r.json()["data"]


def comparable(doc: dict) -> dict:
	"""The record without Frappe's bookkeeping columns (likes, tags, seen, assignments)."""
	return {key: value for key, value in doc.items() if not key.startswith("_")}


def call(api, method, **payload):
	return api.post(f"/api/method/{method}", json=payload)


def put(api, doc, changes):
	return api.put(f"/api/resource/Dossier/{doc['name']}", json=changes)


def set_value(api, doc, changes):
	return call(api, "frappe.client.set_value", doctype="Dossier", name=doc["name"], fieldname=changes)


def client_save(api, doc, changes):
	return call(api, "frappe.client.save", doc={**doc, **changes})


def savedocs(api, doc, changes):
	return api.post(
		"/api/method/frappe.desk.form.save.savedocs",
		data={"doc": json.dumps({**doc, **changes}), "action": "Save"},
	)


ENDPOINTS = (put, set_value, client_save, savedocs)


def take_action(api, name, action, **data):
	return call(api, "onestop_center.dossiers.lifecycle.take_action", dossier=name, action=action, data=data)


# -- the dossiers attacked ----------------------------------------------------------------------


def find(admin, *filters, limit=1):
	r = admin.get(
		"/api/resource/Dossier",
		params={
			"filters": json.dumps(list(filters)),
			"fields": json.dumps(["name", "agency", "status"]),
			"limit_page_length": limit,
			"order_by": "modified asc",
		},
	)
	assert r.status_code == 200, r.text
	return [row["name"] for row in r.json()["data"]]


@pytest.fixture(scope="module")
def targets(admin):
	"""Demo dossiers by kind: own agency (Sở Tư pháp) and another, open and closed, before reception."""
	own = find(admin, ["agency", "=", OWN_AGENCY], ["status", "in", ["In Progress", "Transferred"]])
	other = find(admin, ["agency", "!=", OWN_AGENCY], ["status", "=", "In Progress"])
	kinds = {
		"own agency at work": own,
		"other agency at work": other,
		# received and waiting (the desk suites may have sent every received dossier on already)
		"received": find(admin, ["status", "in", ["Received", "Transferred", "Sent Back", "Supplement Requested"]]),
		"result ready": find(admin, ["status", "in", ["Result Ready", "Result at Centre"]]),
		"returned": find(admin, ["status", "=", "Returned"]),
		"refused": find(admin, ["status", "=", "Refused"]),
		"before reception": find(admin, ["status", "in", ["Draft", "Needs Completion"]]),
	}
	missing = [kind for kind, names in kinds.items() if not names]
	assert not missing, f"the demo data has no dossier {missing}"
	return {kind: names[0] for kind, names in kinds.items()}


# -- the forgeries ----------------------------------------------------------------------------------


def other_agency(doc):
	return OTHER_AGENCY if doc.get("agency") != OTHER_AGENCY else OWN_AGENCY


def rows(doc, table):
	return copy.deepcopy(doc.get(table) or [])


def edit_first(table, **values):
	def change(doc):
		table_rows = rows(doc, table)
		if not table_rows:
			return None
		table_rows[0].update({k: (v(doc) if callable(v) else v) for k, v in values.items()})
		return {table: table_rows}

	return change


def append(table, **values):
	def change(doc):
		return {table: rows(doc, table) + [{k: (v(doc) if callable(v) else v) for k, v in values.items()}]}

	return change


def field(fieldname, value):
	return lambda doc: {fieldname: value(doc) if callable(value) else value}


# (what, forged change of the stored dossier or None when it does not apply to that dossier)
FORGERIES = (
	("status", field("status", "Returned")),
	("agency (moved to another department)", field("agency", other_agency)),
	("received_at", field("received_at", BACK_DATED)),
	("received_by", field("received_by", LEADER)),
	("current_step (step finished without the workflow)", field("current_step", lambda d: (d.get("current_step") or 0) + 1)),
	("has_next_step", field("has_next_step", lambda d: 0 if d.get("has_next_step") else 1)),
	("next_step_here", field("next_step_here", lambda d: 0 if d.get("next_step_here") else 1)),
	("stopped (status, time, reason) without the workflow", field("status", "Stopped")),
	("stop record", field("stopped_at", BACK_DATED)),
	("stop reason and who asked", field("withdrawal_requested_by", "Người giả")),
	("due_at", field("due_at", "2027-10-26 08:00:00")),
	("finished_at", field("finished_at", "2026-11-30 08:00:00")),
	# a value other than the stored one (a finished dossier may well be Early already)
	("timeliness", field("timeliness", lambda d: "Late" if d.get("timeliness") == "Early" else "Early")),
	("clock_paused", field("clock_paused", lambda d: 0 if d.get("clock_paused") else 1)),
	("late_agency", field("late_agency", other_agency)),
	("receiver and result", field("receiver_name", "Người nhận giả")),
	("result_number", field("result_number", "999/QĐ-GIA")),
	("total_fee", field("total_fee", 1)),
	("frozen procedure copy", field("procedure_snapshot", "{}")),
	("owner", field("owner", LEADER)),
	("step agency (re-routing)", edit_first("steps", agency=other_agency)),
	("step finished_at (escapes the overdue job)", edit_first("steps", finished_at="2026-11-30 08:00:00")),
	(
		"hand-over row",
		append("handovers", from_agency=OWN_AGENCY, to_agency=OTHER_AGENCY, handed_at=BACK_DATED),
	),
	(
		"consultation answered from another department",
		append(
			"consultations",
			agency=other_agency,
			step_order=1,
			answered_at=BACK_DATED,
			answered_by=LEADER,
			opinion="Đồng ý",
		),
	),
	("directive given by the centre leader", append("directives", given_at=BACK_DATED, given_by=LEADER, directive="Duyệt ngay")),
	(
		"back-dated clock stop",
		append("clock_stops", reason="Other Legal Stop", paused_at=BACK_DATED, note="Tạm dừng"),
	),
	("document frozen column", edit_first("documents", document_name="Giấy tờ giả")),
	("fee amount", edit_first("fees", amount=1)),
)


def attempts():
	"""(role, forgery, endpoint index, dossier kind index): every field meets every endpoint and role."""
	for i, (what, _change) in enumerate(FORGERIES):
		for j, role in enumerate(ROLES):
			yield pytest.param(role, i, (i + j) % len(ENDPOINTS), i + j, id=f"{role}-{what}")


KINDS = (
	"own agency at work",
	"other agency at work",
	"received",
	"result ready",
	"returned",
	"refused",
	"before reception",
)


@pytest.fixture(scope="module")
def last_read():
	"""The record as last read by Administrator, per dossier (one read per attempt, not two)."""
	return {}


@pytest.mark.parametrize("role,forgery,endpoint,turn", list(attempts()))
def test_lifecycle_fields_cannot_be_forged(admin, sessions, targets, last_read, role, forgery, endpoint, turn):
	what, change = FORGERIES[forgery]
	# department users mostly attack their own agency's dossier (which they may otherwise edit)
	kinds = ("own agency at work", "own agency at work", "other agency at work") if role in DEPARTMENT_ROLES else KINDS
	changes = None
	for k in range(len(kinds)):
		name = targets[kinds[(turn + k) % len(kinds)]]
		before = last_read.get(name) or stored(admin, name)
		changes = change(before)
		if changes is not None:
			break
	assert changes is not None, what
	send = ENDPOINTS[endpoint]
	r = send(sessions[role], before, changes)
	after = last_read[name] = stored(admin, name)
	assert 400 <= r.status_code < 500, f"{role} {send.__name__} {what} on {name}: {r.status_code} {r.text[:300]}"
	assert comparable(after) == comparable(before), f"{what} changed by {role} via {send.__name__}"


def test_rows_cannot_be_written_alone(admin, sessions, targets):
	"""A child row saved on its own would skip the dossier's checks."""
	name = targets["own agency at work"]
	before = stored(admin, name)
	row = before["steps"][0]
	head = sessions["department head"]
	for r in (
		head.put(f"/api/resource/Dossier Step/{row['name']}", json={"finished_at": "2026-11-30 08:00:00"}),
		call(head, "frappe.client.save", doc={**row, "agency": OTHER_AGENCY}),
		call(head, "frappe.client.set_value", doctype="Dossier Step", name=row["name"], fieldname="finished_at", value="2026-11-30 08:00:00"),
		call(sessions["reception officer"], "frappe.client.insert", doc={
			"doctype": "Dossier Hand-over", "parent": name, "parenttype": "Dossier", "parentfield": "handovers",
			"from_agency": OWN_AGENCY, "to_agency": OTHER_AGENCY, "handed_at": BACK_DATED,
		}),
	):
		assert 400 <= r.status_code < 500, r.text[:300]
	assert comparable(stored(admin, name)) == comparable(before)


def test_an_unchanged_desk_save_and_a_user_field_still_save(admin, sessions, targets):
	"""The guard refuses forgeries, not work: the holding department saves its remarks."""
	name = targets["own agency at work"]
	before = stored(admin, name)
	r = savedocs(sessions["department specialist"], before, {})
	assert r.status_code == 200, r.text
	doc = stored(admin, name)
	r = savedocs(sessions["department specialist"], doc, {"remarks": (doc.get("remarks") or "") + " "})
	assert r.status_code == 200, r.text
	r = put(sessions["department specialist"], stored(admin, name), {"remarks": before.get("remarks")})
	assert r.status_code == 200, r.text


def test_a_back_dated_clock_stop_cannot_push_the_deadline(admin, sessions, targets):
	specialist = sessions["department specialist"]
	name = targets["own agency at work"]
	before = stored(admin, name)
	if before["status"] != "In Progress":
		pytest.fail(f"{name} is {before['status']}: the demo's Sở Tư pháp dossier should be In Progress")
	forged = append("clock_stops", reason="Other Legal Stop", paused_at=BACK_DATED)(before)
	r = put(specialist, before, {**forged, "clock_paused": 1})
	assert 400 <= r.status_code < 500, r.text
	r = call(specialist, "onestop_center.dossiers.clock_stops.resume_clock", dossier=name)
	assert 400 <= r.status_code < 500, r.text  # nothing is paused: no stop of the client's is taken
	assert comparable(stored(admin, name)) == comparable(before)

	# a moment sent with the pause is ignored: the server stamps its own time
	started = datetime.now() - timedelta(minutes=1)
	r = call(
		specialist,
		"onestop_center.dossiers.clock_stops.pause_clock",
		dossier=name,
		reason="Other Legal Stop",
		note="Chờ kết quả xác minh",
		at=BACK_DATED,
		paused_at=BACK_DATED,
	)
	assert r.status_code == 200, r.text
	r = call(specialist, "onestop_center.dossiers.clock_stops.resume_clock", dossier=name)
	assert r.status_code == 200, r.text
	after = stored(admin, name)
	stop = after["clock_stops"][-1]
	assert datetime.fromisoformat(stop["paused_at"]) >= started.replace(microsecond=0) - timedelta(hours=12)
	assert not stop["paused_at"].startswith(BACK_DATED[:10])
	moved = datetime.fromisoformat(after["due_at"]) - datetime.fromisoformat(before["due_at"])
	assert timedelta(0) <= moved < timedelta(hours=1), moved


def test_closed_dossiers_take_only_the_audited_correction(admin, sessions, targets):
	name = targets["returned"]
	before = stored(admin, name)
	for role in ("reception officer", "onestop administrator"):
		for changes in ({"receiver_name": "Người khác"}, {"result_number": "1/GIA"}, {"remarks": "Sửa sau"}):
			r = put(sessions[role], stored(admin, name), changes)
			assert 400 <= r.status_code < 500, (role, changes, r.text)
	assert comparable(stored(admin, name)) == comparable(before)

	correct = "onestop_center.dossiers.field_policy.correct_closed_dossier"
	r = call(sessions["reception officer"], correct, dossier=name, field="receiver_name", value="X", reason="Sai")
	assert r.status_code == 403, r.text
	administrator = sessions["onestop administrator"]
	r = call(administrator, correct, dossier=name, field="receiver_name", value="X", reason="")
	assert 400 <= r.status_code < 500, r.text
	for locked in ("status", "returned_at", "agency", "received_at"):
		r = call(administrator, correct, dossier=name, field=locked, value="X", reason="Thử")
		assert 400 <= r.status_code < 500, (locked, r.text)
	assert comparable(stored(admin, name)) == comparable(before)

	original = before.get("receiver_name") or ""
	r = call(administrator, correct, dossier=name, field="receiver_name", value=original + " (đính chính)", reason="Gõ sai tên người nhận")
	assert r.status_code == 200, r.text
	assert stored(admin, name)["receiver_name"] == original + " (đính chính)"
	r = call(administrator, correct, dossier=name, field="receiver_name", value=original, reason="Hoàn lại tên đúng")
	assert r.status_code == 200, r.text
	comments = admin.get(
		"/api/resource/Comment",
		params={
			"filters": json.dumps([["reference_name", "=", name], ["content", "like", "%Gõ sai tên người nhận%"]]),
		},
	).json()["data"]
	assert comments, "the correction and its reason are on the timeline"


def test_step_actions_belong_to_the_step_role_and_the_holding_agency(admin, sessions, targets):
	"""The demo's Sở Tư pháp procedure: step 1 for a specialist, step 2 (approval) for the head."""
	name = targets["own agency at work"]
	doc = stored(admin, name)
	if doc["status"] == "Transferred":
		r = take_action(sessions["department specialist"], name, "Accept")
		assert r.status_code == 200, r.text
		doc = stored(admin, name)
	steps = sorted(doc["steps"], key=lambda row: row["step_order"])
	assert doc["status"] == "In Progress" and steps[-1]["role"] == "Department Head", doc["status"]
	if doc["current_step"] != steps[-1]["step_order"]:
		# the reception officer cannot finish a department's step; the specialist finishes hers
		r = take_action(sessions["reception officer"], name, "Finish Step")
		assert 400 <= r.status_code < 500, r.text
		r = take_action(sessions["department specialist"], name, "Finish Step")
		assert r.status_code == 200, r.text
		# the head's step is at the same agency: the dossier stays In Progress there (issue 11)
		doc = stored(admin, name)
		assert (doc["status"], doc["current_step"]) == ("In Progress", steps[-1]["step_order"]), doc["status"]
	before = stored(admin, name)
	for role, action, data in (
		("department specialist", "Finish Step", {}),
		("department specialist", "Request Supplement", {"supplement_request": "Bổ sung"}),
		("reception officer", "Finish Step", {}),
		("general affairs officer", "Finish Step", {}),
	):
		r = take_action(sessions[role], name, action, **data)
		assert 400 <= r.status_code < 500, (role, action, r.text)
	assert comparable(stored(admin, name)) == comparable(before)
	r = take_action(sessions["department head"], name, "Finish Step", result_number="12/PLLTP")
	assert r.status_code == 200, r.text
	assert stored(admin, name)["status"] == "Result Ready"
