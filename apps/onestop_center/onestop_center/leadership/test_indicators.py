# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""QĐ 766 internal indicators on a crafted December 2026, against hand-computed values.

==  =========  =======  ====================================================================
D1  P counter  early    fee paid on the national portal, electronic result, a digitised and
                        re-used component, a dissatisfied survey
D2  P online   late     fee paid at the centre, paper result only, a digitised component,
                        one clock stop of 8 working hours
D3  Q online   open     within deadline at the end of December but two supplement requests
                        (late by the QĐ 766 rule), a digitised component, no fee
D4  P counter  open     overdue at the end of December, fee unpaid online, nothing digitised
D5  Q post     refused  (out of 2a and 5c; counted among receptions)
==  =========  =======  ====================================================================

P's result is a written document, Q's is not.
"""

from datetime import date

import frappe
from frappe.tests.utils import FrappeTestCase

from onestop_center.deadlines import working_time_between
from onestop_center.deadlines.store import get_calendar
from onestop_center.leadership import figures, indicators, satisfaction
from onestop_center.leadership.test_figures import dt, write_dossier
from onestop_center.testing import make_agency, make_applicant, make_procedure

DEC = (date(2026, 12, 1), date(2026, 12, 31))


def add_documents(dossier: str, *rows) -> None:
	for idx, (digitised, reused) in enumerate(rows, start=1):
		frappe.get_doc(
			{
				"doctype": "Dossier Document",
				"parent": dossier,
				"parenttype": "Dossier",
				"parentfield": "documents",
				"idx": 100 + idx,
				"document_name": f"Thành phần {idx}",
				"digitised": digitised,
				"reused": reused,
			}
		).db_insert()


def stop(paused: str, resumed: str, minutes: float = 0) -> dict:
	return {"paused_at": dt(paused), "resumed_at": dt(resumed), "paused_minutes": minutes}


class CraftedIndicators(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.agency = make_agency().name
		p = make_procedure(cls.agency, requires_written_result=1).name
		q = make_procedure(cls.agency, requires_written_result=0).name
		cls.p = p
		applicant = make_applicant().name

		def w(procedure, **values):
			return write_dossier(procedure, applicant, **values)

		cls.d1 = w(
			p,
			received_at=dt("2026-12-01 08:00"),
			effective_received_at=dt("2026-12-01 08:00"),
			due_at=dt("2026-12-08 17:00"),
			finished_at=dt("2026-12-04 16:00"),
			status="Returned",
			timeliness="Early",
			total_fee=50000,
			payment_channel="National Portal",
			electronic_result=1,
		)
		cls.d2 = w(
			p,
			channel="Online",
			received_at=dt("2026-12-02 08:00"),
			effective_received_at=dt("2026-12-02 08:00"),
			due_at=dt("2026-12-09 17:00"),
			finished_at=dt("2026-12-14 10:00"),
			status="Returned",
			timeliness="Late",
			total_fee=50000,
			payment_channel="At the Centre",
			stops=[stop("2026-12-03 08:00", "2026-12-04 08:00", 480)],
		)
		cls.d3 = w(
			q,
			channel="Online",
			received_at=dt("2026-12-03 08:00"),
			due_at=dt("2027-01-05 17:00"),
			timeliness="Within Deadline",
			total_fee=0,
			stops=[
				stop("2026-12-07 08:00", "2026-12-08 08:00"),
				stop("2026-12-10 08:00", "2026-12-11 08:00"),
			],
		)
		cls.d4 = w(
			p,
			received_at=dt("2026-12-04 08:00"),
			due_at=dt("2026-12-10 17:00"),
			timeliness="Overdue",
			total_fee=50000,
		)
		cls.d5 = w(
			q,
			channel="Post",
			received_at=dt("2026-12-05 08:00"),
			due_at=dt("2026-12-15 17:00"),
			finished_at=dt("2026-12-06 09:00"),
			status="Refused",
			refusal_reason="Không đủ điều kiện",
			total_fee=0,
		)
		add_documents(cls.d1, (1, 1), (0, 0))
		add_documents(cls.d2, (1, 0))
		add_documents(cls.d3, (1, 0))
		survey = {"doctype": "Survey Response", "dossier": cls.d1, "submitted_at": dt("2026-12-05 09:00")}
		if satisfaction.model() == "choice":
			survey["satisfaction"] = satisfaction.DISSATISFIED
		else:
			survey["overall_satisfaction"] = 0.2
		doc = frappe.get_doc(survey)
		doc.name = frappe.generate_hash(length=10)
		doc.db_insert()

	def rows(self, **config):
		per = figures.period_figures(
			*DEC, "Administrator", " and p.responsible_agency = %(agency)s", {"agency": self.agency}
		)
		settings = indicators.settings()
		settings.update(config)
		return {row["code"]: row for row in indicators.compute(per, settings)}

	def test_rates(self):
		rows = self.rows()
		expected = {
			"2a": (1, 4, 25.0),  # D1 only: D2 late, D3 two supplements, D4 overdue
			"3c": (2, 5, 40.0),
			"3e": (1, 3, 33.33),
			"4a": (1, 2, 50.0),
			"4b": (2, 5, 40.0),  # D1 (with its electronic result) and D3 (not resolved yet)
			"4c": (1, 5, 20.0),
			"5c": (0, 4, 0.0),  # D1 dissatisfied, D2 late, D3 late by the rule, D4 overdue
		}
		got = {
			code: (rows[code]["numerator"], rows[code]["denominator"], rows[code]["value"])
			for code in expected
		}
		self.assertEqual(got, expected)

	def test_without_the_supplement_rule(self):
		rows = self.rows(multiple_supplements_late=0)
		self.assertEqual((rows["2a"]["numerator"], rows["2a"]["value"]), (2, 50.0))
		self.assertEqual((rows["5c"]["numerator"], rows["5c"]["value"]), (1, 25.0))

	def test_scores_follow_targets_and_points(self):
		rows = self.rows()
		self.assertEqual(rows["2a"]["score"], 5.0)  # 25% of a 100% target, 20 points
		self.assertEqual(rows["5c"]["score"], 0)
		self.assertIsNone(rows["3c"]["score"])  # points unconfirmed: shown, not scored
		self.assertEqual(indicators.score(95, 90, 6), 6)
		self.assertEqual(indicators.score(45, 90, 6), 3.0)

	def test_average_processing_time(self):
		cal = get_calendar()

		def days(start, end, minutes=0):
			hours = working_time_between(cal, dt(start), dt(end)).total_seconds() / 3600 - minutes / 60
			return hours / 8

		d1 = days("2026-12-01 08:00", "2026-12-04 16:00")
		d2 = days("2026-12-02 08:00", "2026-12-14 10:00", 480)
		row = self.rows()["2b"]
		self.assertEqual(row["denominator"], 2)
		self.assertAlmostEqual(row["value"], round((d1 + d2) / 2, 2), places=2)
		self.assertEqual([p["procedure"] for p in row["per_procedure"]], [self.p])

	def test_report_runs_with_agency_filter(self):
		from onestop_center.leadership.report.qd_766_indicators import qd_766_indicators

		columns, rows, message = qd_766_indicators.execute(
			{"period_type": "Month", "year": 2026, "month": 12, "agency": self.agency, "by_agency": 1}
		)
		self.assertTrue(columns and message)
		codes = [row.get("code") for row in rows if row.get("code")]
		self.assertEqual(codes.count("2a"), 2)  # the scope's block and the agency's
