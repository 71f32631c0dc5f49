"""Loader of the demo centre (Bà Rịa - Vũng Tàu, 2015 one-stop plan) from the JSON files in ``data/``.

Idempotent: every record is looked up by its natural key (identifier code, field code, procedure
code, counter number, e-mail, an applicant's ID number or tax code) and created only when missing;
existing records are left as they are. Sample dossiers have no natural key, so the loader
remembers, in the global default ``MARKER_KEY``, which dossier it created for each sample key of
``dossiers.json`` and creates a sample again only if that dossier no longer exists.

Dates of sample dossiers are relative to the moment of the (first) load, so the demo looks current.
"""

import json
import os
from contextlib import contextmanager
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from unittest.mock import patch

import frappe
from frappe.translate import get_all_translations
from frappe.utils import add_days, add_months, cint, flt, get_datetime, getdate, now_datetime

from onestop_center.deadlines.vietnam import official_calendar
from onestop_center.dossiers.field_policy import allow_lifecycle_write

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
	# queue services of the counters and a few past days of numbers (counter_queue/demo.py)
	from onestop_center.counter_queue.demo import load_past_tickets, load_queue_services

	load_past_tickets(load_queue_services(agencies, read_data("staff"), read_data("agencies")["agencies"]))
	load_secondments(agencies, users, counters)
	applicants = load_applicants()
	_ensure_centre_agency(agencies)
	_ensure_centre_identity()
	load_dossiers(applicants, counters)
	# one apology letter (TT 03/2025 Mẫu 04), drafted and issued by the late agency (lateness/demo.py)
	from onestop_center.lateness.demo import load_apology_letter

	load_apology_letter()
	# citizens' feedback, one of them answered on the public Q&A page (surveys/demo.py)
	from onestop_center.surveys.demo import load_feedback

	load_feedback(agencies)
	# a head's approvals delegated to a deputy for a week next month (delegation/demo.py)
	from onestop_center.delegation.demo import load_delegation

	load_delegation()
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


def _ensure_centre_identity() -> None:
	"""The centre's identity printed on the forms (as the setup wizard asks for it), unless set."""
	from onestop_center.setup.wizard import IDENTITY_FIELDS, save_centre_identity

	given = read_data("centre")
	save_centre_identity(
		{
			fieldname: given[fieldname]
			for fieldname in IDENTITY_FIELDS
			if not frappe.db.get_single_value("OneStop Settings", fieldname)
		}
	)


def _ensure_centre_agency(agencies: dict[str, str]) -> None:
	"""The centre's agency in OneStop Settings (hand-overs name it), unless already set."""
	if frappe.db.get_single_value("OneStop Settings", "centre_agency"):
		return
	centre = next(
		(
			row["key"]
			for row in read_data("agencies")["agencies"]
			if row["kind"] == "Public Administration Service Centre"
		),
		None,
	)
	if centre:
		frappe.db.set_single_value("OneStop Settings", "centre_agency", agencies[centre])


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
				"online_level": row.get("online_level") or "",
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
	from onestop_center.setup.bulk import bulk_import

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
			with bulk_import():
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
	"""Applicants, looked up by ID number or tax code (their names are neutral hashes); returns
	data key -> Applicant name."""
	from onestop_center.dossiers.applicant_key import find_applicant_name

	names = {}
	for row in read_data("applicants")["applicants"]:
		key = row["id_number"] if row["applicant_type"] == "Citizen" else row["tax_code"]
		name = find_applicant_name(key)
		if not name:
			values = {k: v for k, v in row.items() if k != "key"}
			name = frappe.get_doc({"doctype": "Applicant", **values}).insert(ignore_permissions=True).name
		names[row["key"]] = name
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
	"""Receive a sample dossier and take it to its state through the workflow, at past moments.

	The dossier is created as Draft at its reception time and moved on with the lifecycle's
	actions (lifecycle.apply / transfer windows), the clock set back to each moment, so it carries
	a realistic history: promise, transfer batch, hand-overs, step results, fee, return.
	"""
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
	}
	with _clock(received_at):
		dossier = frappe.get_doc(values)
		# the sample's reception officer and time are history, given as the lifecycle would
		allow_lifecycle_write(dossier)
		dossier.insert(ignore_permissions=True)
	# the reception renames the draft (NHAP-…) to its dossier code: keep the final name
	name = _take_to_state(dossier, row, procedure, calendar, received_at, now)
	return frappe.get_doc("Dossier", name)


