"""Loader of the demo centre (Bà Rịa - Vũng Tàu, 2015 one-stop plan) from the JSON files in ``data/``.

Idempotent: every record is looked up by its natural key (identifier code, field code, procedure
code, counter number, e-mail, ID number or tax code) and created only when missing; existing
records are left as they are. Sample dossiers have no natural key, so the loader remembers, in the
global default ``MARKER_KEY``, which dossier it created for each sample key of ``dossiers.json``
and creates a sample again only if that dossier no longer exists.

Dates of sample dossiers are relative to the moment of the (first) load, so the demo looks current.
"""

import json
import os
from datetime import datetime, timedelta
from pathlib import Path

import frappe
from frappe.translate import get_all_translations
from frappe.utils import add_days, add_months, flt, get_datetime, getdate, now_datetime

from onestop_center.deadlines.arithmetic import due
from onestop_center.deadlines.classification import classify
from onestop_center.deadlines.vietnam import official_calendar

DATA_DIR = Path(__file__).parent / "data"
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD") or "onestop@2026"
EMAIL_DOMAIN = "onestop.localhost"
MARKER_KEY = "onestop_center_demo_dossiers"
TIME_ZONE = "Asia/Ho_Chi_Minh"

# Counted before and after a load, for the summary line.
COUNTED_DOCTYPES = (
	"Agency",
	"Procedure Field",
	"Procedure",
	"Counter",
	"User",
	"Secondment",
	"Applicant",
	"Dossier",
	"Fee Receipt",
	"Survey Response",
)

TIMELINESS_OPTIONS = {
	"early": "Early",
	"on_time": "On Time",
	"late": "Late",
	"within_deadline": "Within Deadline",
	"overdue": "Overdue",
}


def read_data(name: str) -> dict:
	with open(DATA_DIR / f"{name}.json", encoding="utf-8") as f:
		return json.load(f)


def user_email(login: str) -> str:
	return f"{login}@{EMAIL_DOMAIN}"


def _vietnamese_labels() -> dict[str, str]:
	"""The site's Vietnamese translations (Frappe's and the app's), for role and DocType names."""
	return get_all_translations("vi")


def counts() -> dict[str, int]:
	return {doctype: frappe.db.count(doctype) for doctype in COUNTED_DOCTYPES}


# -- entry points -----------------------------------------------------------------------------------


def load(commit: bool = True) -> None:
	"""Create whatever demo record is missing and print one summary line."""
	before = counts()
	agencies = load_agencies()
	fields = load_procedure_fields(agencies)
	load_procedures(agencies, fields)
	users = load_users(agencies)
	counters = load_counters(agencies, users)
	load_secondments(agencies, users, counters)
	applicants = load_applicants()
	load_dossiers(applicants, counters)
	if commit:
		frappe.db.commit()
	after = counts()
	added = {doctype: after[doctype] - before[doctype] for doctype in COUNTED_DOCTYPES}
	labels = _vietnamese_labels()
	print(
		"Dữ liệu mẫu: "
		+ ", ".join(
			f"{labels.get(doctype, doctype)} {after[doctype]} (+{added[doctype]})"
			for doctype in COUNTED_DOCTYPES
		)
	)


def print_logins() -> None:
	"""One line per demo login: role (Vietnamese), e-mail, agency and counter."""
	staff = read_data("staff")
	short_names = {a["key"]: a["short_name"] for a in read_data("agencies")["agencies"]}
	counter_names = {c["number"]: c["name"] for c in staff["counters"]}
	labels = _vietnamese_labels()
	for user in staff["users"]:
		where = short_names[user["agency"]]
		if user.get("counter"):
			where += f", {counter_names[user['counter']]}"
		role = labels.get(user["role"], user["role"])
		print(f"{role:<34} {user_email(user['login']):<34} {user['full_name']} ({where})")


def ensure(doctype: str, name: str, values: dict) -> str:
	"""Create the record ``name`` from ``values`` unless it exists; existing records are left as they are."""
	if not frappe.db.exists(doctype, name):
		frappe.get_doc({"doctype": doctype, **values}).insert(ignore_permissions=True)
	return name


# -- catalogue --------------------------------------------------------------------------------------


