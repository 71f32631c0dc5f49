# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""The late-warning job: fires once at the lead time, to the right people only."""

from datetime import datetime, timedelta

import frappe
from frappe.tests.utils import FrappeTestCase, change_settings

from onestop_center.lateness import settings
from onestop_center.lateness.tests.support import (
	ensure_outgoing_email_account,
	make_department,
	make_open_dossier,
	queued_emails,
)
from onestop_center.lateness.warnings import centre_users, department_users, send_late_warnings
from onestop_center.permissions import set_user_agency
from onestop_center.setup.roles import (
	CENTRE_LEADER,
	DEPARTMENT_HEAD,
	DEPARTMENT_SPECIALIST,
	GENERAL_AFFAIRS_OFFICER,
	RECEPTION_OFFICER,
)
from onestop_center.testing import make_agency, make_user

# Thursday 12/11/2026 10:00; sessions 08:00–12:00 and 13:00–17:00
DUE = datetime(2026, 11, 12, 10, 0)
# 1 working day (8 working hours) before: Wednesday 11/11/2026 10:00
LEAD_2025_AT = datetime(2026, 11, 11, 10, 0)
# 4 working hours before: Thursday 08:00–10:00 and Wednesday 15:00–17:00 → Wednesday 15:00
LEAD_2015_AT = datetime(2026, 11, 11, 15, 0)
MINUTE = timedelta(minutes=1)


LEAD_2015 = settings.lead_time(settings.RULE_SET_2015)
LEAD_2025 = settings.lead_time(settings.RULE_SET_2025)


def notified(dossier: str) -> set[str]:
	return set(
		frappe.get_all(
			"Notification Log",
			filters={"document_type": "Dossier", "document_name": dossier},
			pluck="for_user",
		)
	)


class TestLeadTime(FrappeTestCase):
	def test_rule_set_leads(self):
		self.assertEqual(settings.lead_time(settings.RULE_SET_2015), timedelta(hours=4))
		self.assertEqual(settings.lead_time(settings.RULE_SET_2018), timedelta(hours=4))
		self.assertEqual(settings.lead_time(settings.RULE_SET_2025), timedelta(hours=8))

	def test_settings_override_the_rule_set(self):
		with change_settings(settings.SETTINGS, {"rule_set": settings.RULE_SET_2015, "late_warning_lead": 0}):
			self.assertEqual(settings.lead_time(), timedelta(hours=4))
		with change_settings(settings.SETTINGS, {"rule_set": settings.RULE_SET_2025, "late_warning_lead": 0}):
			self.assertEqual(settings.lead_time(), timedelta(hours=8))
		with change_settings(
			settings.SETTINGS, {"late_warning_lead": 2, "late_warning_unit": settings.WORKING_DAY}
		):
			self.assertEqual(settings.lead_time(), timedelta(hours=16))
		with change_settings(
			settings.SETTINGS, {"late_warning_lead": 1.5, "late_warning_unit": settings.WORKING_HOUR}
		):
			self.assertEqual(settings.lead_time(), timedelta(hours=1.5))

	def test_open_states_leave_out_finished_and_unreceived_dossiers(self):
		states = settings.open_states()
		for state in ("In Progress", "Received"):
			self.assertIn(state, states)
		for state in ("Draft", "Needs Completion", "Returned", "Refused", "Result Ready"):
			self.assertNotIn(state, states)


