"""Pure-Python legal deadline engine (issue 3; legal-spec §3 and §5).

No Frappe import anywhere in this package: it runs and is tested without a
site. Public API::

	from onestop_center.deadlines import official_calendar, due
	cal = official_calendar((2025, 2026))
	due(cal, datetime(2026, 2, 13, 9, 0), 1, "working_day").due_at  # Mon 23/02/2026 09:00

All datetimes are naive local time (Asia/Ho_Chi_Minh); see :mod:`.arithmetic`.
"""

from .arithmetic import (
	CALENDAR_DAY,
	UNITS,
	WORKING_DAY,
	WORKING_HOUR,
	Due,
	add_calendar_days,
	add_working_days,
	add_working_hours,
	add_working_time,
	due,
	effective_reception,
	end_of_working_day,
	next_working_moment,
	working_time_between,
)
from .calendar import DEFAULT_SESSIONS, DEFAULT_WORKDAYS, DayInfo, StatutoryDays, WorkingCalendar
from .classification import Timeliness, classify, classify_finished, classify_open
from .clock import (
	FINANCIAL_OBLIGATION,
	OTHER_LEGAL_STOP,
	PARALLEL,
	SEQUENTIAL,
	STOP_REASONS,
	SUPPLEMENT_REQUESTED,
	ClockStop,
	Deadline,
	Plan,
	StepBudget,
	StepPlan,
	paused_working_time,
	plan_steps,
	resume,
)
from .index import clear_cache
from .vietnam import (
	OFFICIAL_NOTICES,
	PENDING_DAYS_OFF,
	VIETNAM_STATUTORY,
	official_calendar,
	official_days,
	statutory_days_off,
)

__all__ = [
	"CALENDAR_DAY",
	"DEFAULT_SESSIONS",
	"DEFAULT_WORKDAYS",
	"FINANCIAL_OBLIGATION",
	"OFFICIAL_NOTICES",
	"OTHER_LEGAL_STOP",
	"PARALLEL",
	"PENDING_DAYS_OFF",
	"SEQUENTIAL",
	"STOP_REASONS",
	"SUPPLEMENT_REQUESTED",
	"UNITS",
	"VIETNAM_STATUTORY",
	"WORKING_DAY",
	"WORKING_HOUR",
	"ClockStop",
	"DayInfo",
	"Deadline",
	"Due",
	"Plan",
	"StatutoryDays",
	"StepBudget",
	"StepPlan",
	"Timeliness",
	"WorkingCalendar",
	"add_calendar_days",
	"add_working_days",
	"add_working_hours",
	"add_working_time",
	"classify",
	"classify_finished",
	"classify_open",
	"clear_cache",
	"due",
	"effective_reception",
	"end_of_working_day",
	"next_working_moment",
	"official_calendar",
	"official_days",
	"paused_working_time",
	"plan_steps",
	"resume",
	"statutory_days_off",
	"working_time_between",
]