def load_agencies() -> dict[str, str]:
	"""Agencies in tree order (parents first); returns data key -> Agency name."""
	names = {}
	for row in read_data("agencies")["agencies"]:
		names[row["key"]] = ensure(
			"Agency",
			row["identifier_code"],
			{
				"agency_name": row["agency_name"],
				"short_name": row["short_name"],
				"identifier_code": row["identifier_code"],
				"kind": row["kind"],
				"parent_agency": names.get(row.get("parent")),
				"address": row.get("address"),
				"is_active": 1,
			},
		)
	return names


def load_procedure_fields(agencies: dict[str, str]) -> dict[str, str]:
	names = {}
	for row in read_data("procedure_fields")["procedure_fields"]:
		names[row["field_code"]] = ensure(
			"Procedure Field",
			row["field_code"],
			{
				"field_code": row["field_code"],
				"field_name": row["field_name"],
				"agency": agencies[row["agency"]],
				"is_active": 1,
			},
		)
	return names


def load_procedures(agencies: dict[str, str], fields: dict[str, str]) -> None:
	for row in read_data("procedures")["procedures"]:
		ensure(
			"Procedure",
			row["code"],
			{
				"procedure_code": row["code"],
				"procedure_name": row["name"],
				"procedure_field": fields[row["field"]],
				"responsible_agency": agencies[row["agency"]],
				"level": "Province",
				"is_active": 1,
				"effective_date": "2025-07-01",
				"resolved_immediately": 1 if row.get("immediate") else 0,
				"duration_unit": "Working Day",
				"duration_in_person": row["duration"],
				"duration_online": row.get("duration_online") or row["duration"],
				"result_document": row["result"],
				"result_returned_by": "Centre",
				"legal_basis": row["legal_basis"],
				"documents": [
					{"document_name": name, "originals": originals, "copies": copies, "mandatory": mandatory}
					for name, originals, copies, mandatory in row["documents"]
				],
				"fees": [
					{"fee_name": name, "fee_kind": kind, "amount": amount}
					for name, kind, amount in row["fees"]
				],
				"steps": [
					{
						"step_order": step["order"],
						"step_name": step["name"],
						"agency": agencies[step["agency"]],
						"role": step["role"],
						"time_budget": step["budget"],
						"time_unit": "Working Day",
						"mode": step.get("mode", "Sequential"),
					}
					for step in row["steps"]
				],
			},
		)


# -- staff ------------------------------------------------------------------------------------------


def load_users(agencies: dict[str, str]) -> dict[str, dict]:
	"""Demo logins; returns login -> {email, agency, counter}."""
	from onestop_center.permissions import set_user_agency

	users = {}
	for row in read_data("staff")["users"]:
		email = user_email(row["login"])
		if not frappe.db.exists("User", email):
			user = frappe.get_doc(
				{
					"doctype": "User",
					"email": email,
					"first_name": row["full_name"],
					"gender": row.get("gender"),
					"language": "vi",
					"time_zone": TIME_ZONE,
					"user_type": "System User",
					"send_welcome_email": 0,
					"enabled": 1,
					"roles": [{"role": row["role"]}],
				}
			)
			user.flags.no_welcome_mail = True
			user.insert(ignore_permissions=True)
			from frappe.utils.password import update_password

			update_password(email, DEMO_PASSWORD)
		elif not frappe.db.exists("Has Role", {"parent": email, "parenttype": "User", "role": row["role"]}):
			frappe.get_doc("User", email).add_roles(row["role"])
		if row.get("restrict_to_agency"):
			set_user_agency(email, agencies[row["agency"]])
		users[row["login"]] = {
			"email": email,
			"agency": agencies[row["agency"]],
			"counter": row.get("counter"),
		}
	return users


def load_counters(agencies: dict[str, str], users: dict[str, dict]) -> dict[str, str]:
	"""Counters; returns counter number -> e-mail of its officer."""
	staff = read_data("staff")
	officers = {u["counter"]: u["email"] for u in users.values() if u["counter"]}
	for row in staff["counters"]:
		ensure(
			"Counter",
			row["number"],
			{
				"counter_number": row["number"],
				"counter_name": row["name"],
				"officer": officers.get(row["number"]),
				"is_active": 1,
				"agencies": [{"agency": agencies[key]} for key in row["agencies"]],
			},
		)
	return officers


