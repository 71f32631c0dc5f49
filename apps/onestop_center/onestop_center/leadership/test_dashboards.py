# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Cards, charts and reports count only what the user's list shows (issue 9 items 1 and 6).

Two fresh agencies A and B; a department head and a field-restricted specialist of A; dossiers of
both. Every figure the head gets must leave B out; the centre leader's includes both.
"""

from datetime import timedelta

import frappe
from frappe.desk.doctype.number_card.number_card import get_result
from frappe.permissions import add_user_permission
from frappe.tests.utils import FrappeTestCase

from onestop_center.dossiers import deadline
from onestop_center.leadership import dashboards
from onestop_center.leadership.report.periodic_statistics import periodic_statistics
from onestop_center.leadership.report.transfer_book import transfer_book
from onestop_center.leadership.test_figures import write_dossier
from onestop_center.permissions import set_user_agency
from onestop_center.setup.roles import CENTRE_LEADER, DEPARTMENT_HEAD, DEPARTMENT_SPECIALIST
from onestop_center.testing import make_agency, make_applicant, make_procedure, make_user, unique_token

OPEN = ["Received", "Transferred", "Sent Back", "In Progress", "Supplement Requested"]


def card_count(name: str) -> float:
	card = frappe.get_doc("Number Card", name)
	return get_result(card.as_json(), card.filters_json)


class ScopedFigures(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.a, cls.b = make_agency().name, make_agency().name
		cls.field = (
			frappe.get_doc(
				{
					"doctype": "Procedure Field",
					"field_name": "Lĩnh vực A1",
					"field_code": f"A{unique_token()}",
					"agency": cls.a,
				}
			)
			.insert()
			.name
		)
		pa = make_procedure(cls.a, procedure_field=cls.field).name
		pa2 = make_procedure(cls.a).name
		pb = make_procedure(cls.b).name
		applicant = make_applicant().name
		now = deadline.now()
		cls.a_open = [
			write_dossier(
				pa,
				applicant,
				agency=cls.a,
				received_at=now - timedelta(days=3),
				due_at=now - timedelta(days=1),
				timeliness="Overdue",
				status="In Progress",
			),
			write_dossier(
				pa2,
				applicant,
				agency=cls.a,
				received_at=now - timedelta(days=2),
				due_at=now + timedelta(days=5),
				timeliness="Within Deadline",
				status="In Progress",
			),
		]
		cls.b_open = [
			write_dossier(
				pb,
				applicant,
				agency=cls.b,
				received_at=now - timedelta(days=3),
				due_at=now - timedelta(days=1),
				timeliness="Overdue",
				status="In Progress",
			)
			for _ in range(3)
		]
		# a hand-over into B, and one into A (transfer book)
		for name, to_agency in ((cls.a_open[0], cls.a), (cls.b_open[0], cls.b)):
			frappe.get_doc(
				{
					"doctype": "Dossier Hand-over",
					"parent": name,
					"parenttype": "Dossier",
					"parentfield": "handovers",
					"idx": 1,
					"handed_at": now - timedelta(hours=1),
					"to_agency": to_agency,
					"step_result": "On Time",
				}
			).db_insert()
		cls.head = make_user(DEPARTMENT_HEAD)
		set_user_agency(cls.head, cls.a)
		cls.specialist = make_user(DEPARTMENT_SPECIALIST)
		set_user_agency(cls.specialist, cls.a)
		add_user_permission("Procedure Field", cls.field, cls.specialist, ignore_permissions=True)
		cls.leader = make_user(CENTRE_LEADER)
		frappe.db.commit()

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_document_type_cards_follow_the_list(self):
		frappe.set_user(self.head)
		self.assertEqual(card_count("Hồ sơ đang giải quyết"), 2)
		self.assertEqual(card_count("Hồ sơ quá hạn"), 1)
		frappe.set_user(self.leader)
		self.assertGreaterEqual(card_count("Hồ sơ quá hạn"), 4)

	def test_charts_per_user_no_shared_cache(self):
		chart = "Hồ sơ quá hạn theo cơ quan"
		frappe.set_user(self.leader)
		leader = dashboards.get_chart(chart_name="Hồ sơ theo hình thức nộp", refresh=0)
		self.assertGreaterEqual(sum(leader["datasets"][0]["values"]), 5)
		frappe.set_user(self.head)
		head = dashboards.get_chart(chart_name="Hồ sơ theo hình thức nộp", refresh=0)
		self.assertEqual(sum(head["datasets"][0]["values"]), 2)
		overdue = dashboards.overdue_by_agency_chart(chart)
		self.assertEqual(overdue["datasets"][0]["values"], [1])
		self.assertEqual(overdue["labels"], [frappe.db.get_value("Agency", self.a, "agency_name")])
		received = dashboards.received_resolved_chart(chart)
		self.assertEqual(sum(received["datasets"][0]["values"]), 2)

	def test_a_heatmap_is_counted_through_the_list(self):
		chart = {
			"doctype": "Dashboard Chart",
			"name": "x",
			"chart_type": "Count",
			"type": "Heatmap",
			"document_type": "Dossier",
			"based_on": "received_at",
			"filters_json": "[]",
		}
		frappe.set_user(self.head)
		self.assertRaises(frappe.PermissionError, dashboards.get_chart, chart=frappe.as_json(chart))
		frappe.set_user("Administrator")
		points = dashboards.get_chart(chart=frappe.as_json(chart))["dataPoints"]
		self.assertGreaterEqual(sum(points.values()), 5)

	def test_custom_cards(self):
		frappe.set_user(self.head)
		due = dashboards.due_soon_card()
		self.assertEqual(due["route"], ["List", "Dossier", "List"])
		rate = dashboards.on_time_rate_card()
		self.assertEqual(rate["fieldtype"], "Percent")

	def test_reports_scoped(self):
		today = deadline.now().date()
		filters = {
			"period_type": "Date Range",
			"from_date": str(today - timedelta(days=10)),
			"to_date": str(today),
		}
		frappe.set_user(self.head)
		rows = periodic_statistics.execute(filters)[1]
		self.assertEqual(rows[-1]["received"], 2)
		self.assertEqual(
			{row["agency"] for row in rows if row.get("indent") == 0 and row.get("agency")}, {self.a}
		)
		book = transfer_book.execute(filters)[1]
		self.assertEqual([row.dossier for row in book], [self.a_open[0]])
		frappe.set_user(self.specialist)  # field A1 only
		self.assertEqual(periodic_statistics.execute(filters)[1][-1]["received"], 1)
		frappe.set_user(self.leader)
		self.assertGreaterEqual(periodic_statistics.execute(filters)[1][-1]["received"], 5)

	def test_officers_do_not_see_builder_workspaces(self):
		from frappe.desk.desktop import get_workspace_sidebar_items

		frappe.set_user(self.head)
		pages = {page["name"] for page in get_workspace_sidebar_items()["pages"]}
		self.assertIn("Department Leadership", pages)
		self.assertFalse(pages & {"Build", "Website", "Tools", "Integrations", "Users", "Centre Leadership"})
		frappe.set_user(self.leader)
		pages = {page["name"] for page in get_workspace_sidebar_items()["pages"]}
		self.assertIn("Centre Leadership", pages)
		self.assertNotIn("Build", pages)
