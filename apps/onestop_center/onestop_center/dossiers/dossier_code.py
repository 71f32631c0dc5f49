"""Dossier codes (mã hồ sơ): ``<agency identifier code>-<YYMMDD>-<NNNN>``.

The sequence counts dossiers per agency per reception day (Asia/Ho_Chi_Minh), zero-padded to at
least 4 digits and growing past 9999. It uses Frappe's naming-series counter (``tabSeries``,
``frappe.model.naming.getseries``), keyed ``<identifier>-<YYMMDD>-``, so the counter is taken
under a row lock in the same transaction as the reception.

A dossier gets its code when it is received (complete), not when it is opened at the counter: a
draft or a dossier needing completion has a provisional name ``NHAP-<YYYYMMDD>-<NNNNN>`` (nháp =
draft, :func:`provisional_name`; the 8-digit date keeps it from ever matching the code pattern)
and takes no number of the agency's day sequence. The lifecycle renames it to its code at reception.

Locks: the agency's day series row is locked only by the reception that takes its next number (the
code must be gapless, so it is taken in the reception's transaction, as late as possible). Drafts
take no lock at all: their number comes from a database sequence (``NEXTVAL``, outside
transactions), so that counters opening drafts at the same moment never wait for each other.
"""

import re
from datetime import date, datetime

import frappe
import pytz
from frappe.model.naming import getseries
from frappe.utils import get_datetime, get_system_timezone, now_datetime

CENTRE_TIME_ZONE = "Asia/Ho_Chi_Minh"
SEQUENCE_DIGITS = 4
PROVISIONAL_PREFIX = "NHAP"
PROVISIONAL_DIGITS = 5
CODE_PATTERN = re.compile(r"^(?P<agency>[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*)-(?P<day>\d{6})-(?P<seq>\d{4,})$")


def reception_day(received_at: datetime | str) -> date:
	"""The calendar day of a reception time in Vietnam (site datetimes are in system time)."""
	moment = get_datetime(received_at)
	system_tz = get_system_timezone()
	if system_tz != CENTRE_TIME_ZONE:
		moment = pytz.timezone(system_tz).localize(moment).astimezone(pytz.timezone(CENTRE_TIME_ZONE))
	return moment.date()


def series_key(identifier_code: str, day: date) -> str:
	return f"{identifier_code}-{day.strftime('%y%m%d')}-"


def next_dossier_code(identifier_code: str, received_at: datetime | str) -> str:
	"""Take the next number of the agency's day series and return the full dossier code."""
	key = series_key(identifier_code, reception_day(received_at))
	return key + f"{next_series_number(key):0{SEQUENCE_DIGITS}d}"


def next_series_number(key: str) -> int:
	"""Take the next number of the gapless series ``key`` (``tabSeries``), locked until the commit.

	One statement creates or increments the row and holds its lock until the transaction ends;
	the read that follows sees this transaction's own value.
	"""
	frappe.db.sql(
		"INSERT INTO `tabSeries` (`name`, `current`) VALUES (%s, 1) "
		"ON DUPLICATE KEY UPDATE `current` = `current` + 1",
		(key,),
	)
	return int(frappe.db.sql("SELECT `current` FROM `tabSeries` WHERE `name` = %s", (key,))[0][0])


def provisional_name(opened_at: datetime | str | None = None) -> str:
	"""A name for a dossier not yet received: ``NHAP-<YYYYMMDD>-<NNNNN>`` (the day in Vietnam).

	The number comes from the database sequence :data:`DRAFT_SEQUENCE`, which takes no lock and
	is not rolled back: drafts opened at the same moment never queue, and a draft whose insert
	failed leaves a gap, which is harmless for a provisional name (dossier codes stay gapless).
	Numbers grow across days (never reused), zero-padded to at least 5 digits.
	"""
	day = reception_day(opened_at or now_datetime())
	return f"{PROVISIONAL_PREFIX}-{day.strftime('%Y%m%d')}-{next_draft_number():0{PROVISIONAL_DIGITS}d}"


# MariaDB sequence of draft numbers (created on install and migrate, see ensure_draft_sequence)
DRAFT_SEQUENCE = "onestop_dossier_draft_seq"


def next_draft_number() -> int:
	try:
		return int(frappe.db.sql(f"select nextval(`{DRAFT_SEQUENCE}`)")[0][0])
	except Exception as error:
		if not frappe.db.is_table_missing(error):
			raise
	# A site not migrated since the sequence came: one locked series, as before.
	key = f"{PROVISIONAL_PREFIX}-"
	_lock_series_row(key)
	return int(getseries(key, PROVISIONAL_DIGITS))


def ensure_draft_sequence() -> None:
	"""Create the draft-number sequence (install, migrate), starting after every provisional number
	already given by the former per-day series, so that no provisional name can be given twice."""
	if frappe.db.sql(
		"select 1 from information_schema.tables where table_schema = database() and table_name = %s",
		(DRAFT_SEQUENCE,),
	):
		return
	start = frappe.db.sql("select max(`current`) from `tabSeries` where `name` like 'NHAP-%%'")[0][0]
	frappe.db.sql_ddl(
		f"create sequence if not exists `{DRAFT_SEQUENCE}` start with {int(start or 0) + 1} "
		"increment by 1 minvalue 1 cache 1000 nocycle"
	)


def is_provisional(name: str | None) -> bool:
	"""True for the provisional name of a dossier not yet received (no dossier code yet)."""
	return bool(name) and name.startswith(PROVISIONAL_PREFIX + "-") and not parse_dossier_code(name)


def _lock_series_row(key: str) -> None:
	"""Make sure the series row exists and hold its row lock before ``getseries`` reads it.

	``getseries`` alone does SELECT … FOR UPDATE then INSERT when the row is missing: two intakes
	racing for the first number of a day would both take a gap lock and deadlock on INSERT. An
	upsert creates or locks the row exclusively in one statement, so concurrent intakes queue.
	"""
	frappe.db.sql(
		"INSERT INTO `tabSeries` (`name`, `current`) VALUES (%s, 0) "
		"ON DUPLICATE KEY UPDATE `current` = `current`",
		(key,),
	)


def current_sequence(identifier_code: str, day: date) -> int:
	"""The last number given for that agency and day (0 if none)."""
	return frappe.db.get_value("Series", series_key(identifier_code, day), "current", order_by="name") or 0


def set_sequence(identifier_code: str, day: date, current: int) -> None:
	"""Set the last number given for that agency and day (data migration, tests)."""
	_lock_series_row(series_key(identifier_code, day))
	frappe.db.sql(
		"UPDATE `tabSeries` SET `current` = %s WHERE `name` = %s",
		(int(current), series_key(identifier_code, day)),
	)


def parse_dossier_code(code: str) -> frappe._dict | None:
	"""Split a dossier code into ``identifier_code``, ``reception_date`` and ``sequence``.

	Returns None if the text is not a dossier code.
	"""
	match = CODE_PATTERN.match((code or "").strip())
	if not match:
		return None
	try:
		day = datetime.strptime(match["day"], "%y%m%d").date()
	except ValueError:
		return None
	return frappe._dict(identifier_code=match["agency"], reception_date=day, sequence=int(match["seq"]))
