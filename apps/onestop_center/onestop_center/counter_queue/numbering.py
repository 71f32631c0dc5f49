"""Daily ticket numbers per queue service: ``<prefix><NNN>`` (A001, A002…), from 1 every day.

The counter of a service and day is a row of Frappe's ``tabSeries`` keyed ``QUEUE-<prefix>-<YYMMDD>``,
taken as :mod:`onestop_center.dossiers.dossier_code` takes dossier codes: one upsert creates or
increments the row and holds its row lock until the commit, so tickets taken at the same moment
queue for that row for milliseconds and get distinct consecutive numbers (READ COMMITTED or not);
a ticket whose transaction is rolled back gives its number back, so the numbers have no gaps.
"""

from datetime import date

import frappe

SERIES_PREFIX = "QUEUE-"
NUMBER_DIGITS = 3


def series_key(service: str, day: date) -> str:
	return f"{SERIES_PREFIX}{service}-{day.strftime('%y%m%d')}"


def lock_day(service: str, day: date) -> None:
	"""Hold the row lock of the service's day counter (creating it at 0) without taking a number:
	bookings check the capacity of the day under it."""
	frappe.db.sql(
		"INSERT INTO `tabSeries` (`name`, `current`) VALUES (%s, 0) ON DUPLICATE KEY UPDATE `current` = `current`",
		(series_key(service, day),),
	)


def take_number(service: str, day: date) -> int:
	"""The next number of the service on ``day`` (1 for the first ticket of the day)."""
	key = series_key(service, day)
	frappe.db.sql(
		"INSERT INTO `tabSeries` (`name`, `current`) VALUES (%s, 1) ON DUPLICATE KEY UPDATE `current` = `current` + 1",
		(key,),
	)
	return int(frappe.db.sql("SELECT `current` FROM `tabSeries` WHERE `name` = %s", (key,))[0][0])


def ticket_number(prefix: str, sequence: int) -> str:
	return f"{prefix}{sequence:0{NUMBER_DIGITS}d}"


def ticket_name(prefix: str, sequence: int, day: date) -> str:
	"""The record name: the number and the day, e.g. ``A015-261130``."""
	return f"{ticket_number(prefix, sequence)}-{day.strftime('%y%m%d')}"
