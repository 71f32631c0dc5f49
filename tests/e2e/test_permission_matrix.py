"""Permission matrix over real HTTP: every demo role × every app DocType × every read and write path.

What each role may do is declared once, in ``POLICY`` below (the spec, not a copy of the results):
which roles read, write, create, delete, export and print each DocType, and how rows are scoped.
Department roles (Department Specialist, Department Head) are restricted to their agencies:

* ``dossier`` scope: a dossier is theirs when their agency holds it, is consulted on it or had it
  handed over (``agency``, ``consultations.agency``, ``handovers.to_agency``), never before it is
  received (draft, waiting for completion, online submission waiting for reception: issue 11);
  records about a dossier (its child rows, fee receipts, survey responses) follow the dossier;
* ``agency`` scope: the record's own agency field (Transfer Batch, Apology Letter, Secondment);
* child DocTypes follow their parent;
* ``public`` catalogue (procedures, counters, calendars, settings): every desk role reads; of the
  agencies, department users see their own (they are attached to it by a User Permission).

Frappe prints a record for anyone who may read it, so a reader's print is never a "deny" here.

The test derives every cell's expected answer from that table and the demo data (read as
Administrator), for two department users of different agencies and every other demo role, and
asserts, for the targets of the user's own agency and of another agency:

* reads: ``/api/resource`` list and document, ``frappe.client.get_list/get/get_value/get_count``,
  ``frappe.desk.reportview.get/get_count``, ``frappe.desk.listview.get_group_by_count`` (plain and
  ``assigned_to``), ``frappe.desk.form.load.getdoc``, ``frappe.desk.reportview.export_query``,
  ``download_pdf``, ``/printview`` and the desk's print preview: a row the policy allows is
  returned (where the path is the desk's own), a row it forbids never is, not even as a count;
* writes: update (REST PUT, ``frappe.client.set_value``), delete (REST, ``frappe.client.delete``)
  and create (REST, ``frappe.client.insert``, child rows into another agency's dossier, a letter
  or secondment naming another agency) that the policy forbids are refused and leave the database
  unchanged (writes the policy allows are the lifecycle and desk suites' business);
* files: the File list, a file's record and download, ``upload_file``/``attach_file`` to another
  agency's dossier, a File record pointing at another agency's private URL;
* the app's reports (``frappe.desk.query_report.run`` with and without filters, their CSV export);
* Frappe's generic endpoints that reveal records: ``validate_link``, ``search_link``,
  ``search_widget``, ``get_link_title``, global search, counts filtered on personal fields (phone,
  e-mail), the timeline records (Comment, Version, ToDo, Communication), connections, open counts
  and list stats of another agency's dossier, and the registry's own paths (``find_applicant``).

Where the answer cannot depend on the row (a role-level refusal, a centre-wide role), one row is
tried; where it can (a department user, owner-only rows), every row is. Draft apology letters, a
directive and private attachments the demo lacks are planted by Administrator.

Every response a department user gets is also scanned for the names of dossiers they may not see
and the personal data (phone, e-mail, ID number, tax code) of applicants they have no dossier of.

One HTTP session per role; the served test site (with the demo data) is used as it is; the letters
and files are removed at the end.
"""

import csv
import io
import json
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from conftest import ADMIN_PASSWORD, BASE_URL, DEMO_PASSWORD, Api

APP_DIR = Path(__file__).resolve().parents[2] / "apps" / "onestop_center" / "onestop_center"

# -- roles ---------------------------------------------------------------------------------------

RECEPTION = "Reception Officer"
GENERAL_AFFAIRS = "General Affairs Officer"
SPECIALIST = "Department Specialist"
HEAD = "Department Head"
LEADER = "Centre Leader"
ADMIN = "OneStop Administrator"

DEPARTMENT = frozenset({SPECIALIST, HEAD})
# Dossier states before reception: invisible to departments whatever their agency.
NOT_RECEIVED = frozenset({"Draft", "Needs Completion", "Pending Reception"})
CENTRE = frozenset({RECEPTION, GENERAL_AFFAIRS, LEADER, ADMIN})
DESK = CENTRE | DEPARTMENT
NOBODY = frozenset()


@dataclass(frozen=True)
class Persona:
	key: str
	login: str | None  # None: a guest
	role: str | None

	@property
	def is_department(self) -> bool:
		return self.role in DEPARTMENT


# The README's demo logins (demo/data/staff.json), plus a second department user of another
# agency, so that "own" and "other" agency are tested from both sides; and a guest.
PERSONAS = [
	Persona("guest", None, None),
	Persona("reception", "tiepnhan01@onestop.localhost", RECEPTION),
	Persona("general_affairs", "tonghop01@onestop.localhost", GENERAL_AFFAIRS),
	Persona("specialist", "chuyenvien01@onestop.localhost", SPECIALIST),
	Persona("head", "truongphong01@onestop.localhost", HEAD),
	Persona("specialist_other_agency", "chuyenvien02@onestop.localhost", SPECIALIST),
	Persona("leader", "lanhdao01@onestop.localhost", LEADER),
	Persona("administrator", "quantri01@onestop.localhost", ADMIN),
]
DEPARTMENT_PERSONAS = [p for p in PERSONAS if p.is_department]

# -- policy --------------------------------------------------------------------------------------

PUBLIC = "public"  # every reader sees every row
DOSSIER = "dossier"  # department users: rows of dossiers routed to their agency
AGENCY = "agency"  # department users: rows whose agency field is theirs
REGISTRY = "registry"  # the applicant registry: no department access at all


@dataclass(frozen=True)
class Rule:
	scope: str
	read: frozenset
	write: frozenset = NOBODY
	create: frozenset = NOBODY
	delete: frozenset = NOBODY
	export: frozenset = NOBODY
	print: frozenset = NOBODY
	own_rows: frozenset = NOBODY  # roles that read only the rows they created (Frappe's "if owner")


def catalogue(print_roles=DESK) -> Rule:
	"""Reference data: every desk role reads it, the OneStop Administrator maintains it."""
	admin = frozenset({ADMIN})
	return Rule(PUBLIC, read=DESK, write=admin, create=admin, delete=admin, export=admin, print=print_roles)


