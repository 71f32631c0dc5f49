# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Internal QĐ 766/QĐ-TTg indicators ("số liệu tham khảo nội bộ"), issue 9 item 3.

Computed from the centre's own dossiers for a period and a scope, as
``shared/specs/research/qd766-indicators.md`` describes; the official figures are the national
portal's. Targets, maximum points and formula variants are *QD 766 Settings* rows; a code without
a row takes :data:`DEFAULTS` (the note's values; points the note marks unconfirmed are 0, i.e.
shown but not scored). Score: full points at or above the target, else rate × points / target.

=====  ==================================================================================
2a     (resolved early/on time + in progress within deadline) / (resolved + in progress)
       — refused and withdrawn dossiers are out; with the setting on, a dossier with more than
       one supplement request counts as late. Variant "Overdue Share": 100% − (late + overdue)
       / (carried over + received).
2b     average working days from reception to result, supplement time excluded, of dossiers
       received in the period and already resolved (per procedure under the centre's line)
3c     online receptions / receptions in the period (the national sync-rate factor is 1 here)
3e     dossiers paid online (payment channel national or provincial portal, or an online fee
       receipt) / received dossiers with a fee
4a     resolved dossiers with an electronic result / resolved dossiers of procedures whose
       result is a written document
4b     received dossiers with a digitised component (and, once resolved, an electronic result
       where the procedure requires a written result) / received dossiers
4c     received dossiers with a component re-used from digitised data / received dossiers
5c     (handled − late, overdue or rated dissatisfied) / handled
=====  ==================================================================================
"""

import frappe
from frappe import _
from frappe.utils import cint, flt, get_datetime

from onestop_center.leadership import figures

SETTINGS = "QD 766 Settings"
QD766, OVERDUE_SHARE = "QD 766", "Overdue Share"
# code: (label, target %, max points, formula, note)
DEFAULTS = {
	"2a": ("Rate of dossiers resolved early or on time", 100, 20, QD766, "20 points [C]"),
	"2b": ("Average processing time (working days)", 0, 0, "", "Monitoring only"),
	"3c": ("Rate of dossiers filed online", 50, 0, "", "Target 50% [S]; points unconfirmed"),
	"3e": ("Rate of dossiers paid online", 100, 0, "", "Target and points unconfirmed"),
	"4a": ("Rate of dossiers with an electronic result", 100, 0, "", "Target and points unconfirmed"),
	"4b": ("Rate of digitised dossiers", 80, 0, "", "Target 80% [S]; points unconfirmed"),
	"4c": ("Rate of re-used digitised data", 80, 0, "", "Target 80% [S]; points unconfirmed"),
	"5c": ("Satisfaction rate in handling procedures", 90, 6, "", "6 points [C], target 90% [S]"),
}
RATE_CODES = ("2a", "3c", "3e", "4a", "4b", "4c", "5c")
ONLINE_PAYMENT_CHANNELS = ("National Portal", "Provincial Portal")


def fill_defaults(settings) -> None:
	"""Add the rows of the codes the settings do not have yet (the note's values)."""
	present = {row.code for row in settings.get("indicators") or []}
	for code, (label, target, points, formula, note) in DEFAULTS.items():
		if code not in present:
			settings.append(
				"indicators",
				{
					"code": code,
					"enabled": 1,
					"target": target,
					"max_points": points,
					"formula": formula,
					"note": note,
				},
			)


def settings() -> frappe._dict:
	"""The settings in force: the stored rows, the note's defaults for what was never saved."""
	doc = frappe.get_cached_doc(SETTINGS) if frappe.db.exists("DocType", SETTINGS) else None
	rows = {row.code: row for row in (doc.get("indicators") if doc else []) or []}
	stored = dict(
		frappe.db.sql("select field, value from `tabSingles` where doctype = %s", SETTINGS) if doc else []
	)
	several = stored.get("multiple_supplements_late")
	max_rating = stored.get("dissatisfied_max_rating")
	result = frappe._dict(
		multiple_supplements_late=1 if several is None else cint(several),
		dissatisfied_max_rating=2 if max_rating in (None, "") else cint(max_rating),
		indicators={},
	)
	for code, (label, target, points, formula, note) in DEFAULTS.items():
		row = rows.get(code)
		result.indicators[code] = frappe._dict(
			code=code,
			label=label,
			enabled=cint(row.enabled) if row else 1,
			target=flt(row.target) if row else target,
			max_points=flt(row.max_points) if row else points,
			formula=(row.formula if row else formula) or formula,
		)
	return result


def score(rate: float | None, target: float, points: float) -> float | None:
	"""Full points at or above the target; below it, rate × points / target."""
	if rate is None or not points:
		return None
	if not target or rate >= target:
		return points
	return round(rate * points / target, 2)


def _rate(numerator: float, denominator: float) -> float | None:
	return round(100.0 * numerator / denominator, 2) if denominator else None


def dossier_facts(names: list[str]) -> dict[str, frappe._dict]:
	"""What the indicators need beyond the period counts, for ``names`` (a few queries)."""
	if not names:
		return {}
	dossier = frappe.get_meta("Dossier")
	procedure = frappe.get_meta("Procedure")
	document = frappe.get_meta("Dossier Document")
	optional = ", ".join(
		f"`tabDossier`.{field}" if dossier.has_field(field) else f"null as {field}"
		for field in ("payment_channel", "electronic_result", "result_delivery", "result_file")
	)
	written = "p.requires_written_result" if procedure.has_field("requires_written_result") else "1"
	rows = frappe.db.sql(
		f"""select `tabDossier`.name, `tabDossier`.procedure, `tabDossier`.channel,
			`tabDossier`.total_fee, `tabDossier`.received_at, `tabDossier`.effective_received_at,
			`tabDossier`.finished_at, `tabDossier`.working_calendar, {optional},
			{written} as requires_written_result
		from `tabDossier` left join `tabProcedure` p on p.name = `tabDossier`.procedure
		where `tabDossier`.name in %(names)s""",
		{"names": names},
		as_dict=True,
	)
	facts = {row.name: row for row in rows}
	for row in facts.values():
		row.update(digitised=0, reused=0, paid_online=0, supplements=0, paused_minutes=0.0, dissatisfied=0)
	for field in ("digitised", "reused"):
		if document.has_field(field):
			for (parent,) in frappe.db.sql(
				f"""select distinct parent from `tabDossier Document`
				where parenttype = 'Dossier' and parent in %(names)s and `{field}` = 1""",
				{"names": names},
			):
				facts[parent][field] = 1
	for (dossier,) in frappe.db.sql(
		"""select distinct dossier from `tabFee Receipt`
		where docstatus = 1 and payment_method = 'Online' and dossier in %(names)s""",
		{"names": names},
	):
		facts[dossier].paid_online = 1
	for parent, reason, minutes in frappe.db.sql(
		"""select parent, reason, paused_minutes from `tabDossier Clock Stop`
		where parenttype = 'Dossier' and parent in %(names)s""",
		{"names": names},
	):
		facts[parent].paused_minutes += flt(minutes)
		if reason == figures.SUPPLEMENT_REASON:
			facts[parent].supplements += 1
	return facts


def _dissatisfied(names: list[str], max_rating: int) -> set[str]:
	from onestop_center.leadership import satisfaction

	if not names:
		return set()
	return {
		row[0]
		for row in frappe.db.sql(
			f"""select distinct s.dossier from `tabSurvey Response` s
			where s.dossier in %(names)s and {satisfaction.dissatisfied_sql(max_rating)}""",
			{"names": names},
		)
	}


def _working_days(fact) -> float | None:
	from onestop_center.deadlines import working_time_between
	from onestop_center.deadlines.store import get_calendar

	start = fact.effective_received_at or fact.received_at
	if not (start and fact.finished_at):
		return None
	cal = get_calendar(fact.working_calendar or None)
	hours = (
		working_time_between(cal, get_datetime(start), get_datetime(fact.finished_at)).total_seconds() / 3600
	)
	hours -= flt(fact.paused_minutes) / 60
	return max(hours, 0) / 8


def compute(per_dossier: list, config: frappe._dict | None = None) -> list[dict]:
	"""The indicator rows for dossiers classified by :func:`figures.period_figures`."""
	config = config or settings()
	names = [item.name for item in per_dossier]
	facts = dossier_facts(names)
	bad_survey = _dissatisfied(names, config.dissatisfied_max_rating)
	n = dict.fromkeys(
		(
			"ok_2a",
			"all_2a",
			"late_gl",
			"handle_gl",
			"received",
			"online",
			"fee",
			"paid_online",
			"resolved_written",
			"electronic",
			"digitised",
			"reused",
			"handled",
			"bad_5c",
		),
		0,
	)
	durations: dict[str, list[float]] = {}
	for item in per_dossier:
		c, fact = item.counts, facts.get(item.name) or frappe._dict()
		several = config.multiple_supplements_late and cint(fact.get("supplements")) > 1
		handled = c["resolved"] or c["in_progress"]
		on_time = (c["early"] or c["on_time"] or c["within_deadline"]) and not several
		late = c["late"] or c["overdue"] or (handled and several)
		if handled:
			n["all_2a"] += 1
			n["ok_2a"] += bool(on_time)
			n["handled"] += 1
			n["bad_5c"] += bool(late or item.name in bad_survey)
		n["handle_gl"] += c["received"] + c["carried_over"]
		n["late_gl"] += bool(late)
		electronic = bool(
			fact.get("electronic_result")
			or fact.get("result_file")
			or fact.get("result_delivery") == "Electronic"
		)
		if c["resolved"] and cint(fact.get("requires_written_result", 1)):
			n["resolved_written"] += 1
			n["electronic"] += electronic
		if c["received"]:
			n["received"] += 1
			n["online"] += c["received_online"]
			if flt(fact.get("total_fee")) > 0:
				n["fee"] += 1
				n["paid_online"] += bool(
					fact.get("paid_online") or fact.get("payment_channel") in ONLINE_PAYMENT_CHANNELS
				)
			needs_result = c["resolved"] and cint(fact.get("requires_written_result", 1))
			n["digitised"] += bool(fact.get("digitised") and (electronic or not needs_result))
			n["reused"] += bool(fact.get("reused"))
			if c["resolved"] and (days := _working_days(fact)) is not None:
				durations.setdefault(item.procedure or "", []).append(days)
	all_days = [d for values in durations.values() for d in values]
	values = {
		"2a": (n["ok_2a"], n["all_2a"]),
		"3c": (n["online"], n["received"]),
		"3e": (n["paid_online"], n["fee"]),
		"4a": (n["electronic"], n["resolved_written"]),
		"4b": (n["digitised"], n["received"]),
		"4c": (n["reused"], n["received"]),
		"5c": (n["handled"] - n["bad_5c"], n["handled"]),
	}
	if config.indicators["2a"].formula == OVERDUE_SHARE:
		values["2a"] = (n["handle_gl"] - n["late_gl"], n["handle_gl"])
	rows = []
	for code, spec in config.indicators.items():
		if not spec.enabled:
			continue
		row = {
			"code": code,
			"indicator": _(spec.label),
			"target": spec.target or None,
			"max_points": spec.max_points,
		}
		if code == "2b":
			row.update(
				numerator=round(sum(all_days), 2),
				denominator=len(all_days),
				value=round(sum(all_days) / len(all_days), 2) if all_days else None,
				unit=_("working days"),
			)
		else:
			numerator, denominator = values[code]
			rate = _rate(numerator, denominator)
			row.update(numerator=numerator, denominator=denominator, value=rate, unit="%")
			row["score"] = score(rate, spec.target, spec.max_points)
		rows.append(row)
	rows_2b = [
		{"procedure": procedure, "value": round(sum(days) / len(days), 2), "denominator": len(days)}
		for procedure, days in sorted(durations.items())
	]
	for row in rows:
		if row["code"] == "2b":
			row["per_procedure"] = rows_2b
	return rows
