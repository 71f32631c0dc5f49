"""Leaders' cards, charts, reports and workspaces over real HTTP, per role (issue 9 items 1 and 6).

A department head's figures never count another agency's dossiers: each card and chart equals
the count of the head's own Dossier list with the same filters (the list applies the permission
query conditions), while the centre leader's count more. Frappe kept each chart's data in Redis
under the chart's name for every user; the app answers per user (the leader asks first here).
Officers see their role's workspace first and none of Frappe's builder workspaces.
"""

import json

import pytest

from conftest import ADMIN_PASSWORD, DEMO_PASSWORD, Api

HEAD = "truongphong01@onestop.localhost"
LEADER = "lanhdao01@onestop.localhost"
RECEPTION = "tiepnhan01@onestop.localhost"
OPEN = ["Received", "Transferred", "Sent Back", "In Progress", "Supplement Requested"]
CARD_RESULT = "/api/method/frappe.desk.doctype.number_card.number_card.get_result"
CHART = "/api/method/frappe.desk.doctype.dashboard_chart.dashboard_chart.get"
SOURCES = "/api/method/onestop_center.leadership.dashboards."


def call(api: Api, path: str, **data):
	r = api.post(path, data={k: v if isinstance(v, str) else json.dumps(v) for k, v in data.items()})
	assert r.status_code == 200, r.text[:300]
	return r.json().get("message")


def list_count(api: Api, doctype: str, filters) -> int:
	return call(api, "/api/method/frappe.desk.reportview.get_count", doctype=doctype, filters=filters)


@pytest.fixture(scope="module")
def apis():
	return {
		"admin": Api("Administrator", ADMIN_PASSWORD),
		"leader": Api(LEADER, DEMO_PASSWORD),
		"head": Api(HEAD, DEMO_PASSWORD),
		"reception": Api(RECEPTION, DEMO_PASSWORD),
	}


def leadership_cards(admin: Api) -> list[dict]:
	r = admin.get(
		"/api/resource/Number Card",
		params={"filters": json.dumps([["module", "=", "Dossiers"], ["type", "=", "Document Type"]]),
			"fields": json.dumps(["*"]), "limit_page_length": 50},
	)
	assert r.status_code == 200, r.text
	return r.json()["data"]


def test_cards_count_only_what_the_list_shows(apis):
	cards = leadership_cards(apis["admin"])
	assert len(cards) >= 6
	totals = {"head": 0, "leader": 0}
	for card in cards:
		for who in ("head", "leader"):
			got = call(apis[who], CARD_RESULT, doc=card, filters=card["filters_json"])
			assert got == list_count(apis[who], card["document_type"], card["filters_json"]), (who, card["name"])
			totals[who] += got
	# the demo has dossiers of other agencies: the head's cards count fewer than the leader's
	in_progress = next(c for c in cards if c["name"] == "Hồ sơ đang giải quyết")
	head = call(apis["head"], CARD_RESULT, doc=in_progress, filters=in_progress["filters_json"])
	leader = call(apis["leader"], CARD_RESULT, doc=in_progress, filters=in_progress["filters_json"])
	assert head < leader


def test_charts_are_computed_per_user(apis):
	channel = [["Dossier", "due_at", "is", "set", False]]
	overdue = [["Dossier", "timeliness", "=", "Overdue"], ["Dossier", "status", "in", OPEN]]
	sums = {}
	for who in ("leader", "head"):  # the leader first: a shared cache would serve the head the same
		chart = call(apis[who], CHART, chart_name="Hồ sơ theo hình thức nộp", refresh="0")
		sums[who] = sum(chart["datasets"][0]["values"])
		assert sums[who] == list_count(apis[who], "Dossier", channel), who
		chart = call(apis[who], SOURCES + "overdue_by_agency_chart", chart_name="Hồ sơ quá hạn theo cơ quan")
		assert sum(chart["datasets"][0]["values"]) == list_count(apis[who], "Dossier", overdue), who
	assert sums["head"] < sums["leader"]


def test_custom_cards_and_sources_answer_each_role(apis):
	for who in ("head", "leader", "reception"):
		for method in ("on_time_rate_card", "due_soon_card", "satisfaction_card"):
			card = call(apis[who], SOURCES + method)
			assert set(card) >= {"value", "fieldtype", "route"}, (who, method)
		due = call(apis[who], SOURCES + "due_soon_card")
		filters = [["Dossier", key, *(value if isinstance(value, list) else ["=", value])]
			for key, value in due["route_options"].items()]
		assert due["value"] == list_count(apis[who], "Dossier", filters), who
		for method in ("received_resolved_chart", "timeliness_by_agency_chart", "satisfaction_trend_chart"):
			chart = call(apis[who], SOURCES + method)
			assert "datasets" in chart, (who, method)


def test_a_heatmap_of_dossiers_is_refused_to_officers(apis):
	chart = {"doctype": "Dashboard Chart", "name": "x", "chart_type": "Count", "type": "Heatmap",
		"document_type": "Dossier", "based_on": "received_at", "filters_json": "[]"}
	r = apis["head"].post(CHART, data={"chart": json.dumps(chart)})
	assert r.status_code == 403, r.text[:300]


def test_reports_hold_only_readable_dossiers(apis):
	filters = {"period_type": "Date Range", "from_date": "2000-01-01", "to_date": "2099-12-31"}
	run = "/api/method/frappe.desk.query_report.run"
	book = call(apis["head"], run, report_name="Transfer Book", filters=filters)["result"]
	for row in book:
		assert apis["head"].get(f"/api/resource/Dossier/{row['dossier']}").status_code == 200, row["dossier"]
	totals = {}
	for who in ("head", "leader"):
		rows = call(apis[who], run, report_name="Periodic Statistics", filters=filters)["result"]
		totals[who] = rows[-1]["to_handle"] if rows else 0
	assert totals["head"] < totals["leader"]


def test_each_role_opens_on_its_workspace(apis):
	expected = {"head": "Department Leadership", "leader": "Centre Leadership", "reception": "Reception Desk"}
	for who, first in expected.items():
		pages = call(apis[who], "/api/method/frappe.desk.desktop.get_workspace_sidebar_items")["pages"]
		names = [page["name"] for page in pages]
		assert names[0] == first, (who, names)
		assert not set(names) & {"Build", "Website", "Tools", "Integrations", "Users"}, (who, names)