POLICY = {
	# Department users are attached to their agency by a User Permission on Agency, so of the
	# agencies they see their own (and its sub-units) only.
	"Agency": Rule(
		AGENCY,
		read=DESK,
		write=frozenset({ADMIN}),
		create=frozenset({ADMIN}),
		delete=frozenset({ADMIN}),
		export=frozenset({ADMIN}),
		print=DESK,
	),
	"Counter": catalogue(),
	"Procedure": catalogue(),
	"Procedure Field": catalogue(),
	"Working Calendar": catalogue(),
	"OneStop Settings": Rule(PUBLIC, read=DESK, write=frozenset({ADMIN}), print=frozenset({ADMIN})),
	# which workflow states and actions have which kind (dossiers/state_kinds.py): the administrator's
	"Lifecycle Kinds": Rule(PUBLIC, read=DESK, write=frozenset({ADMIN}), print=frozenset({ADMIN})),
	# Queue numbers (counter_queue/): services are reference data, the settings like the centre's;
	# tickets are read by the centre only (no department work there) and written only by the
	# calling methods; guests take numbers and watch the display through methods, never REST.
	"Queue Service": catalogue(),
	"Queue Settings": Rule(PUBLIC, read=DESK, write=frozenset({ADMIN}), print=frozenset({ADMIN})),
	"Queue Ticket": Rule(PUBLIC, read=CENTRE, export=frozenset({LEADER, ADMIN}), print=CENTRE),
	# The registry of citizens and companies: the centre's reception and its leaders and
	# administrators; departments see only what is copied onto their dossiers (name, contact).
	"Applicant": Rule(
		REGISTRY,
		read=frozenset({RECEPTION, LEADER, ADMIN}),
		write=frozenset({RECEPTION, ADMIN}),
		create=frozenset({RECEPTION, ADMIN}),
		delete=frozenset({ADMIN}),
		export=frozenset({ADMIN}),
		print=frozenset({RECEPTION, LEADER, ADMIN}),
	),
	"Dossier": Rule(
		DOSSIER,
		read=DESK,
		write=frozenset({RECEPTION, GENERAL_AFFAIRS, ADMIN}) | DEPARTMENT,
		create=frozenset({RECEPTION}),
		export=frozenset({LEADER, ADMIN}),
		print=DESK,
	),
	"Transfer Batch": Rule(
		AGENCY,
		read=DESK,
		write=frozenset({RECEPTION, GENERAL_AFFAIRS}),
		export=frozenset({LEADER, ADMIN}),
		print=DESK,
	),
	"Apology Letter": Rule(
		AGENCY,
		read=frozenset({GENERAL_AFFAIRS, LEADER}) | DEPARTMENT,
		write=DEPARTMENT,
		create=DEPARTMENT,
		export=frozenset({LEADER}),
		print=frozenset({GENERAL_AFFAIRS, LEADER}) | DEPARTMENT,
	),
	"Fee Receipt": Rule(
		DOSSIER,
		read=CENTRE,
		write=frozenset({RECEPTION, LEADER}),
		create=frozenset({RECEPTION}),
		export=frozenset({LEADER, ADMIN}),
		print=CENTRE,
	),
	# the counter enters the citizen's rating and sees only what it entered, not its colleagues'
	"Survey Response": Rule(
		DOSSIER,
		read=CENTRE,
		own_rows=frozenset({RECEPTION}),
		write=frozenset({GENERAL_AFFAIRS, ADMIN}),
		create=frozenset({RECEPTION, GENERAL_AFFAIRS, ADMIN}),
		delete=frozenset({ADMIN}),
		export=frozenset({LEADER, ADMIN}),
		print=frozenset({GENERAL_AFFAIRS, LEADER, ADMIN}),
	),
	"Survey Question": catalogue(),
	"Feedback Settings": Rule(PUBLIC, read=DESK, write=frozenset({ADMIN}), print=frozenset({ADMIN})),
	# citizens' feedback: the centre handles it, a department answers what is assigned to its
	# agency, the counter sees only what it recorded
	"Citizen Feedback": Rule(
		AGENCY,
		read=CENTRE | DEPARTMENT,
		own_rows=frozenset({RECEPTION}),
		write=frozenset({GENERAL_AFFAIRS, LEADER, ADMIN}) | DEPARTMENT,
		create=frozenset({RECEPTION, GENERAL_AFFAIRS, ADMIN}),
		delete=frozenset({ADMIN}),
		export=frozenset({LEADER, ADMIN}),
		print=frozenset({GENERAL_AFFAIRS, LEADER, ADMIN}) | DEPARTMENT,
	),
	"Secondment": Rule(
		AGENCY,
		read=frozenset({RECEPTION, GENERAL_AFFAIRS, HEAD, LEADER, ADMIN}),
		write=frozenset({GENERAL_AFFAIRS, HEAD, ADMIN}),
		create=frozenset({GENERAL_AFFAIRS, HEAD, ADMIN}),
		delete=frozenset({ADMIN}),
		export=frozenset({ADMIN}),
		print=frozenset({GENERAL_AFFAIRS, HEAD, LEADER, ADMIN}),
	),
	# a head's authority delegated to a deputy for a period (delegation/): written by the head (their
	# own only) or an administrator, read by the agency's officers; the actions taken under it are
	# recorded by the system, never written by a role
	"Delegation": Rule(
		AGENCY,
		read=frozenset({GENERAL_AFFAIRS, LEADER, ADMIN}) | DEPARTMENT,
		write=frozenset({HEAD, LEADER, ADMIN}),
		create=frozenset({HEAD, LEADER, ADMIN}),
		export=frozenset({LEADER, ADMIN}),
		print=frozenset({GENERAL_AFFAIRS, LEADER, ADMIN}) | DEPARTMENT,
	),
	"Delegated Action": Rule(
		AGENCY,
		read=frozenset({GENERAL_AFFAIRS, LEADER, ADMIN}) | DEPARTMENT,
		export=frozenset({LEADER, ADMIN}),
		print=frozenset({GENERAL_AFFAIRS, LEADER, ADMIN}) | DEPARTMENT,
	),
	# leaders (leadership/): a closed period's figures are the centre's (no agency rows);
	# the QĐ 766 targets and points are the centre leaders' settings
	"Statistics Period Closing": Rule(
		PUBLIC,
		read=frozenset({GENERAL_AFFAIRS, LEADER, ADMIN}),
		write=frozenset({LEADER, ADMIN}),
		create=frozenset({LEADER, ADMIN}),
		export=frozenset({LEADER, ADMIN}),
		print=frozenset({GENERAL_AFFAIRS, LEADER, ADMIN}),
	),
	"QD 766 Settings": Rule(
		PUBLIC, read=frozenset({LEADER, ADMIN}), write=frozenset({LEADER, ADMIN}), print=frozenset({LEADER, ADMIN})
	),
	# written by the system only (every attempt to text a citizen); the administrator audits it
	"SMS Log": Rule(PUBLIC, read=frozenset({ADMIN}), export=frozenset({ADMIN})),
	# connections to other systems (integration/): the outbox's messages (written by the system only,
	# personal data in their payload) and the endpoints and credentials are the administrator's
	"Integration Delivery": Rule(PUBLIC, read=frozenset({ADMIN}), export=frozenset({ADMIN})),
	"Integration Settings": Rule(
		PUBLIC, read=frozenset({ADMIN}), write=frozenset({ADMIN}), print=frozenset({ADMIN})
	),
	# derived by the lifecycle (dossiers/routing.py) for the department lists' condition: no role's
	"Dossier Routing": Rule(PUBLIC, read=NOBODY),
}
# The field holding a record's agency (AGENCY scope) or dossier (DOSSIER scope, besides Dossier).
AGENCY_FIELD = {
	"Agency": "name",
	"Transfer Batch": "agency",
	"Apology Letter": "agency",
	"Secondment": "home_agency",
	"Delegation": "agency",
	"Delegated Action": "agency",
	"Citizen Feedback": "agency",
}
DOSSIER_FIELD = {"Fee Receipt": "dossier", "Survey Response": "dossier"}

# -- the app's DocTypes, from their JSON -----------------------------------------------------------


def load_doctypes() -> dict[str, dict]:
	doctypes = {}
	for path in sorted(APP_DIR.glob("*/doctype/*/*.json")):
		data = json.loads(path.read_text(encoding="utf-8"))
		if data.get("doctype") == "DocType" and data.get("name"):
			doctypes[data["name"]] = data
	return doctypes


DOCTYPES = load_doctypes()
PARENTS = {
	child: sorted(
		name
		for name, meta in DOCTYPES.items()
		for df in meta["fields"]
		if df["fieldtype"] in ("Table", "Table MultiSelect") and df.get("options") == child
	)
	for child, meta in DOCTYPES.items()
	if meta.get("istable")
}


def is_child(doctype: str) -> bool:
	return bool(DOCTYPES[doctype].get("istable"))


def is_single(doctype: str) -> bool:
	return bool(DOCTYPES[doctype].get("issingle"))


def parent_of(doctype: str) -> str | None:
	parents = PARENTS.get(doctype) or []
	return parents[0] if parents else None


def rule_of(doctype: str) -> Rule:
	"""The policy of a DocType; a child DocType's is its parent's (a child row is part of it)."""
	if is_child(doctype):
		return rule_of(parent_of(doctype))
	return POLICY[doctype]


def test_policy_covers_every_app_doctype():
	missing = [dt for dt in DOCTYPES if not is_child(dt) and dt not in POLICY]
	orphans = [dt for dt in DOCTYPES if is_child(dt) and not parent_of(dt)]
	assert not missing and not orphans, f"no policy for {missing}; child tables of no app DocType: {orphans}"


# -- HTTP ------------------------------------------------------------------------------------------


class Session(Api):
	"""A persona's session; ``call`` answers (status, parsed JSON or text, response)."""

	def delete(self, path, **kw):
		return self.session.delete(BASE_URL + path, timeout=30, **kw)

	def call(self, method: str, http: str = "POST", **params):
		if http == "GET":
			r = self.get(f"/api/method/{method}", params=_encode(params))
		else:
			r = self.post(f"/api/method/{method}", data=_encode(params))
		return r.status_code, _body(r), r


def _encode(params: dict) -> dict:
	return {k: json.dumps(v) if isinstance(v, (dict, list)) else v for k, v in params.items() if v is not None}


def _body(response):
	try:
		return response.json()
	except ValueError:
		return response.text


def message(body):
	return body.get("message") if isinstance(body, dict) else None


def login(persona: Persona) -> Session:
	if not persona.login:
		return Session()
	return Session(persona.login, DEMO_PASSWORD)


# -- the world as Administrator sees it ----------------------------------------------------------


@dataclass
class Target:
	doctype: str
	name: str
	agencies: frozenset | None  # None: public (no agency)
	parent: str | None = None  # child rows: the parent document
	label: str = ""
	owner: str | None = None

	def __str__(self):
		return f"{self.label or 'row'} {self.name}"


