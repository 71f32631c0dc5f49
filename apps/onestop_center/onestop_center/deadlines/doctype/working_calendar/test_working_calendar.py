# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

from datetime import date, datetime, time

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.translate import get_messages_from_doctype, get_messages_from_file, get_translations_from_apps
from frappe.utils import get_time

from onestop_center.api import calendar as api
from onestop_center.deadlines import official_calendar, store
from onestop_center.testing import unique_token

DOCTYPES = ("Working Calendar", "Working Calendar Session", "Working Calendar Day")


def make_calendar(**fields):
	doc = frappe.new_doc("Working Calendar")
	doc.calendar_name = f"Test Calendar {unique_token()}"
	doc.update(fields)
	if "days" not in fields:
		doc.load_official_days(2026)
	return doc.insert()


class TestShippedCalendar(FrappeTestCase):
	def test_default_calendar_is_the_official_state_agency_calendar(self):
		self.assertEqual(store.default_calendar_name(), store.DEFAULT_CALENDAR_NAME)
		doc = frappe.get_doc("Working Calendar", store.DEFAULT_CALENDAR_NAME)
		self.assertTrue(doc.is_default)
		self.assertEqual(doc.years_covered, "2025, 2026")
		self.assertEqual(doc.version, official_calendar((2025, 2026)).version)
		self.assertEqual(len(doc.sessions), 10)

	def test_official_2026_days(self):
		cal = store.get_calendar()
		# Tết Bính Ngọ: nine days off, Saturday 14/02 to Sunday 22/02/2026.
		tet = [date(2026, 2, day) for day in range(14, 23)]
		self.assertEqual([d for d in tet if cal.is_working_day(d)], [])
		self.assertTrue(cal.is_working_day(date(2026, 2, 13)))
		self.assertTrue(cal.is_working_day(date(2026, 2, 23)))
		# Giỗ Tổ on Sunday 26/04 → Monday 27/04 off; 30/04 and 01/05 off.
		for day in (date(2026, 4, 27), date(2026, 4, 30), date(2026, 5, 1)):
			self.assertFalse(cal.is_working_day(day), day)
		# Quốc khánh: 31/08 (swap) to 02/09 off, made up on Saturday 22/08.
		for day in (date(2026, 8, 31), date(2026, 9, 1), date(2026, 9, 2)):
			self.assertFalse(cal.is_working_day(day), day)
		self.assertTrue(cal.is_working_day(date(2026, 8, 22)))

	def test_ensure_default_calendar_is_idempotent(self):
		before = frappe.db.get_value("Working Calendar", store.DEFAULT_CALENDAR_NAME, ["modified", "version"])
		store.ensure_default_calendar()
		store.ensure_default_calendar()
		self.assertEqual(frappe.db.count("Working Calendar", {"name": store.DEFAULT_CALENDAR_NAME}), 1)
		after = frappe.db.get_value("Working Calendar", store.DEFAULT_CALENDAR_NAME, ["modified", "version"])
		self.assertEqual(before, after)


