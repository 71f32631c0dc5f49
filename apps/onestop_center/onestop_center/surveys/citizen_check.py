# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Which dossier a citizen speaks about: its code plus a check only the applicant can answer.

The check is the last 4 characters of the applicant's ID number (or tax code for a company; the
phone number when the registry holds neither). An unknown code, a wrong check and a dossier that
cannot be rated yet all get the same refusal, after the same queries, so that the answers reveal
nothing about which codes exist. Wrong checks are counted per dossier code, whoever sends them:
after ``Feedback Settings.check_attempts`` of them the code is locked for ``lock_minutes``, so the
10,000 possible checks cannot be tried from many addresses either. Nothing personal is returned.
"""

import hashlib
import re

import frappe
from frappe import _

from onestop_center import arguments



def not_received(status: str | None) -> bool:
	"""A dossier in a state before reception (its kind) has no code yet: nothing to rate."""
	from onestop_center.dossiers import state_kinds

	return not status or state_kinds.is_kind(status, *state_kinds.NOT_RECEIVED_KINDS)

_ALNUM = re.compile(r"[^0-9A-Z]")


class DossierCheckError(frappe.ValidationError):
	"""The code and check do not designate a dossier the citizen may speak about (HTTP 417)."""


class TooManyChecksError(frappe.ValidationError):
	"""Too many wrong checks for this dossier code: locked for a while."""

	http_status_code = 429


def settings():
	return frappe.get_cached_doc("Feedback Settings")


def normalise_code(code) -> str:
	return arguments.name(code, "Dossier Code").upper()


def normalise_check(check) -> str:
	value = _ALNUM.sub("", arguments.text(check, "Last 4 Digits of the ID Number", max_length=20).upper())
	if len(value) != 4:
		arguments._refuse(_("Enter the last 4 digits of the ID number (or tax code) of the applicant"))
	return value


def expected_checks(id_number, tax_code, phone) -> set[str]:
	"""The accepted answers: last 4 characters of the ID number or tax code, else of the phone."""
	keys = [k for k in (id_number, tax_code) if k] or [phone]
	return {_ALNUM.sub("", (k or "").upper())[-4:] for k in keys if len(_ALNUM.sub("", (k or "").upper())) >= 4}


def _lock_key(code: str) -> str:
	return "onestop:dossier_check:" + hashlib.sha256(code.encode()).hexdigest()[:32]


def _refuse_check():
	frappe.local.flags.disable_traceback = True
	frappe.throw(
		_("The dossier code or the last 4 digits of the ID number are not correct, or the dossier cannot be rated yet"),
		DossierCheckError,
		title=_("Not found"),
	)


def owned_by_session_user(dossier: str) -> bool:
	"""Whether the logged-in citizen is the dossier's applicant (their registry entry names them)."""
	user = frappe.session.user
	if user == "Guest":
		return False
	applicant = frappe.db.get_value("Dossier", dossier, "applicant")
	return bool(applicant) and frappe.db.get_value("Applicant", applicant, "user") == user


def find_dossier(code, check=None) -> str:
	"""The dossier designated by ``code`` and ``check`` (not needed by its own applicant, logged in).

	Raises :class:`DossierCheckError` (the same for every kind of mismatch) or
	:class:`TooManyChecksError` while the code is locked.
	"""
	code = normalise_code(code)
	row = frappe.db.sql(
		"""select d.name, d.status, a.id_number, a.tax_code, a.phone
		from `tabDossier` d left join `tabApplicant` a on a.name = d.applicant
		where d.name = %s""",
		code,
	)
	known = bool(row) and not not_received(row[0][1])
	if known and owned_by_session_user(code):
		return code
	check = normalise_check(check)
	key = _lock_key(code)
	failures = frappe.cache.get_value(key, expires=True) or 0
	limit = max(int(settings().check_attempts or 0), 1)
	if failures >= limit:
		frappe.local.flags.disable_traceback = True
		frappe.throw(
			_("Too many wrong attempts for this dossier code: try again in {0} minutes").format(
				int(settings().lock_minutes or 15)
			),
			TooManyChecksError,
		)
	if known and check in expected_checks(*row[0][2:]):
		return code
	frappe.cache.set_value(key, failures + 1, expires_in_sec=max(int(settings().lock_minutes or 15), 1) * 60)
	_refuse_check()


def reset_failures(code: str) -> None:
	"""Forget the wrong checks of a code (tests, and an officer helping a citizen)."""
	frappe.cache.delete_value(_lock_key(code.strip().upper()))