@dataclass
class World:
	admin: Session
	holders: dict  # dossier -> agencies it is routed to
	agencies: dict  # persona key -> agencies (department personas)
	targets: dict  # doctype -> [Target]
	applicants: dict  # applicant name -> {fields}
	dossiers: dict  # dossier name -> {applicant, phone, email, receiver_id_number, ...}
	created: list = field(default_factory=list)  # (doctype, name) to remove at the end
	files: dict = field(default_factory=dict)  # agency label -> planted private File row

	def visible_dossiers(self, persona: Persona) -> set:
		if not persona.is_department:
			return set(self.dossiers)
		mine = self.agencies[persona.key]
		return {name for name, holders in self.holders.items() if holders & mine}

	def sees_row(self, persona: Persona, target: Target) -> bool:
		"""The policy's answer: may this persona read this row?"""
		rule = rule_of(target.doctype)
		if persona.role not in rule.read:
			return False
		if persona.role in rule.own_rows and target.owner != persona.login:
			return False
		if rule.scope == PUBLIC or not persona.is_department:
			return True
		return bool(target.agencies & self.agencies[persona.key])

	def forbidden_tokens(self, persona: Persona) -> dict[str, str]:
		"""Strings a department persona must never receive: names of dossiers they may not see
		and personal data of applicants who have no dossier they may see; token -> what it is."""
		if not persona.is_department:
			return {}
		visible = self.visible_dossiers(persona)
		allowed = set()
		for name in visible:
			allowed |= {v for v in self.dossiers[name].values() if v}
		tokens = {}
		for name, values in self.dossiers.items():
			if name not in visible:
				tokens[name] = f"dossier {name}"
				for key in ("phone", "email", "receiver_id_number"):
					if values.get(key):
						tokens[values[key]] = f"{key} on dossier {name}"
		seen_applicants = {self.dossiers[name]["applicant"] for name in visible}
		for applicant, values in self.applicants.items():
			for key in ("id_number", "tax_code"):
				if values.get(key):  # the registry's numbers are never on a dossier
					tokens[values[key]] = f"{key} of applicant {applicant}"
			if applicant not in seen_applicants:
				for key in ("phone", "email"):
					if values.get(key):
						tokens[values[key]] = f"{key} of applicant {applicant}"
		return {token: what for token, what in tokens.items() if token not in allowed and len(token) >= 6}


def admin_list(admin: Session, doctype: str, fields: list, filters=None, parent: str | None = None) -> list:
	status, body, _ = admin.call(
		"frappe.client.get_list",
		doctype=doctype,
		fields=fields,
		filters=filters or [],
		parent=parent,
		limit_page_length=0,
		order_by="creation asc" if not parent else None,
	)
	assert status == 200, f"Administrator could not list {doctype}: {body}"
	return message(body)


def pick(candidates: list[Target], agency_a: set, agency_b: set) -> list[Target]:
	"""At most three rows: one of agency A (the first department user's), one of agency B (the
	other department user's), one of neither (when they exist); the first row for public DocTypes."""
	if candidates and candidates[0].agencies is None:
		candidates[0].label = "public"
		return candidates[:1]
	chosen = []
	for label, test in (
		("agency A", lambda t: t.agencies & agency_a),
		("agency B", lambda t: t.agencies & agency_b and not t.agencies & agency_a),
		("third agency", lambda t: not t.agencies & (agency_a | agency_b)),
	):
		for target in candidates:
			if target not in chosen and test(target):
				target.label = label
				chosen.append(target)
				break
	return chosen


def build_world(world: World) -> None:
	admin = world.admin
	agencies = world.agencies
	for persona in DEPARTMENT_PERSONAS:
		allowed = admin_list(
			admin, "User Permission", ["for_value"], [["user", "=", persona.login], ["allow", "=", "Agency"]]
		)
		mine = set()
		for row in allowed:
			subunits = admin_list(
				admin, "Agency", ["name"], [["name", "descendants of (inclusive)", row["for_value"]]]
			)
			mine |= {a["name"] for a in subunits} | {row["for_value"]}
		assert mine, f"{persona.login} has no agency"
		agencies[persona.key] = frozenset(mine)
	a_agencies = agencies[DEPARTMENT_PERSONAS[0].key]
	b_agencies = agencies["specialist_other_agency"]
	assert not a_agencies & b_agencies, "the two department users must belong to different agencies"

	dossier_rows = admin_list(
		admin,
		"Dossier",
		["name", "agency", "status", "applicant", "applicant_name", "phone", "email", "receiver_id_number"],
	)
	# a dossier not yet received is no department's (its agency is only the one it will go to)
	holders = {
		d["name"]: {d["agency"]} if d["agency"] and d["status"] not in NOT_RECEIVED else set()
		for d in dossier_rows
	}
	for row in admin_list(admin, "Dossier Consultation", ["parent", "agency"], parent="Dossier"):
		holders[row["parent"]].add(row["agency"])
	for row in admin_list(admin, "Dossier Hand-over", ["parent", "to_agency"], parent="Dossier"):
		if row["to_agency"]:
			holders[row["parent"]].add(row["to_agency"])
	holders = {name: frozenset(agency for agency in h if agency) for name, h in holders.items()}
	dossiers = {
		d["name"]: {
			"applicant": d["applicant"],
			"applicant_name": d["applicant_name"],
			"phone": d["phone"],
			"email": d["email"],
			"receiver_id_number": d["receiver_id_number"],
		}
		for d in dossier_rows
	}
	applicants = {
		a["name"]: a
		for a in admin_list(admin, "Applicant", ["name", "full_name", "id_number", "tax_code", "phone", "email"])
	}
	world.holders, world.applicants, world.dossiers = holders, applicants, dossiers
	plant_records(world, a_agencies, b_agencies)

	for doctype in DOCTYPES:
		if is_single(doctype):
			world.targets[doctype] = [Target(doctype, doctype, None, label="settings")]
			continue
		world.targets[doctype] = pick(candidates(world, doctype), a_agencies, b_agencies)
		# every protected DocType has rows to try (public ones may be empty: Transfer Window)
		assert world.targets[doctype] or rule_of(doctype).scope == PUBLIC, f"no {doctype} in the demo data"


def candidates(world: World, doctype: str) -> list[Target]:
	admin = world.admin
	if is_child(doctype):
		parent = parent_of(doctype)
		parent_agencies = {t.name: t.agencies for t in candidates(world, parent)} if not is_single(parent) else {}
		rows = admin_list(admin, doctype, ["name", "parent"], parent=parent)
		return [
			Target(doctype, r["name"], parent_agencies.get(r["parent"]) if parent_agencies else None, r["parent"])
			for r in rows
		]
	rule = POLICY[doctype]
	if rule.scope == PUBLIC:
		return [Target(doctype, r["name"], None) for r in admin_list(admin, doctype, ["name"])[:1]]
	if doctype == "Dossier":
		return [Target(doctype, name, holders) for name, holders in world.holders.items()]
	if doctype == "Applicant":
		by_applicant = {}
		for name, values in world.dossiers.items():
			by_applicant.setdefault(values["applicant"], set()).update(world.holders[name])
		return [Target(doctype, a, frozenset(by_applicant.get(a, ()))) for a in world.applicants]
	if doctype in AGENCY_FIELD:
		fieldname = AGENCY_FIELD[doctype]
		rows = admin_list(admin, doctype, ["name", "owner", fieldname])
		return [
			Target(doctype, r["name"], frozenset({r[fieldname]} if r[fieldname] else ()), owner=r["owner"])
			for r in rows
		]
	fieldname = DOSSIER_FIELD[doctype]
	rows = admin_list(admin, doctype, ["name", "owner", fieldname])
	return [
		Target(doctype, r["name"], world.holders.get(r[fieldname], frozenset()), owner=r["owner"]) for r in rows
	]


LETTER_REASON = "Ma trận phân quyền: thư nháp dùng để kiểm thử."


def open_dossier_of(world: World, agencies: set) -> str | None:
	"""An open dossier of ``agencies`` (one that can still take an apology letter and a directive:
	received and not closed), without a letter; the suites before this one move the demo's on."""
	for stale in admin_list(world.admin, "Apology Letter", ["name"], [["reason", "=", LETTER_REASON]]):
		world.admin.call("frappe.client.delete", doctype="Apology Letter", name=stale["name"])
	lettered = {r["dossier"] for r in admin_list(world.admin, "Apology Letter", ["dossier"])}
	rows = admin_list(
		world.admin,
		"Dossier",
		["name", "agency", "due_at"],
		[["status", "not in", [*NOT_RECEIVED, "Returned", "Refused", "Stopped"]], ["agency", "in", sorted(agencies)]],
	)
	for row in rows:
		if row["name"] not in lettered:
			return row["name"]
	return None