class TestWorkingCalendar(FrappeTestCase):
	def tearDown(self):
		frappe.local.message_log = []

	def test_editing_a_holiday_changes_the_version_and_the_cached_calendar(self):
		doc = make_calendar()
		start = datetime(2026, 3, 6, 9, 0)  # Friday
		promised = store.compute_due(start, 1, "working_day", calendar=doc.name)
		self.assertEqual(promised.due_at, datetime(2026, 3, 9, 9, 0))
		self.assertEqual(promised.calendar_version, doc.version)

		doc.append("days", {"date": "2026-03-09", "kind": "Province Day Off", "description": "Ngày của tỉnh"})
		doc.save()
		self.assertNotEqual(doc.version, promised.calendar_version)
		self.assertEqual(store.get_calendar_version(doc.name), doc.version)
		recomputed = store.compute_due(start, 1, "working_day", calendar=doc.name)
		self.assertEqual(recomputed.due_at, datetime(2026, 3, 10, 9, 0))
		self.assertEqual(recomputed.calendar_version, doc.version)
		# The promise made before the edit is a value: it keeps its date and version.
		self.assertEqual(promised.due_at, datetime(2026, 3, 9, 9, 0))

		# Edits that do not affect the arithmetic keep the version.
		version = doc.version
		doc.days[-1].description = "Ngày kỷ niệm thành lập tỉnh"
		doc.notes = "Quyết định của UBND tỉnh"
		doc.save()
		self.assertEqual(doc.version, version)

	def test_edits_are_audited(self):
		doc = make_calendar()
		doc.append("days", {"date": "2026-03-09", "kind": "Province Day Off"})
		doc.save(ignore_version=False)  # tests skip versions unless asked
		self.assertTrue(frappe.db.exists("Version", {"ref_doctype": "Working Calendar", "docname": doc.name}))

	def test_session_edit_changes_working_hours(self):
		doc = make_calendar(days=[])
		start = datetime(2026, 3, 3, 8, 0)  # Tuesday
		self.assertEqual(
			store.compute_due(start, 8, "working_hour", doc.name).due_at, datetime(2026, 3, 3, 17, 0)
		)
		for row in doc.sessions:
			if str(row.end_time).startswith("17"):
				row.end_time = "16:30:00"
		doc.save()
		self.assertEqual(
			store.compute_due(start, 8, "working_hour", doc.name).due_at, datetime(2026, 3, 4, 8, 30)
		)

	def test_hot_path_reads_no_database(self):
		doc = make_calendar()
		store.compute_due(datetime(2026, 3, 6, 9), 5, "working_day", doc.name)
		store.compute_due(datetime(2026, 3, 6, 9), 5, "working_day")
		frappe.local.cache = {}  # a new request: only Redis is asked for the versions
		with self.assertQueryCount(0):
			for _ in range(20):
				store.compute_due(datetime(2026, 3, 6, 9), 5, "working_day", doc.name)
				store.compute_due(datetime(2026, 2, 13, 9), 1, "working_day")

	def test_only_one_default(self):
		doc = make_calendar(is_default=1)
		self.assertEqual(frappe.get_all("Working Calendar", {"is_default": 1}, pluck="name"), [doc.name])
		self.assertEqual(store.default_calendar_name(), doc.name)
		doc.is_default = 0
		self.assertRaises(frappe.ValidationError, doc.save)
		self.assertRaises(frappe.ValidationError, frappe.delete_doc, "Working Calendar", doc.name)
		shipped = frappe.get_doc("Working Calendar", store.DEFAULT_CALENDAR_NAME)
		shipped.is_default = 1
		shipped.save()
		self.assertEqual(frappe.get_all("Working Calendar", {"is_default": 1}, pluck="name"), [shipped.name])
		self.assertEqual(store.default_calendar_name(), shipped.name)

	def test_new_calendar_gets_default_sessions(self):
		doc = make_calendar(days=[])
		sessions = [(row.weekday, get_time(row.start_time), get_time(row.end_time)) for row in doc.sessions]
		self.assertEqual(sessions[:2], [("Monday", time(8), time(12)), ("Monday", time(13), time(17))])
		weekdays = {row.weekday for row in doc.sessions}
		self.assertEqual(weekdays, {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"})

	def test_load_official_days_replaces_official_rows_and_keeps_province_days(self):
		doc = make_calendar()
		doc.append("days", {"date": "2026-11-20", "kind": "Province Day Off", "description": "Ngày tỉnh"})
		doc.save()
		count = len(doc.days)
		doc.load_official_days(2026)
		self.assertEqual(len(doc.days), count)
		kinds = {str(row.date): row.kind for row in doc.days}
		self.assertEqual(kinds["2026-04-27"], "Public Holiday")
		self.assertEqual(kinds["2026-08-31"], "Day Off Swap")
		self.assertEqual(kinds["2026-08-22"], "Make-up Working Day")
		self.assertEqual(kinds["2026-11-20"], "Province Day Off")
		doc.load_official_days(2027)  # no notice recorded: package days, with a warning
		doc.save()
		self.assertEqual(doc.years_covered, "2026, 2027")
		self.assertRaises(frappe.ValidationError, doc.load_official_days, 1800)

	def test_invalid_sessions_and_days_are_refused(self):
		overlapping = [
			{"weekday": "Monday", "start_time": "08:00:00", "end_time": "12:00:00"},
			{"weekday": "Monday", "start_time": "11:00:00", "end_time": "17:00:00"},
		]
		self.assertRaises(frappe.ValidationError, make_calendar, sessions=overlapping, days=[])
		backwards = [{"weekday": "Monday", "start_time": "12:00:00", "end_time": "08:00:00"}]
		self.assertRaises(frappe.ValidationError, make_calendar, sessions=backwards, days=[])
		twice = [
			{"date": "2026-03-09", "kind": "Province Day Off"},
			{"date": "2026-03-09", "kind": "Make-up Working Day"},
		]
		self.assertRaises(frappe.ValidationError, make_calendar, days=twice)


class TestStatutoryDays(FrappeTestCase):
	"""Issue 7: years whose official days are not loaded follow the Labour Code, provisionally."""

	def tearDown(self):
		frappe.local.message_log = []

	def test_official_years_are_those_with_official_rows(self):
		doc = make_calendar()  # official 2026 only
		cal = store.get_calendar(doc.name)
		self.assertEqual(cal.official_years, {2026})
		self.assertFalse(cal.is_working_day(date(2027, 1, 1)))
		self.assertTrue(cal.is_provisional(date(2027, 1, 1)))
		self.assertFalse(cal.is_working_day(date(2025, 1, 1)))
		# A province day off alone does not make 2027 official.
		doc.append("days", {"date": "2027-03-09", "kind": "Province Day Off", "description": "Ngày tỉnh"})
		doc.save()
		cal = store.get_calendar(doc.name)
		self.assertTrue(cal.is_provisional(date(2027, 1, 1)))
		self.assertFalse(cal.is_working_day(date(2027, 3, 9)))
		self.assertFalse(cal.is_working_day(date(2027, 2, 5)))  # Tết, statutory

	def test_loading_a_year_makes_it_official_and_wins(self):
		doc = make_calendar()
		provisional_version = store.get_calendar_version(doc.name)
		doc.load_official_days(2027)
		doc.save()
		cal = store.get_calendar(doc.name)
		self.assertNotEqual(cal.version, provisional_version)
		self.assertFalse(cal.is_provisional(date(2027, 1, 1)))
		self.assertFalse(cal.is_working_day(date(2027, 1, 1)))
		# The loaded rows are the calendar now: turning 01/01/2027 into a make-up day is obeyed.
		for row in doc.days:
			if str(row.date) == "2027-01-01":
				row.kind = "Make-up Working Day"
		doc.save()
		self.assertTrue(store.get_calendar(doc.name).is_working_day(date(2027, 1, 1)))

	def test_stored_versions_are_refreshed(self):
		doc = make_calendar()
		frappe.db.set_value("Working Calendar", doc.name, "version", "stale", update_modified=False)
		self.assertGreaterEqual(store.refresh_stored_versions(), 1)
		self.assertEqual(frappe.db.get_value("Working Calendar", doc.name, "version"), doc.version)


class TestWorkingCalendarTranslations(FrappeTestCase):
	def test_every_label_and_message_has_a_vietnamese_translation(self):
		vi = get_translations_from_apps("vi")
		messages = [entry[1] for doctype in DOCTYPES for entry in get_messages_from_doctype(doctype)]
		frappe.flags.scanned_files = set()
		for path in (
			__file__.replace("test_working_calendar", "working_calendar"),
			store.__file__,
			api.__file__,
		):
			messages += [entry[1] for entry in get_messages_from_file(path)]
		self.assertEqual(sorted({m for m in messages if m not in vi}), [])
