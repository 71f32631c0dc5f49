# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""The public calendar API over real HTTP (Werkzeug test client on the WSGI app), as a guest."""

import json

import frappe
from frappe.tests.test_api import FrappeAPITestCase
from frappe.translate import get_translations_from_apps

from onestop_center.api import calendar as api
from onestop_center.deadlines import store

IS_WORKING_DAY = "onestop_center.api.calendar.is_working_day"
DUE_DATE = "onestop_center.api.calendar.due_date"


class TestCalendarAPI(FrappeAPITestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		store.ensure_default_calendar()
		frappe.db.commit()  # the test client's requests use their own connection
		cls.vi = get_translations_from_apps("vi")

	def setUp(self):
		frappe.cache.delete_keys("rl:")  # rate-limit counters of earlier runs

	def call(self, method, **params):
		return self.get(self.method(method), headers={"Accept-Language": "vi"}, query_string=params)

	def assertRejected(self, response, status, english):
		self.assertEqual(response.status_code, status, response.text)
		messages = [json.loads(m)["message"] for m in json.loads(response.json["_server_messages"])]
		expected = self.vi[english]
		self.assertTrue(any(m.startswith(expected.split("{0}")[0]) for m in messages), (messages, expected))
		self.assertNotIn("message", response.json)
		self.assertNotIn("exc", response.json)  # no traceback for a client error

	# -- success ------------------------------------------------------------------------

	def test_is_working_day(self):
		cases = {
			"2026-02-13": True,  # Friday before Tết
			"2026-02-16": False,  # Tết
			"2026-02-14": False,  # Saturday
			"2026-04-27": False,  # Giỗ Tổ observed
			"2026-08-22": True,  # make-up Saturday
			"2026-03-10": True,
			# Issue 7: 2027's official calendar is not loaded; the Labour Code's days are still off.
			"2027-01-01": False,  # Tết Dương lịch (Friday)
			"2027-02-05": False,  # Tết Đinh Mùi: last day of the lunar year
			"2027-02-10": False,  # Tết: compensatory day for mùng 2 (Sunday)
			"2027-02-11": True,
			"2027-04-16": False,  # Giỗ Tổ Hùng Vương, 10/3 âm lịch
			"2027-05-03": False,  # compensatory day for 01/05 (Saturday)
			"2027-09-03": False,  # Quốc khánh adjacent day
			"2027-01-04": True,
		}
		for day, expected in cases.items():
			with self.subTest(day=day):
				response = self.call(IS_WORKING_DAY, date=day)
				self.assertEqual(response.status_code, 200, response.text)
				self.assertEqual(response.json, {"message": expected})
		named = self.call(IS_WORKING_DAY, date="2026-04-27", calendar=store.DEFAULT_CALENDAR_NAME)
		self.assertEqual(named.json, {"message": False})

	def test_due_date(self):
		cases = [
			# Friday before Tết + 1 working day → first Monday after Tết, same clock time.
			(("2026-02-13 09:00:00", "1", "working_day"), ("2026-02-23 09:00:00", "2026-02-23")),
			# Received after closing: counts from 08:00 the next working day.
			(("2026-03-10 18:30:00", "2", "working_day"), ("2026-03-13 08:00:00", "2026-03-13")),
			# 4 working hours from 10:00 cross the lunch break.
			(("2026-03-10 10:00:00", "4", "working_hour"), ("2026-03-10 15:00:00", "2026-03-10")),
			(("2026-03-10 10:00:00", "1.5", "working_hour"), ("2026-03-10 11:30:00", "2026-03-10")),
			# Calendar days ending on the Giỗ Tổ day off move to the next working day.
			(("2026-04-17 10:00:00", "10", "calendar_day"), ("2026-04-28 17:00:00", "2026-04-28")),
			(("2026-03-10 10:00", "0", "working_day"), ("2026-03-10 17:00:00", "2026-03-10")),
		]
		for (start, amount, unit), (due_at, due_date) in cases:
			with self.subTest(start=start, amount=amount, unit=unit):
				response = self.call(DUE_DATE, start=start, amount=amount, unit=unit)
				self.assertEqual(response.status_code, 200, response.text)
				self.assertEqual(
					response.json,
					{"message": {"due_at": due_at, "due_date": due_date, "provisional": False}},
				)
		named = self.call(
			DUE_DATE,
			start="2026-02-13 09:00:00",
			amount="1",
			unit="working_day",
			calendar=store.DEFAULT_CALENDAR_NAME,
		)
		self.assertEqual(named.json["message"]["due_date"], "2026-02-23")

	def test_due_date_crossing_into_a_year_without_official_calendar_is_provisional(self):
		response = self.call(DUE_DATE, start="2026-12-15 09:00:00", amount="15", unit="working_day")
		self.assertEqual(response.status_code, 200, response.text)
		self.assertEqual(
			response.json,
			{"message": {"due_at": "2027-01-06 09:00:00", "due_date": "2027-01-06", "provisional": True}},
		)
		inside = self.call(DUE_DATE, start="2027-02-03 10:00:00", amount="1", unit="working_day")
		self.assertEqual(
			inside.json["message"],
			{"due_at": "2027-02-11 10:00:00", "due_date": "2027-02-11", "provisional": True},
		)

	# -- errors: 4xx with a message, never 500 -------------------------------------------

	def test_is_working_day_errors(self):
		invalid_date = "Invalid date {0}: use the format YYYY-MM-DD"
		for value in (None, "", "2026-02-30", "13/02/2026", "2026-2-3", "tomorrow", "2026-02-13 09:00:00"):
			with self.subTest(date=value):
				params = {} if value is None else {"date": value}
				self.assertRejected(self.call(IS_WORKING_DAY, **params), 400, invalid_date)
		self.assertRejected(
			self.call(IS_WORKING_DAY, date="1800-01-01"), 400, "Dates must be between the years {0} and {1}"
		)
		self.assertRejected(
			self.call(IS_WORKING_DAY, date="2026-02-13", calendar="No such calendar"),
			404,
			"Working calendar {0} does not exist",
		)

	def test_due_date_errors(self):
		ok = {"start": "2026-02-13 09:00:00", "amount": "1", "unit": "working_day"}
		cases = [
			({"unit": "fortnight"}, 400, "Unknown unit {0}: use working_day, working_hour or calendar_day"),
			({"unit": None}, 400, "Unknown unit {0}: use working_day, working_hour or calendar_day"),
			({"amount": "-1"}, 400, "The amount must not be negative"),
			({"amount": "-0.5", "unit": "working_hour"}, 400, "The amount must not be negative"),
			({"amount": "five"}, 400, "Invalid amount {0}: give a number"),
			({"amount": None}, 400, "Invalid amount {0}: give a number"),
			({"amount": "1e3"}, 400, "Invalid amount {0}: give a number"),
			(
				{"amount": "1.5"},
				400,
				"Only working_hour amounts may have decimals; give a whole number of days",
			),
			({"amount": "99999999"}, 400, "The amount must not exceed {0}"),
			({"start": "2026-02-13"}, 400, "Invalid start {0}: use the format YYYY-MM-DD HH:MM:SS"),
			({"start": "2026-02-30 09:00:00"}, 400, "Invalid start {0}: use the format YYYY-MM-DD HH:MM:SS"),
			({"start": "13/02/2026 09:00"}, 400, "Invalid start {0}: use the format YYYY-MM-DD HH:MM:SS"),
			({"start": None}, 400, "Invalid start {0}: use the format YYYY-MM-DD HH:MM:SS"),
			({"start": "2200-01-01 09:00:00"}, 400, "Dates must be between the years {0} and {1}"),
			({"calendar": "No such calendar"}, 404, "Working calendar {0} does not exist"),
		]
		for changes, status, english in cases:
			with self.subTest(**{k: str(v) for k, v in changes.items()}):
				params = {k: v for k, v in {**ok, **changes}.items() if v is not None}
				self.assertRejected(self.call(DUE_DATE, **params), status, english)

	def test_post_is_not_allowed(self):
		response = self.post(self.method(IS_WORKING_DAY), {"date": "2026-02-13"})
		self.assertEqual(response.status_code, 403)

	def test_rate_limit(self):
		"""The (api.RATE_LIMIT + 1)-th call within the window from one IP gets HTTP 429."""
		for _ in range(2):
			self.assertEqual(self.call(IS_WORKING_DAY, date="2026-02-13").status_code, 200)
		keys = frappe.cache.get_keys(f"rl:{IS_WORKING_DAY}:")
		self.assertEqual(len(keys), 1)
		frappe.cache.set(keys[0], api.RATE_LIMIT)  # as if the limit had been used up
		response = self.call(IS_WORKING_DAY, date="2026-02-13")
		self.assertEqual(response.status_code, 429)
		self.assertIn("_server_messages", response.json)
		frappe.cache.delete(keys[0])