def plant_records(world: World, a_agencies: set, b_agencies: set) -> None:
	"""Records the demo lacks: a draft apology letter, a directive, a delegated action and a private
	attachment per agency (the letters, actions and files are removed at the end)."""
	for label, agencies in (("A", a_agencies), ("B", b_agencies)):
		dossier = open_dossier_of(world, agencies)
		assert dossier, f"the demo has no open dossier at agency {sorted(agencies)}"
		due = admin_list(world.admin, "Dossier", ["due_at"], [["name", "=", dossier]])[0]["due_at"]
		appointment = max(datetime.fromisoformat(str(due)), datetime.now()) + timedelta(days=30)
		status, body, _ = world.admin.call(
			"frappe.client.insert",
			doc={
				"doctype": "Apology Letter",
				"dossier": dossier,
				"new_appointment_at": appointment.strftime("%Y-%m-%d %H:%M:%S"),
				"reason": LETTER_REASON,
			},
		)
		assert status == 200, f"could not create an apology letter for {dossier}: {body}"
		world.created.append(("Apology Letter", message(body)["name"]))
		# the demo has no directive yet: one per agency, given through the lifecycle
		status, body, _ = world.admin.call(
			"onestop_center.dossiers.lifecycle.add_directive", dossier=dossier, text=f"Ma trận phân quyền {label}"
		)
		assert status == 200, f"could not give a directive on {dossier}: {body}"
		# nor (until a deputy acts) a record of an action under a delegation: one per agency
		agency = admin_list(world.admin, "Dossier", ["agency"], [["name", "=", dossier]])[0]["agency"]
		status, body, _ = world.admin.call(
			"frappe.client.insert",
			doc={
				"doctype": "Delegated Action", "agency": agency, "reference_doctype": "Dossier",
				"reference_name": dossier, "action": f"Ma trận phân quyền {label}",
				"summary": f"Ma trận phân quyền {label}", "deputy": "Administrator", "delegator": "Administrator",
			},
		)
		assert status == 200, f"could not record a delegated action on {dossier}: {body}"
		world.created.append(("Delegated Action", message(body)["name"]))

		content = f"matrix attachment of agency {label} {uuid.uuid4().hex}".encode()
		r = world.admin.post(
			"/api/method/upload_file",
			data={"doctype": "Dossier", "docname": dossier, "is_private": 1},
			files={"file": (f"matrix-{label}-{uuid.uuid4().hex[:8]}.txt", content, "text/plain")},
		)
		assert r.status_code == 200, f"could not attach a file to {dossier}: {r.text[:300]}"
		row = r.json()["message"]
		world.files[label] = {"name": row["name"], "file_url": row["file_url"], "dossier": dossier, "content": content}
		world.created.append(("File", row["name"]))


@pytest.fixture(scope="module")
def world():
	admin = Session("Administrator", ADMIN_PASSWORD)
	built = World(admin, {}, {}, {}, {}, {})
	try:
		build_world(built)
		yield built
	finally:
		for doctype, name in reversed(built.created):
			admin.call("frappe.client.delete", doctype=doctype, name=name)


@pytest.fixture(scope="module")
def sessions():
	return {persona.key: login(persona) for persona in PERSONAS}


# -- cells ----------------------------------------------------------------------------------------


@dataclass
class Cell:
	path: str
	target: Target | None
	expected: str  # "allow" or "deny"
	problem: str = ""  # empty: the cell holds

	def __str__(self):
		where = f" on {self.target}" if self.target else ""
		return f"{self.path}{where}: expected {self.expected}, {self.problem}"


class Checker:
	"""Collects the cells of one test and scans every answer for forbidden tokens."""

	def __init__(self, world: World, persona: Persona, session: Session):
		self.world, self.persona, self.session = world, persona, session
		self.cells: list[Cell] = []
		self.tokens = world.forbidden_tokens(persona)

	def call(self, method: str, http: str = "POST", **params):
		status, body, response = self.session.call(method, http, **params)
		self.scan(method, response.text, params)
		return status, body

	def get(self, path: str, **params):
		response = self.session.get(path, params=_encode(params))
		self.scan(path, response.text, (path, params))
		return response

	def scan(self, where: str, text: str, sent=None) -> None:
		"""A forbidden token in an answer is a leak, unless the request itself carried it (an
		error message naming the record asked for tells nothing new)."""
		sent = json.dumps(sent, ensure_ascii=False, default=str) if sent is not None else ""
		for token, what in self.tokens.items():
			if token in text and token not in sent:
				self.cells.append(Cell(where, None, "deny", f"the answer contains {what}"))

	def expect(self, path: str, target: Target | None, allowed: bool, shown: bool, status: int, strict=True):
		"""``shown``: the answer carried the row. Allowed (strict) cells must show it; denied cells
		must not; no cell may answer 5xx."""
		cell = Cell(path, target, "allow" if allowed else "deny")
		if status >= 500:
			cell.problem = f"HTTP {status}"
		elif allowed and strict and not shown:
			cell.problem = f"not returned (HTTP {status})"
		elif not allowed and shown:
			cell.problem = f"returned (HTTP {status})"
		self.cells.append(cell)

	def refused(self, path: str, target: Target | None, status: int, body, changed: bool = False):
		cell = Cell(path, target, "deny")
		if status >= 500:
			cell.problem = f"HTTP {status}: {str(body)[:160]}"
		elif status < 400:
			cell.problem = f"accepted (HTTP {status})"
		elif changed:
			cell.problem = "refused but the record changed"
		self.cells.append(cell)

	def assert_clean(self):
		problems = [str(cell) for cell in self.cells if cell.problem]
		assert not problems, f"{len(problems)} of {len(self.cells)} cells fail:\n" + "\n".join(problems)


def names_in(body) -> set:
	"""Row names in a list answer: ``{"data": [...]}``, ``{"message": [...]}`` or report view keys/values."""
	rows = body.get("data") if isinstance(body, dict) and "data" in body else message(body)
	if isinstance(rows, dict) and "keys" in rows:
		index = rows["keys"].index("name") if "name" in rows["keys"] else 0
		return {row[index] for row in rows.get("values") or []}
	if isinstance(rows, list):
		return {row.get("name") if isinstance(row, dict) else row[0] for row in rows if row}
	return set()


def count_in(body) -> int:
	value = message(body)
	if isinstance(value, list):  # group-by counts
		return sum(int(row.get("count") or 0) for row in value if isinstance(row, dict))
	try:
		return int(value or 0)
	except (TypeError, ValueError):
		return 0


# -- reads ----------------------------------------------------------------------------------------


def rows_to_try(world: World, persona: Persona, doctype: str, roles: frozenset) -> list[Target]:
	"""Every target where the answer depends on the row (a department user holding the role
	permission on an agency-scoped DocType); otherwise one row stands for all (a role-level
	answer, the same for every row)."""
	targets = world.targets[doctype]
	rule = rule_of(doctype)
	if persona.role in roles and (
		(persona.is_department and rule.scope != PUBLIC) or persona.role in rule.own_rows
	):
		return targets
	return targets[-1:]  # another agency's row when there is one

PERSONA_IDS = [p.key for p in PERSONAS]
LISTABLE = [dt for dt in DOCTYPES if not is_single(dt)]


@pytest.mark.parametrize("doctype", sorted(DOCTYPES))
@pytest.mark.parametrize("persona", PERSONAS, ids=PERSONA_IDS)
def test_reads(persona, doctype, world, sessions):
	check = Checker(world, persona, sessions[persona.key])
	rule = rule_of(doctype)
	targets = rows_to_try(world, persona, doctype, rule.read)
	if is_single(doctype):
		target = targets[0]
		allowed = world.sees_row(persona, target)
		r = check.get(f"/api/resource/{doctype}/{doctype}")
		check.expect("GET /api/resource/<doc>", target, allowed, r.status_code == 200, r.status_code)
		status, body = check.call("frappe.client.get", "GET", doctype=doctype, name=doctype)
		check.expect("frappe.client.get", target, allowed, status == 200 and bool(message(body)), status)
		status, body = check.call("frappe.desk.form.load.getdoc", "GET", doctype=doctype, name=doctype)
		check.expect("getdoc", target, allowed, status == 200 and bool(body.get("docs")), status)
		check.assert_clean()
		return
	# Public reference data is not agency data: one path of each kind is enough there.
	thorough = rule.scope != PUBLIC
	jobs = [lambda: read_lists(check, doctype, targets, thorough)]
	jobs += [lambda target=target: read_one(check, doctype, target, thorough) for target in targets]
	if not is_child(doctype):
		jobs.append(lambda: check_export(check, doctype, targets, rule))
		jobs.append(lambda: check_print(check, doctype, targets, rule))
	run_all(jobs)
	check.assert_clean()


def run_all(jobs) -> None:
	"""Independent requests of one test, a few at a time (the test server is threaded)."""
	with ThreadPoolExecutor(max_workers=3) as pool:
		for future in [pool.submit(job) for job in jobs]:
			future.result()


