"""Early / on time / late, and within deadline / overdue (legal-spec §3.7).

The rule compares **dates, not moments**: reports compare the date part of
the completion time (``NgayKetThucXuLy``) with the date of the appointment
(``NgayHenTra``):

* finished on an earlier date → early (trước hạn);
* finished on the due date, at any hour → on time (đúng hạn);
* finished on a later date → late (quá hạn);
* open, and today is on or before the due date → within deadline (trong hạn);
* open, and the due date has passed → overdue (quá hạn).

QĐ 766 counts early + on time (finished) and within deadline (open) as on
time (:attr:`Timeliness.counts_as_on_time`). The same rule applies to each
processing step, with the step's own due moment.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum


class Timeliness(str, Enum):
	EARLY = "early"
	ON_TIME = "on_time"
	LATE = "late"
	WITHIN_DEADLINE = "within_deadline"
	OVERDUE = "overdue"

	@property
	def label_vi(self) -> str:
		"""The Vietnamese term used on forms and reports."""
		return _LABELS_VI[self]

	@property
	def is_finished(self) -> bool:
		return self in (Timeliness.EARLY, Timeliness.ON_TIME, Timeliness.LATE)

	@property
	def counts_as_on_time(self) -> bool:
		"""Whether QĐ 766 counts it as on time (legal-spec §3.7, §4 row 5)."""
		return self in (Timeliness.EARLY, Timeliness.ON_TIME, Timeliness.WITHIN_DEADLINE)


_LABELS_VI = {
	Timeliness.EARLY: "Trước hạn",
	Timeliness.ON_TIME: "Đúng hạn",
	Timeliness.LATE: "Quá hạn",
	Timeliness.WITHIN_DEADLINE: "Trong hạn",
	Timeliness.OVERDUE: "Quá hạn",
}


def _as_date(value: date | datetime, what: str) -> date:
	if isinstance(value, datetime):
		return value.date()
	if isinstance(value, date):
		return value
	raise ValueError(f"{what} must be a date or datetime, got {value!r}")


def classify_finished(due: date | datetime, finished_at: date | datetime) -> Timeliness:
	"""Early / on time / late for an item finished at ``finished_at``."""
	due_day, done_day = _as_date(due, "due"), _as_date(finished_at, "finished_at")
	if done_day < due_day:
		return Timeliness.EARLY
	if done_day == due_day:
		return Timeliness.ON_TIME
	return Timeliness.LATE


def classify_open(due: date | datetime, now: date | datetime) -> Timeliness:
	"""Within deadline / overdue for an item still open at ``now``."""
	if _as_date(now, "now") <= _as_date(due, "due"):
		return Timeliness.WITHIN_DEADLINE
	return Timeliness.OVERDUE


def classify(
	due: date | datetime, finished_at: date | datetime | None = None, now: date | datetime | None = None
) -> Timeliness:
	"""Classify a finished item (``finished_at`` given) or an open one (``now`` given)."""
	if finished_at is not None:
		return classify_finished(due, finished_at)
	if now is None:
		raise ValueError("pass finished_at for a finished item or now for an open one")
	return classify_open(due, now)
