"""Where a dossier has been: the agencies that hold it, are consulted on it or were handed it.

A department user reads a dossier when their agency holds it (``agency``), is consulted on it
(``consultations.agency``) or had it handed over before (``handovers.to_agency``). Written as
``agency in … or exists (consultation …) or exists (hand-over …)`` that condition cannot use an
index: on a million dossiers the department head's list read every one of them. The same set is
kept here as rows of ``Dossier Routing`` (dossier, agency), unique on (agency, dossier), so the
list's condition is one index range per agency (issue 9, Performance).

The rows are derived, never entered: :func:`sync` rewrites a dossier's rows from the document at
every save (``Dossier.on_update``), so they are exactly the three sources above — also when a
dossier's agency changes before its transfer (the former agency loses it, as before). Bulk loaders
(``demo.volume``) write them with :func:`rows_for`; :func:`rebuild` fills them from the child
tables (the patch for existing sites, and a repair).
"""

import frappe

ROUTING = "Dossier Routing"
UNIQUE_INDEX = "dossier_routing_agency_dossier"


def agencies_of(doc) -> set[str]:
	"""The agencies that may read ``doc`` as a department: holder, consulted and handed-to."""
	agencies = {doc.get("agency")}
	agencies.update(row.get("agency") for row in doc.get("consultations") or [])
	agencies.update(row.get("to_agency") for row in doc.get("handovers") or [])
	agencies.discard(None)
	agencies.discard("")
	return agencies


def sync(doc) -> None:
	"""Make the dossier's routing rows exactly :func:`agencies_of` (one indexed read when unchanged)."""
	wanted = agencies_of(doc)
	stored = set(frappe.db.sql_list(f"select agency from `tab{ROUTING}` where dossier = %s", doc.name))
	if gone := stored - wanted:
		frappe.db.sql(
			f"delete from `tab{ROUTING}` where dossier = %s and agency in %s", (doc.name, tuple(gone))
		)
	if new := wanted - stored:
		insert(rows_for(doc.name, new, doc.get("modified_by") or frappe.session.user))


def rows_for(dossier: str, agencies, user: str = "Administrator", at=None) -> list[dict]:
	"""Routing rows of ``dossier`` for ``agencies`` (for :func:`insert` or a bulk writer)."""
	at = at or frappe.utils.now_datetime()
	return [
		{
			"name": frappe.generate_hash(length=12),
			"dossier": dossier,
			"agency": agency,
			"owner": user,
			"modified_by": user,
			"creation": at,
			"modified": at,
		}
		for agency in sorted(agencies)
	]


def insert(rows: list[dict]) -> None:
	if not rows:
		return
	fields = list(rows[0])
	frappe.db.sql(
		"insert ignore into `tab{}` ({}) values {}".format(
			ROUTING,
			", ".join(f"`{field}`" for field in fields),
			", ".join(["(" + ", ".join(["%s"] * len(fields)) + ")"] * len(rows)),
		),
		[row[field] for row in rows for field in fields],
	)


def forget(dossier: str) -> None:
	"""Drop a deleted dossier's rows (before Frappe checks what links to it)."""
	frappe.db.sql(f"delete from `tab{ROUTING}` where dossier = %s", dossier)


def condition(agencies: list[str], dossier_column: str = "`tabDossier`.`name`") -> str:
	"""SQL: the dossier is routed to one of ``agencies`` (a semi-join on the unique index)."""
	values = ", ".join(frappe.db.escape(agency) for agency in agencies)
	return f"{dossier_column} in (select r.dossier from `tab{ROUTING}` r where r.agency in ({values}))"


def add_indexes() -> None:
	"""(agency, dossier) unique: the permission condition's index, and no duplicate row."""
	frappe.db.add_unique(ROUTING, ["agency", "dossier"], constraint_name=UNIQUE_INDEX)


def rebuild() -> int:
	"""Rewrite every routing row from the dossiers and their child tables; the rows written."""
	frappe.db.sql(f"delete from `tab{ROUTING}`")
	sources = (
		"select name as dossier, agency from `tabDossier` where ifnull(agency, '') != ''",
		"select parent, agency from `tabDossier Consultation`"
		" where parenttype = 'Dossier' and ifnull(agency, '') != ''",
		"select parent, to_agency from `tabDossier Hand-over`"
		" where parenttype = 'Dossier' and ifnull(to_agency, '') != ''",
	)
	frappe.db.sql(
		f"""insert ignore into `tab{ROUTING}` (name, dossier, agency, owner, modified_by, creation, modified)
		select substr(sha1(concat(routed.dossier, '|', routed.agency)), 1, 12), routed.dossier,
			routed.agency, 'Administrator', 'Administrator', now(6), now(6)
		from (select distinct * from ({' union all '.join(sources)}) as source) routed"""
	)
	return frappe.db.sql(f"select count(*) from `tab{ROUTING}`")[0][0]