def load_secondments(agencies: dict[str, str], users: dict[str, dict], counters: dict[str, str]) -> None:
	staff = read_data("staff")
	start = getdate(staff["secondment_start"])
	end = add_days(add_months(start, staff["secondment_months"]), -1)
	for row in staff["users"]:
		if not row.get("seconded"):
			continue
		email = users[row["login"]]["email"]
		if frappe.db.exists("Secondment", {"officer": email, "kind": "Secondment", "start_date": start}):
			continue
		frappe.get_doc(
			{
				"doctype": "Secondment",
				"officer": email,
				"officer_name": row["full_name"],
				"home_agency": agencies[row["agency"]],
				"counter": row.get("counter"),
				"kind": "Secondment",
				"start_date": start,
				"end_date": end,
				"notes": "Biệt phái làm việc tại Bộ phận tiếp nhận và trả kết quả tập trung thời hạn 01 năm.",
			}
		).insert(ignore_permissions=True)


# -- applicants and dossiers ------------------------------------------------------------------------


def load_applicants() -> dict[str, str]:
	"""Applicants; returns data key -> Applicant name (ID number or tax code)."""
	names = {}
	for row in read_data("applicants")["applicants"]:
		key = row["id_number"] if row["applicant_type"] == "Citizen" else row["tax_code"]
		names[row["key"]] = ensure("Applicant", key, {k: v for k, v in row.items() if k != "key"})
	return names


def load_dossiers(applicants: dict[str, str], counters: dict[str, str]) -> None:
	made = json.loads(frappe.db.get_global(MARKER_KEY) or "{}")
	now = now_datetime().replace(microsecond=0)
	calendar = _working_calendar(now)
	for position, row in enumerate(read_data("dossiers")["dossiers"]):
		if made.get(row["key"]) and frappe.db.exists("Dossier", made[row["key"]]):
			continue
		dossier = _make_dossier(row, applicants, counters, calendar, now, position)
		made[row["key"]] = dossier.name
		frappe.db.set_global(MARKER_KEY, json.dumps(made, sort_keys=True))
		if row.get("fee_receipt") and flt(dossier.total_fee) > 0:
			_make_fee_receipt(dossier, row["fee_receipt"])
		if row.get("survey"):
			_make_survey(dossier, row["survey"])


def demo_dossier_names() -> list[str]:
	"""Names of the sample dossiers the loader made (and that still exist)."""
	made = json.loads(frappe.db.get_global(MARKER_KEY) or "{}")
	return [name for name in made.values() if frappe.db.exists("Dossier", name)]


def _make_dossier(row, applicants, counters, calendar, now: datetime, position: int):
	procedure = frappe.get_doc("Procedure", row["procedure"])
	received_at = _received_at(row, calendar, now, position)
	officer = counters.get(row.get("counter")) if row["channel"] == "Counter" else None
	state = row["state"]

	documents = []
	for index, doc in enumerate(procedure.documents):
		# A dossier needing completion lacks its second document (the first one is the application form).
		missing = state == "needs_completion" and index == 1
		documents.append(
			{
				"document_name": doc.document_name,
				"received": 0 if missing else 1,
				"originals_received": 0 if missing else doc.originals,
				"copies_received": 0 if missing else doc.copies,
			}
		)

	values = {
		"doctype": "Dossier",
		"procedure": procedure.name,
		"applicant": applicants[row["applicant"]],
		"channel": row["channel"],
		"counter": row.get("counter") if row["channel"] == "Counter" else None,
		"received_at": received_at,
		"received_by": officer or "Administrator",
		"number_of_sets": row.get("number_of_sets", 1),
		"result_delivery": row.get("result_delivery", "Counter"),
		"notify_by": row.get("notify_by", "SMS"),
		"remarks": row.get("remarks"),
		"documents": documents,
		"status": {
			"received": "Received",
			"in_progress": "In Progress",
			"supplement": "Supplement Requested",
			"needs_completion": "Needs Completion",
			"result_ready": "Result Ready",
			"returned": "Returned",
			"refused": "Refused",
		}[state],
	}
	finished_at = _finished_at(row, procedure, calendar, received_at, now)
	if finished_at:
		values["finished_at"] = finished_at
	if state == "returned":
		values["returned_at"] = _returned_at(row, finished_at, now)

	dossier = frappe.get_doc(values)
	dossier.insert(ignore_permissions=True)
	if state != "needs_completion":
		_set_deadline(dossier, calendar, now)
	return dossier


def _received_at(row, calendar, now: datetime, position: int) -> datetime:
	day = now.date()
	for _ in range(row["days_ago"]):
		day = _previous_working_day(calendar, day)
	hour, minute = (int(part) for part in row["time"].split(":"))
	moment = datetime.combine(day, datetime.min.time()).replace(hour=hour, minute=minute)
	if moment >= now:
		# A sample "received today" at a time still to come: received a little earlier instead.
		moment = now - timedelta(minutes=5 * (position + 1))
	return moment