def _take_to_state(dossier, row, procedure, calendar, received_at: datetime, now: datetime) -> str:
	"""Returns the dossier's name at the end (its code once received; provisional before)."""
	from onestop_center.dossiers import lifecycle
	from onestop_center.transfers.windows import next_window, transfer_in_batch

	state = row["state"]
	name = dossier.name
	act = partial(_act, name)
	if state == "needs_completion":
		act(lifecycle.REQUEST_COMPLETION, received_at)
		return name
	finished_at = _finished_at(row, procedure, calendar, received_at, now)
	if state == "refused" and not finished_at:
		act(lifecycle.REFUSE, received_at, refusal_reason=row.get("remarks") or "Không thuộc thẩm quyền")
		return name
	if procedure.resolved_immediately and state == "returned":
		name = act(lifecycle.RESOLVE_IMMEDIATELY, finished_at)  # renamed to its code
		_return(name, row, _returned_at(row, finished_at, now))
		return name

	name = act(lifecycle.RECEIVE, received_at)  # renamed to its code
	act = partial(_act, name)
	if state == "received":
		return name
	doc = frappe.get_doc("Dossier", name)
	if doc.status == lifecycle.RECEIVED:
		window = next_window(get_datetime(doc.effective_received_at or received_at), calendar)
		with _clock(min(window, now)):
			if window <= now:
				transfer_in_batch(doc, window)
			else:  # received after today's last window passed: handed over at once for the demo
				lifecycle.transfer(doc, at=now)
	moment = min(_handed_at(name) + timedelta(minutes=30), now)
	act(lifecycle.ACCEPT, moment)
	if state == "in_progress":
		return name
	if state == "supplement":
		act(
			lifecycle.REQUEST_SUPPLEMENT,
			min(moment + timedelta(hours=2), now),
			supplement_request=row.get("remarks") or "Bổ sung giấy tờ theo quy định",
		)
		return name
	if state == "refused":
		act(lifecycle.REFUSE, finished_at, refusal_reason=row.get("remarks") or "Không đủ điều kiện")
		return name
	_finish_all_steps(name, moment, finished_at)
	if state == "result_ready":
		return name
	returned_at = _returned_at(row, finished_at, now)
	collected_at = finished_at + (returned_at - finished_at) / 2
	act(lifecycle.COLLECT_RESULT, collected_at)
	_return(name, row, returned_at)
	return name


def _finish_all_steps(name: str, start: datetime, finished_at: datetime) -> None:
	"""Answer consultations and finish each step group in turn, the last one at ``finished_at``."""
	from onestop_center.dossiers import lifecycle

	doc = frappe.get_doc("Dossier", name)
	current = cint(doc.current_step)
	groups = max(len([g for g in lifecycle.step_groups(doc) if g.order >= current]), 1)
	step = (finished_at - start) / (2 * groups)
	moment = start
	while True:
		doc = frappe.get_doc("Dossier", name)
		for consultation in lifecycle.open_consultations(doc):
			moment = moment + step / 2
			with _clock(moment):
				lifecycle.answer_consultation(name, consultation.agency, "Thống nhất với nội dung hồ sơ.")
		last = lifecycle.next_group(doc) is None
		moment = finished_at if last else moment + step
		_act(name, lifecycle.FINISH_STEP, moment)
		if last:
			return
		moment = moment + step
		if frappe.db.get_value("Dossier", name, "status") == lifecycle.TRANSFERRED:
			# a step at the same agency stays In Progress there: nothing to accept
			_act(name, lifecycle.ACCEPT, moment)


def _return(name: str, row: dict, returned_at: datetime) -> None:
	from onestop_center.dossiers import lifecycle

	dossier = frappe.get_doc("Dossier", name)
	if flt(dossier.total_fee) > 0:
		with _clock(returned_at - timedelta(minutes=1)):
			_make_fee_receipt(dossier, row.get("fee_receipt") or {})
	applicant = frappe.get_doc("Applicant", dossier.applicant)
	if dossier.result_delivery == "Post":
		data = {"postal_tracking_number": f"EV{abs(hash(name)) % 10**9:09d}VN", "postage": 32000}
	else:
		data = {
			"receiver_name": applicant.full_name,
			"receiver_id_number": applicant.get("id_number") or applicant.get("tax_code"),
		}
	_act(name, lifecycle.RETURN_RESULT, returned_at, **data)


def _handed_at(name: str) -> datetime:
	rows = frappe.get_all(
		"Dossier Hand-over",
		filters={"parent": name, "parenttype": "Dossier"},
		pluck="handed_at",
		order_by="idx desc",
		limit=1,
	)
	return get_datetime(rows[0])


def _act(name: str, action: str, moment: datetime, **data) -> str:
	"""Take a workflow action at ``moment``; returns the dossier's name after it (a reception
	renames a draft to its dossier code)."""
	from onestop_center.dossiers import lifecycle

	with _clock(moment):
		return lifecycle.apply(name, action, **data).name


@contextmanager
def _clock(moment: datetime):
	"""Run the lifecycle and deadline code as if it were ``moment`` (past sample history)."""
	from onestop_center.dossiers import deadline

	with patch.object(deadline, "now", return_value=get_datetime(moment).replace(microsecond=0)):
		yield


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
	from onestop_center.surveys.survey import demo_answers, record_survey

	submitted_at = get_datetime(dossier.returned_at or dossier.finished_at or dossier.received_at)
	satisfaction, answers = demo_answers(row)
	response = record_survey(
		dossier.name, satisfaction, answers, row.get("comment"), row.get("channel", "Kiosk")
	)
	response.db_set("submitted_at", submitted_at + timedelta(minutes=3), update_modified=False)