class TestLateWarnings(FrappeTestCase):
	def setUp(self):
		ensure_outgoing_email_account()
		self.agency, self.procedure, users = make_department(DEPARTMENT_HEAD, DEPARTMENT_SPECIALIST)
		self.head, self.specialist = users
		self.general_affairs = make_user(GENERAL_AFFAIRS_OFFICER)
		self.leader = make_user(CENTRE_LEADER)
		self.dossier = make_open_dossier(self.procedure.name, DUE).name

	def warn(self, now):
		return send_late_warnings(now, lead=self.lead)

	def sent_at(self, name=None):
		return frappe.db.get_value("Dossier", name or self.dossier, "late_warning_sent_at")

	def test_2025_lead_fires_one_working_day_before_and_once(self):
		self.lead = LEAD_2025
		self.assertNotIn(self.dossier, self.warn(LEAD_2025_AT - MINUTE))
		self.assertIsNone(self.sent_at())
		self.assertFalse(notified(self.dossier))

		self.assertIn(self.dossier, self.warn(LEAD_2025_AT))
		self.assertEqual(self.sent_at(), LEAD_2025_AT)
		first_logs = frappe.db.count("Notification Log", {"document_name": self.dossier})
		first_mails = len(queued_emails(self.dossier))
		self.assertGreater(first_logs, 0)
		self.assertEqual(first_mails, 1)

		# a rerun (or the next quarter of an hour) sends nothing new
		self.assertNotIn(self.dossier, self.warn(LEAD_2025_AT))
		self.assertNotIn(self.dossier, self.warn(LEAD_2025_AT + timedelta(minutes=15)))
		self.assertEqual(frappe.db.count("Notification Log", {"document_name": self.dossier}), first_logs)
		self.assertEqual(len(queued_emails(self.dossier)), first_mails)
		self.assertEqual(self.sent_at(), LEAD_2025_AT)

	def test_each_dossier_is_warned_by_the_lead_of_its_own_rule_set(self):
		"""Issue 11: the rule set frozen at reception decides, not the centre-wide switch."""
		old = make_open_dossier(self.procedure.name, DUE).name
		frappe.db.set_value("Dossier", old, "rule_set", settings.RULE_SET_2015)
		frappe.db.set_value("Dossier", self.dossier, "rule_set", settings.RULE_SET_2025)
		with change_settings(settings.SETTINGS, {"rule_set": settings.RULE_SET_2015, "late_warning_lead": 0}):
			warned = send_late_warnings(LEAD_2025_AT)
			self.assertIn(self.dossier, warned)
			self.assertNotIn(old, warned)
			self.assertIn(old, send_late_warnings(LEAD_2015_AT))

	def test_2015_lead_fires_four_working_hours_before(self):
		self.lead = LEAD_2015
		# the 2025 moment is too early under the 2015 rules
		self.assertNotIn(self.dossier, self.warn(LEAD_2025_AT))
		self.assertNotIn(self.dossier, self.warn(LEAD_2015_AT - MINUTE))
		self.assertIsNone(self.sent_at())
		self.assertIn(self.dossier, self.warn(LEAD_2015_AT))
		self.assertNotIn(self.dossier, self.warn(LEAD_2015_AT + MINUTE))

	def test_lead_counts_working_time_only(self):
		"""Due Monday 09:00, 4 working hours: Monday 08:00–09:00 + Friday 14:00–17:00 → Friday 14:00."""
		self.lead = LEAD_2015
		monday = make_open_dossier(self.procedure.name, datetime(2026, 11, 16, 9, 0)).name
		self.assertNotIn(monday, self.warn(datetime(2026, 11, 13, 13, 59)))
		# Friday lunch still counts from 13:00: 4 working hours are not yet reached
		self.assertNotIn(monday, self.warn(datetime(2026, 11, 13, 12, 30)))
		self.assertIn(monday, self.warn(datetime(2026, 11, 13, 14, 0)))

	def test_due_during_a_break_is_warned_from_the_session_end(self):
		"""Due at 12:30 (lunch): 4 working hours before 12:00 is 08:00 the same day."""
		self.lead = LEAD_2015
		lunch = make_open_dossier(self.procedure.name, datetime(2026, 11, 17, 12, 30)).name
		self.assertNotIn(lunch, self.warn(datetime(2026, 11, 16, 16, 59)))
		self.assertIn(lunch, self.warn(datetime(2026, 11, 17, 8, 0)))

	def test_warning_goes_to_the_department_and_the_centre_only(self):
		self.lead = LEAD_2025
		other_agency, _procedure, (other_head,) = make_department(DEPARTMENT_HEAD)
		reception = make_user(RECEPTION_OFFICER)
		unattached = make_user(DEPARTMENT_SPECIALIST)
		disabled = make_user(DEPARTMENT_SPECIALIST)
		set_user_agency(disabled, self.agency.name)
		frappe.db.set_value("User", disabled, "enabled", 0)
		# a parent agency's head covers its sub-units
		parent = make_agency(is_group=1)
		child = frappe.get_doc("Agency", self.agency.name)
		child.parent_agency = parent.name
		child.save()
		parent_head = make_user(DEPARTMENT_HEAD)
		set_user_agency(parent_head, parent.name)

		self.warn(LEAD_2025_AT)

		users = notified(self.dossier)
		for user in (self.head, self.specialist, parent_head, self.general_affairs, self.leader):
			self.assertIn(user, users)
		for user in (other_head, reception, unattached, disabled, "Administrator"):
			self.assertNotIn(user, users)
		self.assertNotIn(self.dossier, department_users(other_agency.name))

		logs = frappe.get_all(
			"Notification Log", filters={"document_name": self.dossier}, fields=["type", "subject"]
		)
		self.assertTrue(all(log.type == "Alert" and self.dossier in log.subject for log in logs))
		(mail,) = queued_emails(self.dossier)
		self.assertIn(self.head, mail["recipients"])
		self.assertIn(self.leader, mail["recipients"])
		self.assertNotIn(other_head, mail["recipients"])
		self.assertNotIn(reception, mail["recipients"])
		self.assertIn(self.dossier, mail["text"])

	def test_recipient_lists(self):
		self.assertEqual(department_users(self.agency.name), sorted([self.head, self.specialist]))
		self.assertIn(self.general_affairs, centre_users())
		self.assertIn(self.leader, centre_users())
		self.assertNotIn(self.head, centre_users())

	def test_closed_paused_and_unreceived_dossiers_are_not_warned(self):
		self.lead = LEAD_2025
		names = {
			status: make_open_dossier(self.procedure.name, DUE, status=status).name
			for status in ("Draft", "Needs Completion", "Returned", "Refused", "Result Ready")
		}
		paused = make_open_dossier(
			self.procedure.name, DUE, status="Supplement Requested", clock_paused=1
		).name
		warned = self.warn(LEAD_2025_AT + timedelta(days=3))
		self.assertIn(self.dossier, warned)
		for name in (*names.values(), paused):
			self.assertNotIn(name, warned)
			self.assertIsNone(self.sent_at(name))

	def test_overdue_dossier_records_the_late_department_and_step(self):
		self.lead = LEAD_2025
		frappe.db.set_value("Dossier", self.dossier, "current_step", 2)
		after_due = DUE + timedelta(hours=1)
		self.warn(after_due)
		values = frappe.db.get_value(
			"Dossier", self.dossier, ["late_agency", "late_step", "late_warning_sent_at"]
		)
		self.assertEqual(values, (self.agency.name, 2, after_due))

	def test_warned_before_due_records_lateness_once_past_due(self):
		self.lead = LEAD_2025
		self.warn(LEAD_2025_AT)
		self.assertIsNone(frappe.db.get_value("Dossier", self.dossier, "late_agency"))
		self.warn(DUE + MINUTE)
		self.assertEqual(frappe.db.get_value("Dossier", self.dossier, "late_agency"), self.agency.name)

	def test_selection_is_one_query_on_dossiers(self):
		self.lead = LEAD_2025
		self.warn(LEAD_2025_AT)  # warm caches; warns this dossier
		make_open_dossier(self.procedure.name, DUE + timedelta(days=30))
		frappe.db.sql("select 1")
		with self.assertQueryCount(12):
			self.warn(LEAD_2025_AT)
