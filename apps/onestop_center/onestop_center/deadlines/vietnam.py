"""Official working calendars of Vietnamese state agencies.

Two layers (legal-spec §5):

1. **Public holidays from the ``holidays`` package** (``holidays.VN``):
   Bộ luật Lao động 2019 Điều 112.1 — Tết Dương lịch 01/01, Tết Âm lịch
   (5 days, lunar, computed with the package's Vietnamese UTC+7 lunar tables),
   Giỗ Tổ Hùng Vương 10/3 âm lịch, 30/4, 01/5, Quốc khánh 02/9 + one adjacent
   day — plus the package's compensatory ("observed") days.
2. **The yearly official notice** (Điều 112.3: the Prime Minister fixes the
   actual days), as plain data in :data:`OFFICIAL_NOTICES`: extra days off
   from swaps, days the package lists that are *not* days off, and make-up
   working days (Saturdays worked in exchange). **The notice wins** over the
   package, whose substitute-day behaviour differs between versions (the app
   pins ``holidays==0.86``, which knows neither the 2025 nor the 2026 swaps;
   0.109 knows some of them and adds 24/11 from 2026).

Adding next year's announcement is a short data edit: copy a year's entry in
:data:`OFFICIAL_NOTICES`, fill in the dates and the source, and add the year to
the ``years`` you build. Years without a notice fall back to the package alone
(including the package's make-up days where it knows them) and should be
treated as provisional.

3. **The statutory rule for years without official calendar**
   (:data:`VIETNAM_STATUTORY`, issue 7): every calendar built here or from a
   Working Calendar document carries it. In a year that is not loaded, the
   days off are the Labour Code's (:func:`statutory_days_off`): Điều 112.1's
   holidays as ``holidays.VN`` computes them, and the compensatory day of
   Điều 111.3 ("nếu ngày nghỉ hằng tuần trùng với ngày nghỉ lễ, tết quy định
   tại khoản 1 Điều 112 … thì người lao động được nghỉ bù … vào ngày làm việc
   kế tiếp"; the article number is confirmed by two secondary restatements,
   the code's text itself was not read here) — the package's "observed" days:
   a holiday on Saturday or Sunday gives the next working day off. For Tết the
   package takes the five days as the last day of the year and mùng 1–4, a
   Saturday among them moved to the previous working day and a Sunday to the
   next: this is the span the Government actually chose in 2021 (10–16/02),
   2023 (20–26/01), 2024 (08–14/02), 2025 (27–31/01) and 2026 (16–20/02). Quốc
   khánh's adjacent day is the package's choice (Monday → Tuesday, Tuesday →
   Monday, …). The package's dated day-off swaps and make-up Saturdays are
   *not* statutory and are left out, as are :data:`PENDING_DAYS_OFF`. Every day
   of such a year is provisional until the announcement is loaded; loaded
   years always win.

Every date below states its source and confidence, using legal-spec's
markers: ``verified`` (read in the cited source in legal-spec §5),
``secondary`` (a news restatement of the official text, found while writing
this module), ``package`` (as computed by the ``holidays`` package and
consistent with the Labour Code).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from functools import cache

from .calendar import DEFAULT_SESSIONS, DEFAULT_WORKDAYS, Session, StatutoryDays, WorkingCalendar

OFFICIAL_NOTICES: dict[int, dict] = {
	2025: {
		# Extra days off beyond the package's list (day-off swaps).
		"off": {
			date(2025, 5, 2): "Nghỉ hoán đổi dịp 30/4–1/5 (làm bù thứ Bảy 26/4/2025)",
		},
		# Weekend days worked in exchange.
		"work": {
			date(2025, 4, 26): "Làm bù cho thứ Sáu 02/5/2025",
		},
		# Days the package lists that the notice does not give off.
		"not_off": {},
		"sources": (
			# 30/4–1/5: civil servants off Wed 30/4 – Sun 4/5/2025, Fri 2/5 swapped with Sat 26/4
			# (VietnamPlus/TTXVN restatement of the Prime Minister's decision) — secondary.
			("30/4–1/5/2025 swap: VietnamPlus (TTXVN), 'Công chức, viên chức được nghỉ thế nào trong dịp lễ "
			"30/4-1/5/2025?' — secondary"),
			# Tết Ất Tỵ: off Sat 25/01 – Sun 02/02/2025, i.e. weekdays 27–31/01; the package gives the
			# same weekdays. The Bộ Nội vụ notice itself was not read — package + recollection.
			("Tết 2025 (27–31/01), Giỗ Tổ Mon 07/04, 30/04, 01/05, Quốc khánh Mon 01/09 + Tue 02/09: "
			"holidays.VN, consistent with BLLĐ 2019 Điều 112 — package; not in legal-spec §5"),
		),
	},
	2026: {
		"off": {
			date(2026, 1, 2): "Nghỉ hoán đổi Tết Dương lịch (làm bù thứ Bảy 10/01/2026)",
			date(2026, 8, 31): "Nghỉ hoán đổi dịp Quốc khánh (làm bù thứ Bảy 22/8/2026)",
		},
		"work": {
			date(2026, 1, 10): "Làm bù cho thứ Sáu 02/01/2026",
			date(2026, 8, 22): "Làm bù cho thứ Hai 31/8/2026",
		},
		"not_off": {},
		"sources": (
			# legal-spec §5 [S31], verified: Tết 16/02 (29 Chạp) – 20/02/2026 (mùng 4), 9 days off
			# 14–22/02 (CV 9859/VPCP-KGVX 13/10/2025; TB 9441/TB-BNV 16/10/2025).
			"Tết 2026 16–20/02: CV 9859/VPCP-KGVX, TB 9441/TB-BNV — verified (legal-spec §5 [S31])",
			# legal-spec §5 [S32], verified: Quốc khánh 01–02/09 plus Mon 31/08 off, made up Sat 22/08.
			"Quốc khánh 2026 31/08–02/09, make-up Sat 22/08: legal-spec §5 [S32] — verified",
			# Not in legal-spec. CV 12729/VPCP-KGVX of 25/12/2025: off Thu 01/01 – Sun 04/01/2026,
			# Fri 02/01 swapped with Sat 10/01/2026 (press restatements) — secondary.
			"Tết Dương lịch 2026 swap (off 02/01, make-up Sat 10/01): CV 12729/VPCP-KGVX 25/12/2025 — secondary",
			# Giỗ Tổ falls on Sun 26/04 → Mon 27/04 off (compensatory day; package 'observed';
			# listed in legal-spec §5 from holidays.VN and in issue 3) — package.
			"Giỗ Tổ Sun 26/04 → Mon 27/04, 30/04, 01/05: holidays.VN, legal-spec §5 — package",
		),
	},
}
"""Official yearly notices for state agencies; edit here to add a year."""

PENDING_DAYS_OFF: dict[date, str] = {
	# Resolution 80-NQ/TW (01/2026) chose 24/11 as "Ngày Văn hóa Việt Nam", a paid day off *in
	# principle*; Government Resolution 30/NQ-CP (02/2026) tasks amending BLLĐ Điều 112.1 to add it.
	# holidays >= 0.109 lists it from 2026; legal-spec §5 gap 6: legal basis NOT verified.
	# Excluded unless official_calendar(include_pending=True) or an administrator adds it.
	date(2026, 11, 24): "Ngày Văn hóa Việt Nam (chưa xác minh căn cứ pháp lý)",
}
"""Announced in principle but without a verified legal basis: off only on request."""


def package_holidays(years: Iterable[int]) -> tuple[dict[date, str], set[date]]:
	"""Days off and make-up days as the ``holidays`` package computes them for ``years``."""
	import holidays

	years = tuple(years)
	table = holidays.country_holidays("VN", years=years, language="vi")
	days_off = {day: name for day, name in table.items()}
	# weekend_workdays exists in newer releases only (0.86 has it for a few old years).
	makeup = {d for d in getattr(table, "weekend_workdays", ()) if d.year in years}
	return days_off, makeup


def official_days(
	years: Iterable[int] = (2025, 2026), include_pending: bool = False
) -> tuple[dict[date, str], dict[date, str]]:
	"""``(days_off, makeup_days)`` for ``years``: the package corrected by the notices."""
	years = tuple(sorted(set(years)))
	days_off, package_makeup = package_holidays(years)
	makeup: dict[date, str] = {d: "Ngày làm bù" for d in package_makeup}
	for year in years:
		notice = OFFICIAL_NOTICES.get(year)
		if notice is None:
			continue
		for day in [d for d in makeup if d.year == year]:
			del makeup[day]  # the notice lists all make-up days of its year
		for day in [d for d in days_off if d.year == year and d.weekday() < 5 and _is_package_swap(days_off[d])]:
			if day not in notice["off"]:
				del days_off[day]  # a package swap the notice does not confirm
		days_off.update(notice["off"])
		makeup.update(notice["work"])
		for day in notice["not_off"]:
			days_off.pop(day, None)
	for day, name in PENDING_DAYS_OFF.items():
		if day.year in years:
			if include_pending:
				days_off[day] = name
			else:
				days_off.pop(day, None)
	return days_off, makeup


@cache
def statutory_days_off(year: int) -> dict[date, str]:
	"""The Labour Code's days off of ``year`` with their compensatory days (module docstring, layer 3).

	No official swap, make-up day or pending day; ``{}`` outside the package's
	lunar tables (after 2100).
	"""
	import holidays

	table = holidays.country_holidays("VN", years=year, language="vi")
	return {
		day: name
		for day, name in sorted(table.items())
		if day.year == year and not _is_package_swap(name) and day not in PENDING_DAYS_OFF
	}


def _package_version() -> str:
	from importlib.metadata import PackageNotFoundError, version

	try:
		return version("holidays")
	except PackageNotFoundError:  # pragma: no cover - the app requires the package
		return "unknown"


VIETNAM_STATUTORY = StatutoryDays(
	key=f"vn-labour-code-2019-art111-112/v1/holidays-{_package_version()}",
	days_off_of=statutory_days_off,
)
"""Statutory days off of Vietnamese state agencies for years without official calendar."""


def _is_package_swap(name: str) -> bool:
	"""Whether a package label is a day-off swap ("Ngày nghỉ (thay cho ngày …)")."""
	lowered = name.lower()
	return "thay cho" in lowered or "substituted" in lowered


def official_calendar(
	years: Iterable[int] = (2025, 2026),
	*,
	name: str | None = None,
	sessions: Iterable[Session] = DEFAULT_SESSIONS,
	workdays: Iterable[int] = DEFAULT_WORKDAYS,
	extra_days_off: Mapping[date, str] | Iterable[date] = (),
	include_pending: bool = False,
) -> WorkingCalendar:
	"""The official state-agency working calendar for ``years``.

	``extra_days_off`` adds province-specific days off; ``sessions`` and
	``workdays`` override the defaults of :mod:`.calendar`. Other years follow
	:data:`VIETNAM_STATUTORY` and are provisional.
	"""
	years = tuple(sorted(set(years)))
	days_off, makeup = official_days(years, include_pending=include_pending)
	if name is None:
		name = f"Vietnam state agencies {years[0]}–{years[-1]}" if years else "Vietnam state agencies"
	return WorkingCalendar.build(
		name,
		sessions=sessions,
		workdays=workdays,
		holidays=days_off,
		makeup_days=makeup,
		extra_days_off=extra_days_off,
		official_years=years,
		statutory=VIETNAM_STATUTORY,
	)