def read_lists(check: Checker, doctype: str, targets: list[Target], thorough: bool) -> None:
	"""The list and count paths, asked once for all the rows tried: each row must be in the
	answer exactly when the policy lets the persona read it."""
	child = is_child(doctype)
	parent = parent_of(doctype)
	names = [t.name for t in targets]
	name_filter = [[doctype, "name", "in", names]]
	visible = {t.name for t in targets if check.world.sees_row(check.persona, t)}

	def per_row(path: str, status: int, shown: set, strict: bool = True):
		for target in targets:
			allowed = target.name in visible
			check.expect(path, target, allowed, target.name in shown, status, strict=strict)

	# lists, with the parent DocType for child tables as an attacker would send it
	r = check.get(f"/api/resource/{doctype}", fields=["name"], filters=name_filter, limit_page_length=0, parent=parent)
	per_row("GET /api/resource (list)", r.status_code, names_in(_body(r)) if r.status_code == 200 else set())
	s, b = check.call("frappe.client.get_count", doctype=doctype, filters=name_filter, parent=parent)
	count_cell(check, "frappe.client.get_count", targets, visible, s, b, strict=not child)
	if not thorough:
		return
	s, b = check.call(
		"frappe.client.get_list", doctype=doctype, fields=["name"], filters=name_filter, parent=parent, limit_page_length=0
	)
	per_row("frappe.client.get_list", s, names_in(b) if s == 200 else set())
	s, b = check.call(
		"frappe.desk.reportview.get",
		doctype=doctype,
		fields=[f"`tab{doctype}`.`name`"],
		filters=name_filter,
		parent_doctype=parent,
	)
	per_row("frappe.desk.reportview.get", s, names_in(b) if s == 200 else set(), strict=not child)
	s, b = check.call("frappe.desk.reportview.get_count", doctype=doctype, filters=name_filter, parent_doctype=parent)
	count_cell(check, "frappe.desk.reportview.get_count", targets, visible, s, b, strict=not child)
	# group-by counts (the list sidebar's): by creator, and by assignee (a query of its own)
	s, b = check.call("frappe.desk.listview.get_group_by_count", doctype=doctype, current_filters=name_filter, field="owner")
	count_cell(check, "get_group_by_count(owner)", targets, visible, s, b, strict=not child)
	hidden = [t.name for t in targets if t.name not in visible]
	if hidden:
		s, b = check.call(
			"frappe.desk.listview.get_group_by_count",
			doctype=doctype,
			current_filters=[[doctype, "name", "in", hidden]],
			field="assigned_to",
		)
		check.expect("get_group_by_count(assigned_to)", None, False, s == 200 and count_in(b) > 0, s)


def count_cell(check: Checker, path: str, targets, visible: set, status: int, body, strict: bool) -> None:
	"""A count over the rows tried must be the number the persona may read: a larger one counts
	rows they may not see (a yes/no oracle on any column)."""
	counted = count_in(body) if status == 200 else 0
	cell = Cell(path, None, f"{len(visible)} of {len(targets)} rows")
	if status >= 500:
		cell.problem = f"HTTP {status}"
	elif counted > len(visible):
		cell.problem = f"counted {counted} (HTTP {status})"
	elif strict and visible and counted != len(visible):
		cell.problem = f"counted {counted} (HTTP {status})"
	check.cells.append(cell)


def read_one(check: Checker, doctype: str, target: Target, thorough: bool) -> None:
	"""The single-record paths."""
	child = is_child(doctype)
	parent = parent_of(doctype)
	allowed = check.world.sees_row(check.persona, target)
	s, b = check.call("frappe.client.get", "GET", doctype=doctype, name=target.name, parent=parent)
	check.expect("frappe.client.get", target, allowed, s == 200 and bool(message(b)), s)
	if not thorough:
		return
	r = check.get(f"/api/resource/{doctype}/{target.name}")
	check.expect("GET /api/resource/<doc>", target, allowed, r.status_code == 200, r.status_code, strict=not child)
	s, b = check.call(
		"frappe.client.get_value", "GET", doctype=doctype, fieldname="name", filters={"name": target.name}, parent=parent
	)
	check.expect("frappe.client.get_value", target, allowed, s == 200 and bool(message(b)), s, strict=not child)
	if not child:
		s, b = check.call("frappe.desk.form.load.getdoc", "GET", doctype=doctype, name=target.name)
		check.expect("getdoc", target, allowed, s == 200 and bool(b.get("docs")), s)


def check_export(check: Checker, doctype: str, targets: list[Target], rule: Rule) -> None:
	may_export = check.persona.role in rule.export
	r = check.session.post(
		"/api/method/frappe.desk.reportview.export_query",
		data=_encode(
			{
				"doctype": doctype,
				"file_format_type": "CSV",
				"fields": [f"`tab{doctype}`.`name`"],
				"filters": [[doctype, "name", "in", [t.name for t in targets]]],
			}
		),
	)
	check.scan("export_query", r.text)
	exported = set()
	if r.status_code == 200 and "json" not in (r.headers.get("content-type") or ""):
		exported = {row[1] for row in csv.reader(io.StringIO(r.text)) if len(row) > 1}
	for target in targets:
		allowed = may_export and check.world.sees_row(check.persona, target)
		check.expect("frappe.desk.reportview.export_query", target, allowed, target.name in exported, r.status_code)


def pdf_pages(response) -> int:
	if response.status_code != 200 or not (response.headers.get("content-type") or "").startswith("application/pdf"):
		return 0
	from pypdf import PdfReader

	return len(PdfReader(io.BytesIO(response.content)).pages)


def may_print(persona: Persona, rule: Rule) -> bool:
	"""Frappe prints for whoever may print *or read* a record (``validate_print_permission``)."""
	return persona.role in rule.print or persona.role in rule.read


def check_print(check: Checker, doctype: str, targets: list[Target], rule: Rule) -> None:
	"""Refused prints through every print path; an allowed print of a dossier renders (desk preview).

	Rendering a PDF costs about a second, so allowed prints are rendered for dossiers only."""
	rendered = printview_tried = False
	for target in targets:
		allowed = may_print(check.persona, rule) and check.world.sees_row(check.persona, target)
		if allowed:
			if doctype == "Dossier" and not rendered:
				s, b = check.call("frappe.www.printview.get_html_and_style", doc=doctype, name=target.name)
				check.expect("printview.get_html_and_style", target, True, s == 200 and bool(message(b)), s)
				rendered = True
			continue
		r = check.get(
			"/api/method/frappe.utils.print_format.download_pdf", doctype=doctype, name=target.name
		)
		pdf = r.status_code == 200 and (r.headers.get("content-type") or "").startswith("application/pdf")
		check.expect("download_pdf", target, False, pdf, r.status_code)
		s, b = check.call("frappe.www.printview.get_html_and_style", doc=doctype, name=target.name)
		check.expect("printview.get_html_and_style", target, False, s == 200 and bool(message(b)), s)
		if doctype in ("Dossier", "Applicant") and not printview_tried:
			# the page renders a whole error page (slow): one refused row per persona is enough
			r = check.get("/printview", doctype=doctype, name=target.name, format="Standard")
			check.expect("/printview", target, False, r.status_code == 200, r.status_code)
			# several records in one PDF: Frappe skips the ones that fail, so no page may come back
			r = check.get(
				"/api/method/frappe.utils.print_format.download_multi_pdf",
				doctype=doctype,
				name=json.dumps([target.name]),
				format="Standard",
			)
			check.expect("download_multi_pdf", target, False, pdf_pages(r) > 0, r.status_code)
			printview_tried = True


# -- writes ---------------------------------------------------------------------------------------

PROBE = "ma-tran-phan-quyen"
WRITABLE_TYPES = ("Data", "Small Text", "Text", "Long Text")


def probe_field(doctype: str) -> str:
	"""A plain text field to try writing (any will do: every write tried here must be refused)."""
	fields = DOCTYPES[doctype]["fields"]
	for df in fields:
		if df["fieldtype"] in WRITABLE_TYPES and not df.get("read_only") and not df.get("permlevel"):
			return df["fieldname"]
	for df in fields:
		if df["fieldtype"] in WRITABLE_TYPES:
			return df["fieldname"]
	return "idx"


def may(world: World, persona: Persona, ptype: str, target: Target) -> bool:
	"""The policy's answer for a write: the role may ``ptype`` the DocType (a child row: write its
	parent) and the row is in the persona's scope."""
	rule = rule_of(target.doctype)
	roles = rule.write if is_child(target.doctype) else getattr(rule, ptype)
	if persona.role not in roles:
		return False
	if rule.scope == PUBLIC or not persona.is_department:
		return True
	return bool(target.agencies & world.agencies[persona.key])


def snapshot(world: World, doctype: str, targets: list[Target]) -> dict:
	fieldname = probe_field(doctype)
	fields = ["name", "modified"] + ([fieldname] if fieldname != "idx" else [])
	if is_single(doctype):
		status, body, _ = world.admin.call("frappe.client.get", "GET", doctype=doctype, name=doctype)
		doc = message(body) or {}
		return {doctype: (doc.get("modified"), doc.get(fieldname))}
	rows = admin_list(world.admin, doctype, fields, [["name", "in", [t.name for t in targets]]], parent=parent_of(doctype))
	return {row["name"]: (row["modified"], row.get(fieldname)) for row in rows}


