# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""The periodic report's figures on a crafted data set, checked against hand-computed counts.

Period: November 2026. Each dossier is written with the values the lifecycle would have left
(reception, deadline, finish, clock stops), straight into the database, so that the report is
tested alone. Expected counts per dossier (C = carried over, R = received):

===  ==========================================================  ================================
A    received 20/10, finished early 04/11                        C, resolved early
B    received 25/10, finished 29/10                              (closed before the period)
C    received 03/11 counter, finished on time 10/11              R counter, resolved on time
D    received 05/11 online, finished late 14/11                  R online, resolved late
E    received 20/11 post, open, due 03/12                        R post, in progress within
F    received 02/11 counter, supplement 10/11 → 02/12            R counter, in progress within
     (due 16/11 then, 04/12 now)                                 (judged when paused), supplement
G    received 15/10, open; a stop 01/12 → 02/12 moved the due    C, in progress overdue (the due
     from 28/11 to 03/12                                         in force on 30/11 was 28/11)
H    received 10/11 counter, refused by the department 12/11     R counter, refused
I    refused at the counter 11/11 (never received)               —
J    received 04/11 online, withdrawn 08/11                      R online, withdrawn
K    received 30/11 23:30 counter, open, due 10/12               R counter, in progress within
L    received 01/12 00:10                                        (after the period)
M    received 31/10 23:59, finished early 01/11 00:05            C, resolved early
N    a draft opened 05/11                                        —
O    received 06/11 counter, stopped (Mẫu 05) 09/11              R counter, withdrawn
===  ==========================================================  ================================
"""

from datetime import date, datetime

import frappe
from frappe.tests.utils import FrappeTestCase

from onestop_center.leadership import figures
from onestop_center.leadership.report.periodic_statistics import periodic_statistics
from onestop_center.testing import make_agency, make_applicant, make_procedure, unique_token

NOV = {"period_type": "Month", "year": 2026, "month": 11}


def dt(text: str) -> datetime:
	return datetime.strptime(text, "%Y-%m-%d %H:%M")


def write_dossier(procedure: str, applicant: str, stops=(), **values) -> str:
	"""A dossier as the lifecycle would have left it (values written straight to the table)."""
	doc = frappe.get_doc(
		{"doctype": "Dossier", "procedure": procedure, "applicant": applicant, "channel": "Counter"}
	).insert()
	values.setdefault("status", "In Progress")
	if values.get("due_at"):
		values["due_date"] = values["due_at"].date()
	frappe.db.set_value("Dossier", doc.name, values, update_modified=False)
	for idx, stop in enumerate(stops, start=1):
		row = frappe.get_doc(
			{
				"doctype": "Dossier Clock Stop",
				"parent": doc.name,
				"parenttype": "Dossier",
				"parentfield": "clock_stops",
				"idx": idx,
				"reason": "Supplement Requested",
				**stop,
			}
		)
		row.db_insert()
	return doc.name


class CraftedPeriod(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.agency = make_agency().name
		cls.field_x = (
			frappe.get_doc(
				{
					"doctype": "Procedure Field",
					"field_name": "Lĩnh vực X",
					"field_code": f"X{unique_token()}",
					"agency": cls.agency,
				}
			)
			.insert()
			.name
		)
		cls.field_y = (
			frappe.get_doc(
				{
					"doctype": "Procedure Field",
					"field_name": "Lĩnh vực Y",
					"field_code": f"Y{unique_token()}",
					"agency": cls.agency,
				}
			)
			.insert()
			.name
		)
		p1 = make_procedure(cls.agency, procedure_field=cls.field_x).name
		p2 = make_procedure(cls.agency, procedure_field=cls.field_y).name
		cls.p1, cls.p2 = p1, p2
		applicant = make_applicant().name
		w = lambda procedure, **v: write_dossier(procedure, applicant, **v)
		cls.d = {}
		cls.d["A"] = w(
			p1,
			received_at=dt("2026-10-20 09:00"),
			due_at=dt("2026-11-05 17:00"),
			finished_at=dt("2026-11-04 10:00"),
			status="Returned",
			timeliness="Early",
		)
		cls.d["B"] = w(
			p2,
			received_at=dt("2026-10-25 09:00"),
			due_at=dt("2026-10-30 17:00"),
			finished_at=dt("2026-10-29 10:00"),
			status="Returned",
			timeliness="Early",
		)
		cls.d["C"] = w(
			p1,
			received_at=dt("2026-11-03 08:00"),
			due_at=dt("2026-11-10 17:00"),
			finished_at=dt("2026-11-10 15:00"),
			status="Result at Centre",
			timeliness="On Time",
		)
		cls.d["D"] = w(
			p1,
			channel="Online",
			received_at=dt("2026-11-05 08:00"),
			due_at=dt("2026-11-12 17:00"),
			finished_at=dt("2026-11-14 15:00"),
			status="Returned",
			timeliness="Late",
		)
		cls.d["E"] = w(
			p2,
			channel="Post",
			received_at=dt("2026-11-20 08:00"),
			due_at=dt("2026-12-03 17:00"),
			timeliness="Within Deadline",
		)
		cls.d["F"] = w(
			p2,
			received_at=dt("2026-11-02 08:00"),
			due_at=dt("2026-12-04 17:00"),
			timeliness="Within Deadline",
			stops=[
				{
					"paused_at": dt("2026-11-10 09:00"),
					"resumed_at": dt("2026-12-02 09:00"),
					"due_before": dt("2026-11-16 17:00"),
					"due_after": dt("2026-12-04 17:00"),
				}
			],
		)
		cls.d["G"] = w(
			p2,
			received_at=dt("2026-10-15 08:00"),
			due_at=dt("2026-12-03 17:00"),
			timeliness="Within Deadline",
			stops=[
				{
					"paused_at": dt("2026-12-01 09:00"),
					"resumed_at": dt("2026-12-02 09:00"),
					"due_before": dt("2026-11-28 17:00"),
					"due_after": dt("2026-12-03 17:00"),
				}
			],
		)
		cls.d["H"] = w(
			p2,
			received_at=dt("2026-11-10 08:00"),
			due_at=dt("2026-11-20 17:00"),
			finished_at=dt("2026-11-12 10:00"),
			status="Refused",
			refusal_reason="Không đủ điều kiện",
		)
		cls.d["I"] = w(
			p2,
			received_at=dt("2026-11-11 08:00"),
			finished_at=dt("2026-11-11 08:30"),
			status="Refused",
			refusal_reason="Sai thẩm quyền",
		)
		cls.d["J"] = w(
			p2,
			channel="Online",
			received_at=dt("2026-11-04 08:00"),
			due_at=dt("2026-11-14 17:00"),
			stopped_at=dt("2026-11-08 10:00"),
			status="Stopped",
		)
		cls.d["K"] = w(
			p2,
			received_at=dt("2026-11-30 23:30"),
			due_at=dt("2026-12-10 17:00"),
			timeliness="Within Deadline",
		)
		cls.d["L"] = w(
			p2,
			received_at=dt("2026-12-01 00:10"),
			due_at=dt("2026-12-10 17:00"),
			timeliness="Within Deadline",
		)
		cls.d["M"] = w(
			p2,
			received_at=dt("2026-10-31 23:59"),
			due_at=dt("2026-11-03 17:00"),
			finished_at=dt("2026-11-01 00:05"),
			status="Result Ready",
			timeliness="Early",
		)
		cls.d["N"] = w(p2, received_at=dt("2026-11-05 08:00"), status="Draft")
		stopped = "stopped_at" if frappe.get_meta("Dossier").has_field("stopped_at") else "finished_at"
		cls.d["O"] = w(
			p2,
			received_at=dt("2026-11-06 08:00"),
			due_at=dt("2026-11-16 17:00"),
			status="Stopped",
			**{stopped: dt("2026-11-09 10:00")},
		)

	def rows(self, filters=None, **extra):
		columns, rows, *_ = periodic_statistics.execute(
			{**NOV, "agency": self.agency, **(filters or {}), **extra}
		)
		self.assertTrue(columns)
		return {row["key"]: row for row in rows}

	def test_per_dossier(self):
		start, end = figures.period_bounds(date(2026, 11, 1), date(2026, 11, 30))
		result = {
			item.name: {k for k, v in item.counts.items() if v}
			for item in figures.period_figures(
				date(2026, 11, 1),
				date(2026, 11, 30),
				"Administrator",
				" and p.responsible_agency = %(agency)s",
				{"agency": self.agency},
			)
		}
		d = self.d
		expected = {
			d["A"]: {"carried_over", "resolved", "early"},
			d["C"]: {"received", "received_counter", "resolved", "on_time"},
			d["D"]: {"received", "received_online", "resolved", "late"},
			d["E"]: {"received", "received_post", "in_progress", "within_deadline"},
			d["F"]: {"received", "received_counter", "in_progress", "within_deadline", "supplement"},
			d["G"]: {"carried_over", "in_progress", "overdue"},
			d["H"]: {"received", "received_counter", "refused"},
			d["J"]: {"received", "received_online", "withdrawn"},
			d["K"]: {"received", "received_counter", "in_progress", "within_deadline"},
			d["O"]: {"received", "received_counter", "withdrawn"},
			d["M"]: {"carried_over", "resolved", "early"},
		}
		self.assertEqual(result, expected)
		self.assertLess(start, end)

	def test_resolved_counts_as_classified(self):
		"""The on-time card's one query counts what the period's classification counts."""
		start, end = figures.period_bounds(date(2026, 11, 1), date(2026, 11, 30))
		total: dict = {}
		for item in figures.period_figures(date(2026, 11, 1), date(2026, 11, 30), "Administrator"):
			figures.add(total, item.counts)
		counts = figures.resolved_counts(start, end, "Administrator")
		self.assertGreaterEqual(counts["resolved"], 4)  # A, C, D, M at least
		self.assertEqual(counts, {k: total[k] for k in ("resolved", "early", "on_time", "late")})

	def test_grouped_counts_as_classified(self):
		"""The report's grouped SQL counts, per procedure, what classifying each dossier counts."""
		for first, last in ((date(2026, 11, 1), date(2026, 11, 30)), (date(2026, 1, 1), date(2026, 12, 31))):
			expected: dict = {}
			for item in figures.period_figures(first, last, "Administrator"):
				figures.add(expected.setdefault(item.procedure, {}), item.counts)
			grouped = {
				item.procedure: item.counts
				for item in figures.period_figures_by_procedure(first, last, "Administrator")
			}
			self.assertIn(self.p2, grouped)
			self.assertEqual(grouped, {k: {c: v.get(c, 0) for c in figures.COUNTS} for k, v in expected.items()})

	def test_totals_and_subtotals(self):
		rows = self.rows()
		total = rows[periodic_statistics.TOTAL_KEY]
		expected = {
			"received": 8,
			"received_counter": 5,
			"received_online": 2,
			"received_post": 1,
			"carried_over": 3,
			"to_handle": 11,
			"resolved": 4,
			"early": 2,
			"on_time": 1,
			"late": 1,
			"in_progress": 4,
			"within_deadline": 3,
			"overdue": 1,
			"refused": 1,
			"withdrawn": 2,
			"supplement": 1,
		}
		self.assertEqual({k: total[k] for k in expected}, expected)
		self.assertEqual(total["on_time_rate"], 75.0)
		self.assertEqual(
			total["carried_over"] + total["received"],
			total["resolved"] + total["refused"] + total["withdrawn"] + total["in_progress"],
		)
		agency_row = rows[self.agency]
		self.assertEqual(agency_row["received"], 8)
		field_x = rows[f"{self.agency}|{self.field_x}"]
		self.assertEqual(
			(field_x["carried_over"], field_x["received"], field_x["resolved"], field_x["late"]), (1, 2, 3, 1)
		)
		self.assertEqual(field_x["on_time_rate"], 66.67)
		procedure = rows[f"{self.agency}|{self.field_y}|{self.p2}"]
		self.assertEqual(procedure["indent"], 2)
		self.assertEqual(procedure["parent_key"], f"{self.agency}|{self.field_y}")
		self.assertEqual((procedure["received"], procedure["in_progress"], procedure["overdue"]), (6, 4, 1))

	def test_next_period_carries_over(self):
		rows = self.rows({"month": 12})
		total = rows[periodic_statistics.TOTAL_KEY]
		# E, F, G, K open at the end of November; L received in December
		self.assertEqual((total["carried_over"], total["received"]), (4, 1))

	def test_filters_by_field_and_applicant(self):
		total = self.rows({"procedure_field": self.field_x})[periodic_statistics.TOTAL_KEY]
		self.assertEqual(total["to_handle"], 3)
		self.assertEqual(self.rows({"applicant_name": "không có ai"}), {})

	def test_closing_keeps_reported_figures(self):
		from onestop_center.leadership.closing import PeriodAlreadyClosedError

		closing = frappe.get_doc(
			{
				"doctype": "Statistics Period Closing",
				"period_type": "Month",
				"from_date": "2026-11-01",
				"to_date": "2026-11-30",
			}
		).insert()
		closing.submit()
		self.assertGreaterEqual(closing.total_received, 7)
		# an edit after closing: D was in fact on time
		frappe.db.set_value("Dossier", self.d["D"], "timeliness", "On Time", update_modified=False)
		rows = self.rows()
		agency_row = rows[self.agency]
		self.assertEqual((agency_row["late"], agency_row["on_time"]), (1, 1))
		self.assertIn(f"{frappe._('Late')}: -1", agency_row["difference"])
		self.assertIn(f"{frappe._('On Time')}: +1", agency_row["difference"])
		live = self.rows(live=1)[self.agency]
		self.assertEqual((live["late"], live["on_time"]), (0, 2))
		again = frappe.get_doc(
			{
				"doctype": "Statistics Period Closing",
				"period_type": "Month",
				"from_date": "2026-11-01",
				"to_date": "2026-11-30",
			}
		)
		self.assertRaises(PeriodAlreadyClosedError, again.insert)
		frappe.db.set_value("Dossier", self.d["D"], "timeliness", "Late", update_modified=False)