def _finished_at(row, procedure, calendar, received_at: datetime, now: datetime) -> datetime | None:
	if row["state"] not in ("result_ready", "returned", "refused"):
		return None
	if row.get("minutes_to_finish") is not None:
		moment = received_at + timedelta(minutes=row["minutes_to_finish"])
	elif row.get("finish_days") is not None:
		day = received_at.date()
		for _ in range(row["finish_days"]):
			day = _next_working_day(calendar, day)
		moment = datetime.combine(day, datetime.min.time()).replace(hour=15, minute=30)
	else:
		moment = now - timedelta(hours=2)
	return min(max(moment, received_at + timedelta(minutes=1)), now - timedelta(minutes=1))


def _returned_at(row, finished_at: datetime, now: datetime) -> datetime:
	if row.get("minutes_to_finish") is not None:
		moment = finished_at + timedelta(minutes=2)
	else:
		moment = finished_at + timedelta(days=1)
		moment = moment.replace(hour=9, minute=15)
	return min(max(moment, finished_at), now)


def _set_deadline(dossier, calendar, now: datetime) -> None:
	"""Fill the due date and timeliness if the dossier's own logic did not (deadlines module)."""
	values = {}
	due_at = dossier.due_at and get_datetime(dossier.due_at)
	if not due_at:
		due_at = _due(calendar, dossier)
		values["due_at"] = due_at
		values["due_date"] = due_at.date()
	if not dossier.timeliness:
		finished_at = dossier.finished_at and get_datetime(dossier.finished_at)
		values["timeliness"] = _timeliness(due_at, finished_at, now)
	if values:
		dossier.db_set(values, update_modified=False)


def _due(calendar, dossier) -> datetime:
	received_at = get_datetime(dossier.received_at)
	if dossier.resolved_immediately:
		return received_at
	unit = (dossier.duration_unit or "Working Day").lower().replace(" ", "_")
	return due(calendar, received_at, int(flt(dossier.duration)), unit).due_at


def _timeliness(due_at: datetime, finished_at: datetime | None, now: datetime) -> str:
	result = classify(due_at, finished_at=finished_at) if finished_at else classify(due_at, now=now)
	return TIMELINESS_OPTIONS[result.value]


def _working_calendar(now: datetime):
	"""The official working calendar (weekends, public holidays, make-up days) around ``now``."""
	return official_calendar(range(now.year - 1, now.year + 2))


def _previous_working_day(calendar, day):
	day = day - timedelta(days=1)
	while not calendar.is_working_day(day):
		day = day - timedelta(days=1)
	return day


def _next_working_day(calendar, day):
	day = day + timedelta(days=1)
	while not calendar.is_working_day(day):
		day = day + timedelta(days=1)
	return day


def _make_fee_receipt(dossier, row) -> None:
	if frappe.db.exists("Fee Receipt", {"dossier": dossier.name, "docstatus": 1}):
		return
	receipt = frappe.get_doc(
		{
			"doctype": "Fee Receipt",
			"dossier": dossier.name,
			"payer": dossier.applicant_name,
			"paid_at": dossier.returned_at or dossier.finished_at or dossier.received_at,
			"payment_method": row.get("payment_method", "Cash"),
			"collected_by": dossier.received_by,
		}
	)
	receipt.insert(ignore_permissions=True)
	receipt.submit()


def _make_survey(dossier, row) -> None:
	if frappe.db.exists("Survey Response", {"dossier": dossier.name}):
		return
	submitted_at = get_datetime(dossier.returned_at or dossier.finished_at or dossier.received_at)
	frappe.get_doc(
		{
			"doctype": "Survey Response",
			"dossier": dossier.name,
			"officer": dossier.received_by,
			"channel": row.get("channel", "Kiosk"),
			"submitted_at": submitted_at + timedelta(minutes=3),
			# Frappe stores a rating as a fraction of 1: 4 stars of 5 = 0.8.
			"overall_satisfaction": row["overall"] / 5,
			"attitude": row.get("attitude", row["overall"]) / 5,
			"timeliness": row.get("timeliness", row["overall"]) / 5,
			"guidance": row.get("guidance", row["overall"]) / 5,
			"comment": row.get("comment"),
		}
	).insert(ignore_permissions=True)