CREATE_PAYLOADS = {
	# cross-agency creations for roles that may create in their own agency
	"Apology Letter": lambda t, w: {"dossier": _letter_dossier(w, t.name), "reason": PROBE,
	                                "new_appointment_at": "2099-01-01 08:00:00"},
	"Secondment": lambda t, w: {"officer": "tonghop01@onestop.localhost", "home_agency": sorted(t.agencies)[0],
	                            "kind": "Secondment", "start_date": "2099-01-01"},
	# a head delegating another agency's authority (the delegator defaults to the user)
	"Delegation": lambda t, w: {"agency": sorted(t.agencies)[0], "deputy": "chuyenvien02@onestop.localhost",
	                            "role": "Department Head", "kind": "KT.", "delegator_title": "GIÁM ĐỐC",
	                            "deputy_title": "PHÓ GIÁM ĐỐC", "valid_from": "2099-01-01 08:00:00",
	                            "valid_to": "2099-01-02 08:00:00", "reason": PROBE},
}


def _letter_dossier(world: World, letter: str) -> str:
	return admin_list(world.admin, "Apology Letter", ["dossier"], [["name", "=", letter]])[0]["dossier"]


@pytest.mark.parametrize("doctype", sorted(DOCTYPES))
@pytest.mark.parametrize("persona", PERSONAS, ids=PERSONA_IDS)
def test_writes(persona, doctype, world, sessions):
	check = Checker(world, persona, sessions[persona.key])
	rule = rule_of(doctype)
	child = is_child(doctype)
	single = is_single(doctype)
	thorough = rule.scope != PUBLIC
	targets = world.targets[doctype]
	updates = [t for t in rows_to_try(world, persona, doctype, rule.write) if not may(world, persona, "write", t)]
	deletes = [] if single else [
		t for t in rows_to_try(world, persona, doctype, rule.write if child else rule.delete)
		if not may(world, persona, "delete", t)
	]
	before = snapshot(world, doctype, targets)
	# one job per row: Frappe locks the row it updates or deletes (NOWAIT), so the attempts on a
	# row go one after the other
	def attempts(target):
		if target in updates:
			try_update(check, doctype, target, thorough)
		if target in deletes:
			try_delete(check, doctype, target, thorough)

	jobs = [lambda t=t: attempts(t) for t in {t.name: t for t in updates + deletes}.values()]
	if not child and not single:
		jobs.append(lambda: try_create(check, doctype, targets))
	run_all(jobs)
	after = snapshot(world, doctype, targets)
	for target in {t.name: t for t in updates + deletes}.values():
		if after.get(target.name) != before.get(target.name):
			change = f"changed: {before.get(target.name)} -> {after.get(target.name)}"
			check.cells.append(Cell("database", target, "deny", change))
	check.assert_clean()


def try_update(check: Checker, doctype: str, target: Target, thorough: bool) -> None:
	"""Writes the policy forbids: a field through REST and ``set_value``; for a child row, a new
	row appended to its parent through REST and ``frappe.client.insert``."""
	fieldname = probe_field(doctype)
	r = check.session.put(f"/api/resource/{doctype}/{target.name}", json={fieldname: PROBE})
	check.scan("PUT", r.text, target.name)
	check.refused("PUT /api/resource/<doc>", target, r.status_code, _body(r))
	if not thorough:
		return
	if not is_child(doctype) and not is_single(doctype):
		s, b = check.call("frappe.client.set_value", doctype=doctype, name=target.name, fieldname=fieldname, value=PROBE)
		check.refused("frappe.client.set_value", target, s, b)
	if is_child(doctype):
		parent = parent_of(doctype)
		row = {
			"doctype": doctype,
			"parent": target.parent,
			"parenttype": parent,
			"parentfield": _table_field(parent, doctype),
			fieldname: PROBE,
		}
		count = _child_count(check.world, doctype, parent, target.parent)
		r = check.session.post(f"/api/resource/{doctype}", json=row)
		check.scan("POST", r.text, row)
		s, b = check.call("frappe.client.insert", doc=row)
		grew = _child_count(check.world, doctype, parent, target.parent) != count
		check.refused("POST /api/resource/<child row>", target, r.status_code, _body(r), grew)
		check.refused("frappe.client.insert(<child row>)", target, s, b, grew)


def try_delete(check: Checker, doctype: str, target: Target, thorough: bool) -> None:
	r = check.session.delete(f"/api/resource/{doctype}/{target.name}")
	check.scan("DELETE", r.text, target.name)
	check.refused("DELETE /api/resource/<doc>", target, r.status_code, _body(r))
	if thorough and not is_child(doctype):
		s, b = check.call("frappe.client.delete", doctype=doctype, name=target.name)
		check.refused("frappe.client.delete", target, s, b)


def try_create(check: Checker, doctype: str, targets: list[Target]) -> None:
	"""A role without create permission creates nothing; a department role that may create
	(apology letters, secondments) cannot create one naming another agency."""
	persona, world = check.persona, check.world
	if persona.role not in POLICY[doctype].create:
		payload = {probe_field(doctype): PROBE}
		r = check.session.post(f"/api/resource/{doctype}", json=payload)
		check.scan("POST", r.text, payload)
		check.refused("POST /api/resource (create)", None, r.status_code, _body(r))
		_remove_if_created(world, doctype, r)
	elif doctype in CREATE_PAYLOADS and persona.is_department:
		for target in targets:
			if may(world, persona, "create", target):
				continue
			payload = {"doctype": doctype, **CREATE_PAYLOADS[doctype](target, world)}
			r = check.session.post(f"/api/resource/{doctype}", json=payload)
			check.scan("POST", r.text, payload)
			check.refused("POST /api/resource (create, other agency)", target, r.status_code, _body(r))
			_remove_if_created(world, doctype, r)


def _table_field(parent: str, child: str) -> str:
	return next(df["fieldname"] for df in DOCTYPES[parent]["fields"] if df.get("options") == child)


def _child_count(world: World, doctype: str, parent: str, parent_name: str) -> int:
	return len(admin_list(world.admin, doctype, ["name"], [["parent", "=", parent_name]], parent=parent))


def _remove_if_created(world: World, doctype: str, response) -> None:
	if response.status_code == 200:
		name = (_body(response).get("data") or {}).get("name")
		if name:
			world.created.append((doctype, name))


# -- files ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS, ids=PERSONA_IDS)
def test_files(persona, world, sessions):
	check = Checker(world, persona, sessions[persona.key])
	planted = {label: row for label, row in world.files.items()}
	targets = {label: Target("Dossier", row["dossier"], world.holders[row["dossier"]], label=f"dossier of {label}")
	           for label, row in planted.items()}

	r = check.get(
		"/api/resource/File",
		fields=["name", "file_name", "file_url", "attached_to_doctype", "attached_to_name"],
		filters=[["attached_to_doctype", "=", "Dossier"]],
		limit_page_length=0,
	)
	rows = _body(r).get("data", []) if r.status_code == 200 else []
	visible = world.visible_dossiers(persona) if persona.role in POLICY["Dossier"].read else set()
	leaked = sorted({row["attached_to_name"] for row in rows} - visible)
	check.expect("File list: attachments of unreadable dossiers", None, False, bool(leaked), r.status_code)
	s, b = check.call(
		"frappe.desk.reportview.get",
		doctype="File",
		fields=["`tabFile`.`name`", "`tabFile`.`attached_to_name`"],
		filters=[["File", "attached_to_doctype", "=", "Dossier"]],
	)
	values = (message(b) or {}).get("values", []) if s == 200 and isinstance(message(b), dict) else []
	leaked = sorted({row[1] for row in values} - visible)
	check.expect("File report view: attachments of unreadable dossiers", None, False, bool(leaked), s)

	for label, row in planted.items():
		target = targets[label]
		allowed = world.sees_row(persona, target)
		check.expect("File list", target, allowed, row["name"] in {x["name"] for x in rows}, r.status_code)
		r1 = check.get(f"/api/resource/File/{row['name']}")
		check.expect("GET /api/resource/File/<name>", target, allowed, r1.status_code == 200, r1.status_code)
		r2 = check.session.get(row["file_url"])
		got = r2.status_code == 200 and r2.content == row["content"]
		check.expect("download private attachment", target, allowed, got, r2.status_code)
		s, b = check.call("frappe.client.get_count", doctype="File", filters={"attached_to_name": row["dossier"]})
		check.expect("frappe.client.get_count(File)", target, allowed, s == 200 and count_in(b) > 0, s, strict=False)

		if not may(world, persona, "write", target):
			count = _file_count(world, row["dossier"])
			for private in (1, 0):
				r3 = check.session.post(
					"/api/method/upload_file",
					data={"doctype": "Dossier", "docname": row["dossier"], "is_private": private},
					files={"file": (f"matrix-upload-{uuid.uuid4().hex[:6]}.txt", b"not yours", "text/plain")},
				)
				check.scan("upload_file", r3.text, row["dossier"])
				grew = _file_count(world, row["dossier"]) != count
				check.refused(f"upload_file (is_private={private})", target, r3.status_code, _body(r3), grew)
				_forget_new_files(world, row["dossier"], count)
			s, b = check.call(
				"frappe.client.attach_file",
				filename=f"matrix-attach-{uuid.uuid4().hex[:6]}.txt",
				filedata="bm90IHlvdXJz",
				doctype="Dossier",
				docname=row["dossier"],
				decode_base64=1,
			)
			check.refused("frappe.client.attach_file", target, s, b, _file_count(world, row["dossier"]) != count)
			_forget_new_files(world, row["dossier"], count)

		if not allowed and persona.login:
			# a File of one's own pointing at another agency's private URL gives no copy of it
			r4 = check.session.post(
				"/api/resource/File", json={"file_url": row["file_url"], "file_name": "copy.txt", "is_private": 1}
			)
			check.scan("POST File", r4.text, row["file_url"])
			if r4.status_code == 200:
				world.created.append(("File", _body(r4)["data"]["name"]))
			r5 = check.session.get(row["file_url"])
			check.expect(
				"File record with another's private URL, then download",
				target,
				False,
				r5.status_code == 200 and r5.content == row["content"],
				r5.status_code,
			)
	check.assert_clean()


