# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""The citizen's satisfaction survey of one dossier: one response per dossier, replaced when given again.

Whatever the channel (kiosk, portal, counter), :func:`record_survey` is the one writer: it checks the
answers against the enabled questions, then creates the dossier's response or replaces the answers
of the existing one. Survey Response tracks changes, so every replacement stays in its history
(Version: who — Guest at the kiosk and on the portal without login —, when, the old and new
answers, the channel); ``replaced_count`` says how many times it happened.

For leaders' reports (per officer, per agency, per question), each response carries the dossier,
its procedure, the handling agency (the procedure's responsible agency), the reception officer
and counter, the channel and time, the overall level, the score and maximum score, and one
``Survey Answer`` row per question (question code, level, points, maximum points).
"""

import frappe
from frappe import _

from onestop_center import arguments
from onestop_center.surveys.questions import DISSATISFIED, LEVELS, SATISFIED, VERY_SATISFIED, active_questions

CHANNELS = ("Kiosk", "Portal", "Counter", "SMS")
MAX_COMMENT_LENGTH = 2000


class SurveyAnswersError(frappe.ValidationError):
	"""Answers missing, unknown questions or levels."""


def _refuse(message):
	frappe.local.flags.disable_traceback = True
	frappe.throw(message, SurveyAnswersError, title=_("Invalid value"))


def parse_answers(answers) -> dict[str, str]:
	"""``{question code: level}`` for every enabled question (a dict or its JSON text)."""
	questions = {q.code for q in active_questions()}
	answers = arguments.json_object(answers, "Answers", allowed=questions)
	for code, level in answers.items():
		if level not in LEVELS:
			_refuse(_("The answer to {0} must be one of: {1}").format(arguments.shown(code), ", ".join(_(x) for x in LEVELS)))
	missing = questions - set(answers)
	if missing:
		_refuse(_("Please answer every question ({0} not answered)").format(len(missing)))
	return answers


def parse_level(value) -> str:
	level = arguments.text(value, "Overall Satisfaction")
	if level not in LEVELS:
		_refuse(_("Overall Satisfaction must be one of: {0}").format(", ".join(_(x) for x in LEVELS)))
	return level


def record_survey(dossier: str, satisfaction, answers, comment=None, channel: str = "Kiosk") -> "frappe.Document":
	"""Create the dossier's survey response or replace the one it has. The caller has checked that
	the sender may speak for the dossier. Returns the saved Survey Response."""
	if channel not in CHANNELS:
		_refuse(_("Unknown channel"))
	satisfaction = parse_level(satisfaction)
	answers = parse_answers(answers)
	comment = arguments.text(comment, "Comment", required=False, max_length=MAX_COMMENT_LENGTH)
	questions = {q.code: q for q in active_questions()}
	values = {"satisfaction": satisfaction, "comment": comment, "channel": channel}
	existing = frappe.db.get_value("Survey Response", {"dossier": dossier}, "name", for_update=True)
	if existing:
		doc = frappe.get_doc("Survey Response", existing)
		doc.update(values)
		doc.replaced_count = (doc.replaced_count or 0) + 1
	else:
		doc = frappe.get_doc({"doctype": "Survey Response", "dossier": dossier, **values})
	# answers of the same question are changed in place, so the history shows old → new per question
	rows = {row.question: row for row in doc.answers}
	doc.answers = []
	for code, question in questions.items():
		row = rows.get(code) or frappe._dict(question=code)
		row.update({"question_text": question.question, "level": answers[code]})
		doc.append("answers", row)
	doc.flags.ignore_permissions = True
	doc.flags.from_survey = True
	# the replaced answers stay in the history, also where Frappe skips it by default (tests)
	doc.save(ignore_version=False)
	return doc


def level_of_stars(stars) -> str:
	"""A 1–5 star rating as one of the three levels (5: very satisfied, 3–4: satisfied)."""
	stars = int(stars or 0)
	return VERY_SATISFIED if stars >= 5 else SATISFIED if stars >= 3 else DISSATISFIED


# Which of the demo data's star ratings answers which default question (the others: overall).
_DEMO_STARS = {"TT01-1": "timeliness", "TT01-2": "timeliness", "TT01-7": "attitude", "TT01-5": "guidance"}


def demo_answers(row: dict) -> tuple[str, dict]:
	"""Overall level and answers of a demo rating given in stars (demo/data/dossiers.json)."""
	overall = row.get("overall", 4)
	answers = {
		q.code: level_of_stars(row.get(_DEMO_STARS.get(q.code, "overall"), overall)) for q in active_questions()
	}
	return level_of_stars(overall), answers
