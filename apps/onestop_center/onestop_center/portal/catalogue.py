"""The public procedure catalogue (danh mục thủ tục hành chính): search and one page per procedure.

Only active procedures are shown, and only what the catalogue publishes (no internal routing
roles). A procedure's page is ``/thu-tuc/<national code>``: the Procedure's name is its national
code and a new version changes the record in place (``Procedure.set_version``), so the link printed
or bookmarked today still opens the version in force tomorrow.

Search (``/thu-tuc?q=…``): every word must appear in the procedure's name, national code, agency
or field (MariaDB's ``utf8mb4_unicode_ci`` compares without accents, so "giay phep" finds
"giấy phép"); filters by agency, field and online service level.
"""

import frappe
from frappe import _
from frappe.utils import cint, flt

PAGE_LENGTH = 50
MAX_QUERY_LENGTH = 100
MAX_WORDS = 8
ONLINE_LEVELS = ("Full Online", "Partial Online")


def online_level_texts() -> dict[str, str]:
	return {
		"Full Online": _("Full online public service"),
		"Partial Online": _("Partial online public service"),
		"": _("Not offered online"),
	}


def duration_unit_texts() -> dict[str, str]:
	return {
		"Working Day": _("working days"),
		"Working Hour": _("working hours"),
		"Calendar Day": _("days"),
	}


def _clean(value, length: int = MAX_QUERY_LENGTH) -> str:
	return value.strip()[:length] if isinstance(value, str) else ""