def _file_count(world: World, dossier: str) -> int:
	return len(admin_list(world.admin, "File", ["name"], [["attached_to_doctype", "=", "Dossier"], ["attached_to_name", "=", dossier]]))


def _forget_new_files(world: World, dossier: str, count: int) -> None:
	"""Files wrongly accepted are removed at the end, so that one failure does not cascade."""
	rows = admin_list(
		world.admin, "File", ["name"], [["attached_to_doctype", "=", "Dossier"], ["attached_to_name", "=", dossier]]
	)
	if len(rows) > count:
		known = {name for doctype, name in world.created if doctype == "File"}
		world.created.extend(("File", row["name"]) for row in rows if row["name"] not in known)


# -- reports --------------------------------------------------------------------------------------


def load_reports() -> dict[str, dict]:
	reports = {}
	for path in sorted(APP_DIR.glob("*/report/*/*.json")):
		data = json.loads(path.read_text(encoding="utf-8"))
		if data.get("doctype") == "Report":
			reports[data["name"]] = data
	return reports


REPORTS = load_reports()


@pytest.mark.parametrize("report", sorted(REPORTS))
@pytest.mark.parametrize("persona", PERSONAS, ids=PERSONA_IDS)
def test_reports(persona, report, world, sessions):
	check = Checker(world, persona, sessions[persona.key])
	spec = REPORTS[report]
	roles = {row["role"] for row in spec.get("roles", [])}
	allowed = persona.role in roles and persona.role in rule_of(spec["ref_doctype"]).read
	other = sorted(world.agencies["specialist_other_agency"] if persona.key != "specialist_other_agency"
	               else world.agencies[DEPARTMENT_PERSONAS[0].key])[0]
	for label, filters in (
		("no filters", {}),
		("another agency", {"agency": other}),
		("a wide period", {"from_date": "2000-01-01", "to_date": "2099-12-31"}),
		("another agency, wide period", {"agency": other, "from_date": "2000-01-01", "to_date": "2099-12-31"}),
	):
		s, b = check.call("frappe.desk.query_report.run", report_name=report, filters=filters)
		result = message(b) if isinstance(message(b), dict) else {}
		check.expect(f"query_report.run ({label})", None, allowed, s == 200 and "result" in result, s, strict=label == "no filters")
	# the report's own export (CSV), scanned like every answer
	r = check.session.post(
		"/api/method/frappe.desk.query_report.export_query",
		data=_encode({"report_name": report, "file_format_type": "CSV", "filters": {}, "visible_idx": []}),
	)
	check.scan("query_report.export_query", r.text, report)
	exported = r.status_code == 200 and "json" not in (r.headers.get("content-type") or "")
	check.expect("query_report.export_query", None, allowed, exported, r.status_code, strict=False)
	check.assert_clean()


# -- generic endpoints ------------------------------------------------------------------------------


def other_dossier(world: World, persona: Persona) -> str:
	"""A dossier the persona may not see (for centre roles: any; they see them all)."""
	visible = world.visible_dossiers(persona)
	hidden = sorted(set(world.dossiers) - visible)
	return hidden[0] if hidden else sorted(world.dossiers)[0]


@pytest.mark.parametrize("persona", PERSONAS, ids=PERSONA_IDS)
def test_generic_endpoints(persona, world, sessions):
	check = Checker(world, persona, sessions[persona.key])
	dossier_rule = POLICY["Dossier"]
	name = other_dossier(world, persona)
	target = Target("Dossier", name, world.holders[name], label="dossier")
	allowed = world.sees_row(persona, target)
	values = world.dossiers[name]
	applicant = world.applicants[values["applicant"]]
	applicant_target = Target("Applicant", values["applicant"], None, label="applicant")
	reads_registry = persona.role in POLICY["Applicant"].read

	# validate_link answers the same for a record one may not read as for one that does not exist
	missing = "000.00.99.H02-000101-9999"
	s1, b1 = check.call("frappe.client.validate_link", doctype="Dossier", docname=name)
	s2, b2 = check.call("frappe.client.validate_link", doctype="Dossier", docname=missing)
	check.expect("validate_link(Dossier)", target, allowed, s1 == 200 and (message(b1) or {}).get("name") == name, s1)
	if not allowed:
		check.expect("validate_link(Dossier) differs from a missing name", target, False, (s1, message(b1)) != (s2, message(b2)), s1)
	s, b = check.call("frappe.client.validate_link", doctype="Applicant", docname=values["applicant"])
	check.expect("validate_link(Applicant)", applicant_target, reads_registry, s == 200 and bool((message(b) or {}).get("name")), s)

	# link titles
	s, b = check.call("frappe.desk.search.get_link_title", doctype="Dossier", docname=name)
	check.expect("get_link_title(Dossier)", target, allowed, s == 200 and message(b) == values["applicant_name"], s, strict=False)
	s, b = check.call("frappe.desk.search.get_link_title", doctype="Applicant", docname=values["applicant"])
	check.expect(
		"get_link_title(Applicant)",
		applicant_target,
		reads_registry or allowed,
		s == 200 and message(b) == applicant["full_name"],
		s,
		strict=False,
	)

	# search: by the code, by the applicant's name and phone, with the client's escape hatches
	for label, params in (
		("search_link by code", {"doctype": "Dossier", "txt": name}),
		("search_link by code, ignore_user_permissions", {"doctype": "Dossier", "txt": name, "ignore_user_permissions": 1}),
		("search_link by applicant name", {"doctype": "Dossier", "txt": values["applicant_name"]}),
		("search_widget with filter_fields", {"doctype": "Dossier", "txt": name, "filter_fields": ["phone", "applicant_name"], "as_dict": 1}),
		("search_link with a foreign query", {"doctype": "Dossier", "txt": name, "query": "frappe.desk.reportview.get_list"}),
	):
		method = "frappe.desk.search.search_widget" if "search_widget" in label else "frappe.desk.search.search_link"
		s, b = check.call(method, **params)
		found = name in json.dumps(message(b) or [])
		strict = label == "search_link by code"
		check.expect(label, target, allowed and persona.role in dossier_rule.read, found, s, strict=strict)
	for text in (name, values["applicant_name"]):
		s, b = check.call("frappe.utils.global_search.search", text=text, limit=50)
		found = name in json.dumps(message(b) or [], ensure_ascii=False)
		check.expect("global_search.search", target, allowed, found, s, strict=False)
	key = applicant.get("id_number") or applicant.get("tax_code")
	s, b = check.call("frappe.desk.search.search_link", doctype="Applicant", txt=key)
	check.expect("search_link(Applicant) by ID number", applicant_target, reads_registry,
	             values["applicant"] in json.dumps(message(b) or []), s)
	s, b = check.call("onestop_center.onestop_printing.reception.find_applicant", key=key)
	check.expect("reception.find_applicant by ID number", applicant_target, persona.role in {RECEPTION, LEADER, ADMIN},
	             s == 200 and bool(message(b)), s, strict=persona.role == RECEPTION)

	# counts and lists filtered on personal fields: no yes/no oracle on another agency's citizen
	for fieldname in ("phone", "email", "applicant_name"):
		value = values.get(fieldname)
		if not value:
			continue
		# (with the dossier's name too: the same citizen may have a dossier the persona can see)
		for label, filters in (
			("=", [["Dossier", fieldname, "=", value], ["Dossier", "name", "=", name]]),
			("like", [["Dossier", fieldname, "like", f"{value[:5]}%"], ["Dossier", "name", "=", name]]),
		):
			s, b = check.call("frappe.client.get_count", doctype="Dossier", filters=filters)
			check.expect(f"get_count(Dossier, {fieldname} {label})", target, allowed, s == 200 and count_in(b) > 0, s, strict=False)
			s, b = check.call("frappe.desk.reportview.get_count", doctype="Dossier", filters=filters)
			check.expect(f"reportview.get_count(Dossier, {fieldname} {label})", target, allowed, s == 200 and count_in(b) > 0, s, strict=False)
			s, b = check.call("frappe.desk.listview.get_group_by_count", doctype="Dossier", current_filters=filters, field="assigned_to")
			if not allowed:
				check.expect(f"get_group_by_count(assigned_to, {fieldname} {label})", target, False, s == 200 and count_in(b) > 0, s)
			s, b = check.call("frappe.client.get_list", doctype="Dossier", filters=filters, fields=["name"])
			check.expect(f"get_list(Dossier, {fieldname} {label})", target, allowed, name in names_in(b), s, strict=False)
	for child, fieldname in (("Dossier Step", "agency"), ("Dossier Hand-over", "to_agency")):
		s, b = check.call("frappe.client.get_count", doctype=child, filters={"parent": name})
		check.expect(f"get_count({child}, parent=<dossier>)", target, allowed, s == 200 and count_in(b) > 0, s, strict=False)

	# the timeline records of the dossier
	for doctype, filters in (
		("Comment", [["reference_doctype", "=", "Dossier"], ["reference_name", "=", name]]),
		("Version", [["ref_doctype", "=", "Dossier"], ["docname", "=", name]]),
		("ToDo", [["reference_type", "=", "Dossier"], ["reference_name", "=", name]]),
		("Communication", [["reference_doctype", "=", "Dossier"], ["reference_name", "=", name]]),
	):
		s, b = check.call("frappe.client.get_list", doctype=doctype, filters=filters, fields=["name"], limit_page_length=0)
		got = s == 200 and bool(names_in(b))
		if not allowed:
			check.expect(f"get_list({doctype} of the dossier)", target, False, got, s)
		s, b = check.call("frappe.client.get_count", doctype=doctype, filters=filters)
		if not allowed:
			check.expect(f"get_count({doctype} of the dossier)", target, False, s == 200 and count_in(b) > 0, s)
	s, b = check.call("frappe.desk.form.load.get_docinfo", doctype="Dossier", name=name)
	check.expect("get_docinfo(Dossier)", target, allowed, s == 200, s, strict=False)

	# the form's connections and dashboard: nothing about a record one may not read
	s, b = check.call("frappe.desk.form.linked_with.get", doctype="Dossier", docname=name)
	check.expect("linked_with.get(Dossier)", target, allowed, s == 200, s, strict=False)
	s, b = check.call("frappe.desk.form.linked_with.get", doctype="Applicant", docname=values["applicant"])
	check.expect("linked_with.get(Applicant)", applicant_target, reads_registry, s == 200, s, strict=False)
	s, b = check.call("frappe.desk.notifications.get_open_count", doctype="Dossier", name=name)
	check.expect("get_open_count(Dossier)", target, allowed, s == 200, s, strict=False)
	s, b = check.call("frappe.desk.form.linked_with.get_submitted_linked_docs", doctype="Dossier", name=name)
	check.expect(
		"get_submitted_linked_docs(Dossier)", target, allowed, s == 200 and bool((message(b) or {}).get("docs")), s, strict=False
	)
	s, b = check.call("frappe.desk.reportview.get_stats", stats=["_user_tags", "owner"], doctype="Dossier",
	                  filters=[["Dossier", "name", "=", name]])
	check.expect("reportview.get_stats(Dossier)", target, allowed, s == 200 and "owner" in json.dumps(message(b) or {}) and
	             any(row[1] for row in (message(b) or {}).get("owner", []) if isinstance(row, list)), s, strict=False)
	check.assert_clean()


