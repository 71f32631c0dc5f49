# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""The satisfaction survey: default questions, one response per dossier (a second one replaces it,
audited), the citizen's check (same refusal for every mismatch, locked after wrong attempts), the
counter's endpoint and the reception officer's own rows."""

from contextlib import contextmanager
from datetime import datetime
from unittest.mock import patch

import frappe
from frappe import _
from frappe.tests.utils import FrappeTestCase

from onestop_center.dossiers import deadline
from onestop_center.setup.bulk import bulk_import
from onestop_center.setup.roles import DEPARTMENT_SPECIALIST, GENERAL_AFFAIRS_OFFICER, RECEPTION_OFFICER
from onestop_center.surveys import api, citizen_check
from onestop_center.surveys.questions import (
	DEFAULT_QUESTIONS,
	DISSATISFIED,
	SATISFIED,
	VERY_SATISFIED,
	active_questions,
	ensure_default_questions,
)
from onestop_center.surveys.survey import SurveyAnswersError, record_survey
from onestop_center.testing import make_dossier, make_received_dossier, make_user


@contextmanager
def frozen(moment: datetime):
	with patch.object(deadline, "now", return_value=moment):
		yield


def all_answers(level=VERY_SATISFIED) -> dict:
	return {q.code: level for q in active_questions()}


def received_dossier(**applicant):
	dossier = make_received_dossier(**applicant)
	assert not citizen_check.not_received(dossier.status), dossier.status
	return dossier


class TestSurveyResponse(FrappeTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")

	def test_default_questions_are_the_nine_tt01_indices(self):
		self.assertEqual(ensure_default_questions(), 0)  # loaded at install, never twice
		codes = [q.code for q in active_questions()]
		self.assertEqual(codes[:9], [code for code, _label, _q in DEFAULT_QUESTIONS])
		self.assertEqual(frappe.db.get_value("Survey Question", "TT01-1", "max_points"), 2)

	def test_one_response_per_dossier_a_second_replaces_it_with_history(self):
		dossier = received_dossier()
		with frozen(datetime(2026, 3, 2, 9, 0)):
			first = record_survey(dossier.name, SATISFIED, all_answers(SATISFIED), "Tạm được", "Kiosk")
		self.assertEqual((first.score, first.max_score), (9, 18))
		self.assertEqual(first.officer, dossier.received_by)
		self.assertEqual(first.agency, frappe.db.get_value("Procedure", dossier.procedure, "responsible_agency"))
		self.assertEqual(first.procedure, dossier.procedure)
		self.assertEqual(len(first.answers), len(active_questions()))
		with frozen(datetime(2026, 3, 3, 10, 0)):
			second = record_survey(dossier.name, VERY_SATISFIED, all_answers(), None, "Portal")
		self.assertEqual(second.name, first.name)
		self.assertEqual(frappe.db.count("Survey Response", {"dossier": dossier.name}), 1)
		self.assertEqual((second.score, second.replaced_count, second.channel), (18, 1, "Portal"))
		self.assertEqual(str(second.submitted_at), "2026-03-03 10:00:00")
		# the replacement is audited: who, when, the channel and the answers, old and new
		versions = [
			frappe.parse_json(data)
			for data in frappe.get_all(
				"Version", filters={"ref_doctype": "Survey Response", "docname": first.name}, pluck="data"
			)
		]
		changes = [change for version in versions for change in version.get("changed") or []]
		self.assertIn(["channel", _("Kiosk"), _("Portal")], changes)  # Version shows options translated
		self.assertIn(["satisfaction", _(SATISFIED), _(VERY_SATISFIED)], changes)
		row_changes = [row for version in versions for row in version.get("row_changed") or []]
		self.assertTrue(any(row[0] == "answers" and ["level", _(SATISFIED), _(VERY_SATISFIED)] in row[3] for row in row_changes))
		# a desk insert of a second response is refused
		with self.assertRaises(frappe.DuplicateEntryError):
			frappe.get_doc(
				{"doctype": "Survey Response", "dossier": dossier.name, "satisfaction": SATISFIED}
			).insert()

	def test_answers_must_cover_the_enabled_questions_with_known_levels(self):
		dossier = received_dossier()
		answers = all_answers()
		answers.pop("TT01-3")
		with self.assertRaises(SurveyAnswersError):
			record_survey(dossier.name, SATISFIED, answers)
		with self.assertRaises(frappe.ValidationError):
			record_survey(dossier.name, SATISFIED, {**all_answers(), "TT01-3": "Excellent"})
		with self.assertRaises(frappe.ValidationError):
			record_survey(dossier.name, SATISFIED, {**all_answers(), "NOPE": SATISFIED})
		with self.assertRaises(frappe.ValidationError):
			record_survey(dossier.name, "Happy", all_answers())
		frappe.db.set_value("Survey Question", "TT01-9", "enabled", 0)
		try:
			response = record_survey(dossier.name, DISSATISFIED, {k: v for k, v in all_answers().items() if k != "TT01-9"})
			self.assertEqual(response.max_score, 16)
		finally:
			frappe.db.set_value("Survey Question", "TT01-9", "enabled", 1)

	def test_guest_names_the_dossier_by_code_and_last_four_digits(self):
		dossier = received_dossier(id_number="079201001234")
		citizen_check.reset_failures(dossier.name)
		frappe.set_user("Guest")
		form = api.get_survey(dossier.name.lower(), "1234")
		self.assertEqual(form["code"], dossier.name)
		self.assertFalse(form["rated"])
		self.assertNotIn("079201001234", frappe.as_json(form))
		result = api.submit_survey(dossier.name, "1234", SATISFIED, frappe.as_json(all_answers()), channel="Kiosk")
		self.assertFalse(result["replaced"])
		self.assertTrue(api.submit_survey(dossier.name, "1234", SATISFIED, all_answers(), channel="Portal")["replaced"])
		frappe.set_user("Administrator")
		response = frappe.get_doc("Survey Response", {"dossier": dossier.name})
		self.assertEqual((response.submitted_by, response.channel, response.replaced_count), ("Guest", "Portal", 1))

	def test_every_mismatch_gets_the_same_refusal_and_wrong_checks_lock_the_code(self):
		dossier = received_dossier(id_number="079201005678")
		draft = frappe.get_doc(
			{"doctype": "Dossier", "procedure": dossier.procedure, "applicant": dossier.applicant, "channel": "Counter"}
		).insert()
		citizen_check.reset_failures(dossier.name)
		frappe.set_user("Guest")
		messages = set()
		for code, check in (("KHONG-TON-TAI-0001", "5678"), (draft.name, "5678"), (dossier.name, "0000")):
			citizen_check.reset_failures(code)
			frappe.local.message_log = []
			with self.assertRaises(citizen_check.DossierCheckError):
				api.get_survey(code, check)
			messages.add(frappe.local.message_log[-1]["message"] if frappe.local.message_log else "")
		self.assertEqual(len(messages), 1)
		attempts = frappe.db.get_single_value("Feedback Settings", "check_attempts")
		for _ in range(attempts - 1):
			with self.assertRaises(citizen_check.DossierCheckError):
				api.get_survey(dossier.name, "9999")
		with self.assertRaises(citizen_check.TooManyChecksError):
			api.get_survey(dossier.name, "5678")  # even the right check, while locked
		citizen_check.reset_failures(dossier.name)
		self.assertEqual(api.get_survey(dossier.name, "5678")["code"], dossier.name)
		frappe.local.message_log = []

	def test_the_applicant_logged_in_needs_no_check(self):
		with bulk_import():  # Frappe throttles user creation (60 an hour) across the whole suite
			citizen = frappe.get_doc(
				{
					"doctype": "User",
					"email": f"citizen-{frappe.generate_hash(length=8)}@onestop.invalid",
					"first_name": "Dân",
					"enabled": 1,
					"send_welcome_email": 0,
				}
			).insert(ignore_permissions=True)
		dossier = received_dossier(user=citizen.name)
		other = received_dossier()
		frappe.set_user(citizen.name)
		self.assertEqual(api.get_survey(dossier.name)["code"], dossier.name)
		with self.assertRaises(frappe.ValidationError):
			api.get_survey(other.name)

	def test_counter_records_the_survey_with_channel_counter(self):
		dossier = received_dossier()
		officer = make_user(RECEPTION_OFFICER)
		frappe.set_user(officer)
		result = api.record_counter_survey(dossier.name, VERY_SATISFIED, frappe.as_json(all_answers()), "Rất tốt")
		self.assertEqual(result["score"], 18)
		form = api.get_counter_survey(dossier.name)
		self.assertEqual(form["satisfaction"], VERY_SATISFIED)
		self.assertTrue(form["rated"])
		frappe.set_user(make_user(DEPARTMENT_SPECIALIST))
		with self.assertRaises(frappe.PermissionError):
			api.record_counter_survey(dossier.name, SATISFIED, all_answers())
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("Survey Response", {"dossier": dossier.name}, "channel"), "Counter")

	def test_reception_officer_reads_only_the_responses_they_entered(self):
		others = record_survey(received_dossier().name, SATISFIED, all_answers())
		officer = make_user(RECEPTION_OFFICER)
		colleague = make_user(GENERAL_AFFAIRS_OFFICER)
		dossier = received_dossier()
		frappe.set_user(officer)
		api.record_counter_survey(dossier.name, SATISFIED, all_answers())
		own = frappe.db.get_value("Survey Response", {"dossier": dossier.name})
		self.assertTrue(frappe.has_permission("Survey Response", "read", own))
		self.assertFalse(frappe.has_permission("Survey Response", "read", others.name))
		self.assertEqual(frappe.get_list("Survey Response", pluck="name"), [own])
		parents = set(frappe.get_list("Survey Answer", fields=["parent"], parent_doctype="Survey Response", pluck="parent"))
		self.assertEqual(parents, {own})
		frappe.set_user(colleague)
		self.assertIn(others.name, frappe.get_list("Survey Response", pluck="name", limit_page_length=0))