def _like(word: str) -> str:
	return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def search_procedures(query=None, agency=None, field=None, online_level=None, page=1) -> dict:
	"""Active procedures matching the search, by agency then name; ``PAGE_LENGTH`` a page."""
	query, agency, field = _clean(query), _clean(agency, 140), _clean(field, 140)
	online_level = online_level if online_level in (*ONLINE_LEVELS, "none") else ""
	page = max(cint(page) if isinstance(page, int | str) else 1, 1)

	conditions, values = ["p.is_active = 1"], {}
	for index, word in enumerate(query.split()[:MAX_WORDS]):
		values[f"w{index}"] = _like(word)
		conditions.append(
			f"(p.procedure_name like %(w{index})s or p.procedure_code like %(w{index})s"
			f" or a.agency_name like %(w{index})s or a.short_name like %(w{index})s"
			f" or f.field_name like %(w{index})s)"
		)
	if agency:
		conditions.append("p.responsible_agency = %(agency)s")
		values["agency"] = agency
	if field:
		conditions.append("p.procedure_field = %(field)s")
		values["field"] = field
	if online_level == "none":
		conditions.append("coalesce(p.online_level, '') = ''")
	elif online_level:
		conditions.append("p.online_level = %(online_level)s")
		values["online_level"] = online_level

	where = " and ".join(conditions)
	joins = """from `tabProcedure` p
		left join `tabAgency` a on a.name = p.responsible_agency
		left join `tabProcedure Field` f on f.name = p.procedure_field"""
	total = frappe.db.sql(f"select count(*) {joins} where {where}", values)[0][0]
	values.update(limit=PAGE_LENGTH, offset=(page - 1) * PAGE_LENGTH)
	rows = frappe.db.sql(
		f"""select p.name, p.procedure_code, p.procedure_name, p.online_level, p.duration_in_person,
			p.duration_unit, p.resolved_immediately, p.responsible_agency, a.agency_name, f.field_name
		{joins} where {where}
		order by a.agency_name, p.procedure_name
		limit %(limit)s offset %(offset)s""",
		values,
		as_dict=True,
	)
	levels = online_level_texts()
	for row in rows:
		row.online_level_text = levels.get(row.online_level or "", "")
		row.duration_text = duration_text(row)
	return {
		"procedures": rows,
		"total": total,
		"page": page,
		"pages": max((total + PAGE_LENGTH - 1) // PAGE_LENGTH, 1),
		"query": query,
		"agency": agency,
		"field": field,
		"online_level": online_level,
	}


def duration_text(procedure, channel: str = "in_person") -> str:
	if cint(procedure.get("resolved_immediately")):
		return _("Resolved on the spot")
	amount = flt(procedure.get("duration_online") if channel == "online" else procedure.get("duration_in_person"))
	if not amount:
		return ""
	unit = duration_unit_texts().get(procedure.get("duration_unit") or "Working Day", "")
	number = int(amount) if amount == int(amount) else amount
	return f"{number} {unit}"


def filter_options() -> dict:
	"""Agencies and fields that have active procedures, for the catalogue's filters."""
	agencies = frappe.db.sql(
		"""select distinct a.name, a.agency_name from `tabAgency` a
		join `tabProcedure` p on p.responsible_agency = a.name and p.is_active = 1
		where a.is_active = 1 order by a.agency_name""",
		as_dict=True,
	)
	fields = frappe.db.sql(
		"""select distinct f.name, f.field_name from `tabProcedure Field` f
		join `tabProcedure` p on p.procedure_field = f.name and p.is_active = 1
		order by f.field_name""",
		as_dict=True,
	)
	levels = online_level_texts()
	return {
		"agencies": agencies,
		"fields": fields,
		"online_levels": [{"value": v, "label": levels[v]} for v in ONLINE_LEVELS]
		+ [{"value": "none", "label": levels[""]}],
	}


def is_public_file(url: str | None) -> bool:
	"""A template a guest can download: a public file of the site or an outside address."""
	return bool(url) and (url.startswith("/files/") or url.startswith("https://") or url.startswith("http://"))


def procedure_page(code) -> dict | None:
	"""The public page of an active procedure, by its national code (None when there is none)."""
	code = _clean(code, 140)
	if not code:
		return None
	name = frappe.db.get_value("Procedure", {"name": code, "is_active": 1}, "name")
	if not name:
		return None
	from onestop_center.catalogue.versions import ProcedureNotInForce, procedure_in_force

	try:
		procedure = procedure_in_force(name)  # a version scheduled for a later day is not shown yet
	except ProcedureNotInForce:
		frappe.clear_last_message()
		return None
	agency = frappe.db.get_value(
		"Agency", procedure.responsible_agency, ["agency_name", "address", "phone"], as_dict=True
	) or frappe._dict()
	field_name = (
		frappe.db.get_value("Procedure Field", procedure.procedure_field, "field_name")
		if procedure.procedure_field
		else ""
	)
	level = procedure.get("online_level") or ""
	return frappe._dict(
		code=procedure.procedure_code or procedure.name,
		name=(procedure.procedure_name or "").strip(),
		agency=agency.agency_name or "",
		agency_address=agency.address or "",
		agency_id=procedure.responsible_agency,
		field=field_name or "",
		field_id=procedure.procedure_field,
		version=cint(procedure.version),
		effective_date=procedure.effective_date,
		online_level=level,
		online_level_text=online_level_texts().get(level, ""),
		duration_in_person=duration_text(procedure),
		duration_online=duration_text(procedure, "online") if level else "",
		resolved_immediately=cint(procedure.resolved_immediately),
		result_document=(procedure.result_document or "").strip(),
		result_place=(
			_("The handling agency returns the result.")
			if procedure.result_returned_by == "Department"
			else _("The centre returns the result at its counters (or by post if you ask for it).")
		),
		legal_basis=[line.strip() for line in (procedure.legal_basis or "").splitlines() if line.strip()],
		documents=[
			frappe._dict(
				name=(row.document_name or "").strip(),
				originals=cint(row.originals),
				copies=cint(row.copies),
				mandatory=cint(row.mandatory),
				template=row.template if is_public_file(row.template) else None,
			)
			for row in procedure.documents
		],
		fees=[
			frappe._dict(
				name=row.fee_name, kind=_("Fee") if row.fee_kind == "Fee" else _("Charge"), amount=flt(row.amount)
			)
			for row in procedure.fees
		],
		total_fee=sum(flt(row.amount) for row in procedure.fees),
		counters=counters_for(procedure.responsible_agency),
		channels=channels(level),
	)


def counters_for(agency: str | None) -> list[str]:
	"""The centre's counters that receive dossiers of an agency ("Quầy 03 – …")."""
	if not agency:
		return []
	rows = frappe.db.sql(
		"""select distinct c.counter_number, c.counter_name from `tabCounter` c
		join `tabCounter Agency` ca on ca.parent = c.name and ca.parenttype = 'Counter'
		where c.is_active = 1 and ca.agency = %s order by c.counter_number""",
		(agency,),
		as_dict=True,
	)
	return [" – ".join(filter(None, [_("Counter {0}").format(r.counter_number), r.counter_name])) for r in rows]


def channels(level: str) -> list[str]:
	"""How a dossier can be filed (at the counter and by post always; online per the level)."""
	result = [_("In person at the centre's counters"), _("By post (public postal service)")]
	if level:
		result.append(_("Online on the public service portal"))
	return result