# -- the outbox's actions (integration/outbox.py): the OneStop Administrator's only ---------------
OUTBOX_METHODS = ("onestop_center.integration.outbox.retry", "onestop_center.integration.outbox.abandon")


@pytest.mark.parametrize("persona", PERSONAS, ids=PERSONA_IDS)
def test_outbox_actions(persona, world, sessions):
	"""Sending a message to another system again, or giving it up: refused (403) to everyone but the
	administrator, who is told an unknown message does not exist (404)."""
	check = Checker(world, persona, sessions[persona.key])
	for method in OUTBOX_METHODS:
		status, body = check.call(method, deliveries=json.dumps(["ma-tran-khong-co"]))
		if persona.role == ADMIN:
			check.expect(method, None, True, status == 404, status)
		else:
			check.refused(method, None, status, body)
			if status != 403:
				check.cells.append(Cell(method, None, "deny", f"HTTP {status}, not 403"))
	check.assert_clean()


# -- the catalogue's desk actions (catalogue/versions.py, catalogue/importing.py) ------------------
# A new version of a procedure: whoever may write procedures (the policy above); Data Import of
# the catalogue and its template: the OneStop Administrator, who sees imports of the catalogue only.
CATALOGUE_METHODS = {
	"onestop_center.catalogue.versions.create_new_version": ("POST", POLICY["Procedure"].write),
	"onestop_center.catalogue.importing.download_template": ("GET", frozenset({ADMIN})),
}
IMPORTERS = frozenset({ADMIN})


@pytest.mark.parametrize("persona", PERSONAS, ids=PERSONA_IDS)
def test_catalogue_actions(persona, world, sessions):
	check = Checker(world, persona, sessions[persona.key])
	procedure = world.targets["Procedure"][0]

	def stored():
		return message(world.admin.call("frappe.client.get_value", "GET", doctype="Procedure",
			filters={"name": procedure.name}, fieldname=["version", "effective_date", "modified"])[1])

	before = stored()
	for method, (verb, roles) in CATALOGUE_METHODS.items():
		# a new version dated in the past: a writer is told the date is wrong, nothing changes
		params = {"procedure": procedure.name, "effective_date": "2000-01-01"} if verb == "POST" else {}
		status, body = check.call(method, verb, **params)
		if persona.role in roles:
			check.expect(method, procedure, True, status == (417 if verb == "POST" else 200), status)
		else:
			check.refused(method, procedure, status, body, changed=stored() != before)
	assert stored() == before
	status, body = check.call("frappe.client.get_list", "GET", doctype="Data Import",
		fields=["name", "reference_doctype"], limit_page_length=0)
	if persona.role in IMPORTERS:
		rows = message(body) or []
		check.expect("Data Import list", procedure, True, status == 200, status)
		check.expect("Data Import of other DocTypes", procedure, False,
			any(r["reference_doctype"] not in ("Procedure", "Procedure Field", "Agency") for r in rows), status)
	else:
		check.refused("Data Import list", procedure, status, body)
	check.assert_clean()


# -- the exchange API of departments' own systems (integration/exchange.py) ------------------------
# Token-authenticated methods for users with the role "Department System" (a department's software,
# attached to its agency by a User Permission): method -> (HTTP verb, roles allowed). No demo persona
# is such a system, so every one is refused to guests and to every officer — even of the agency
# holding the dossier — and nothing changes; tests/e2e/test_exchange.py drives the allowed side
# with a peer's API key.
DEPARTMENT_SYSTEM = "Department System"
METHOD_POLICY = {
	f"onestop_center.integration.exchange.{name}": (verb, frozenset({DEPARTMENT_SYSTEM}))
	for name, verb in (
		("v1_list_dossiers", "GET"),
		("v1_get_dossier", "GET"),
		("v1_acknowledge", "POST"),
		("v1_report_progress", "POST"),
		("v1_report_directive", "POST"),
		("v1_report_opinion", "POST"),
		("v1_request_supplement", "POST"),
		("v1_report_result", "POST"),
	)
}


def test_method_policy_covers_the_exchange_api():
	import ast

	source = (APP_DIR / "integration" / "exchange.py").read_text(encoding="utf-8")
	endpoints = {
		f"onestop_center.integration.exchange.{node.name}"
		for node in ast.parse(source).body
		if isinstance(node, ast.FunctionDef) and node.name.startswith("v1_")
	}
	assert endpoints == set(METHOD_POLICY), endpoints ^ set(METHOD_POLICY)


@pytest.mark.parametrize("persona", PERSONAS, ids=PERSONA_IDS)
def test_exchange_methods(persona, world, sessions):
	check = Checker(world, persona, sessions[persona.key])
	# a dossier the persona may read (a department persona's own agency's): the role refuses, not the row
	name = sorted(world.visible_dossiers(persona) or world.dossiers)[0]
	target = Target("Dossier", name, world.holders[name], label="dossier")

	def stored():
		return message(world.admin.call("frappe.client.get_value", "GET", doctype="Dossier",
			filters={"name": name}, fieldname=["status", "modified"])[1])

	before = stored()
	for method, (verb, roles) in METHOD_POLICY.items():
		params = {} if verb == "GET" and method.endswith("v1_list_dossiers") else {"dossier": name}
		if verb == "POST":
			params.update(request_id=f"matrix-{uuid.uuid4().hex[:10]}", event="step_started", step=1,
				text="Ma trận", opinion="Ma trận", supplement_request="Ma trận", result_number="1/MT")
		status, body = check.call(method, verb, **params)
		if persona.role in roles:
			check.expect(method, target, True, status == 200, status)
		else:
			check.refused(method, target, status, body, changed=stored() != before)
			if status != 403:
				check.cells.append(Cell(method, target, "deny", f"HTTP {status}, not 403"))
	check.assert_clean()
