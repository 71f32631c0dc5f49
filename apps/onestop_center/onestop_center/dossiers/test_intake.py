# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Reception: the draft's provisional name becomes the dossier code with everything that points to
it, the code is taken last, and the reception's save writes no needless child-table DELETE."""

import frappe

from onestop_center.dossiers import lifecycle
from onestop_center.dossiers.dossier_code import DRAFT_SEQUENCE, is_provisional, parse_dossier_code
from onestop_center.dossiers.test_lifecycle import MONDAY, LifecycleTestCase, as_user, frozen

CHILD_TABLES = (
	"Dossier Document",
	"Dossier Fee",
	"Dossier Step",
	"Dossier Clock Stop",
	"Dossier Hand-over",
	"Dossier Consultation",
	"Dossier Directive",
)


class TestReception(LifecycleTestCase):
	def test_drafts_are_numbered_without_a_lock(self):
		self.assertTrue(
			frappe.db.sql(
				"select 1 from information_schema.tables where table_schema = database() and table_name = %s",
				(DRAFT_SEQUENCE,),
			)
		)
		first, second = self.draft(), self.draft()
		self.assertTrue(is_provisional(first.name) and is_provisional(second.name))
		self.assertEqual(int(second.name.rsplit("-", 1)[1]), int(first.name.rsplit("-", 1)[1]) + 1)

	def test_everything_pointing_to_the_draft_follows_it_to_its_code(self):
		draft = self.draft()
		old = draft.name
		draft.add_comment("Comment", "Hồ sơ giấy để ở quầy 01")
		frappe.get_doc(
			{
				"doctype": "ToDo",
				"allocated_to": self.officer,
				"description": "Kiểm tra hồ sơ",
				"reference_type": "Dossier",
				"reference_name": old,
			}
		).insert(ignore_permissions=True)
		frappe.get_doc(
			{
				"doctype": "File",
				"file_name": "scan.txt",
				"content": "bản quét",
				"attached_to_doctype": "Dossier",
				"attached_to_name": old,
				"is_private": 1,
			}
		).insert(ignore_permissions=True)
		with as_user(self.officer), frozen(f"{MONDAY} 09:00"):
			received = lifecycle.apply(old, lifecycle.RECEIVE)
		new = received.name
		self.assertTrue(parse_dossier_code(new), new)
		self.assertFalse(frappe.db.exists("Dossier", old))
		for doctype, fields in (
			("Comment", ("reference_doctype", "reference_name")),
			("ToDo", ("reference_type", "reference_name")),
			("File", ("attached_to_doctype", "attached_to_name")),
			("Version", ("ref_doctype", "docname")),
			("Workflow Action", ("reference_doctype", "reference_name")),
		):
			self.assertEqual(frappe.db.count(doctype, {fields[0]: "Dossier", fields[1]: old}), 0, doctype)
		self.assertTrue(
			frappe.db.exists("Comment", {"reference_name": new, "content": "Hồ sơ giấy để ở quầy 01"})
		)
		self.assertTrue(frappe.db.exists("Comment", {"reference_name": new, "comment_type": "Workflow"}))
		self.assertTrue(frappe.db.exists("Comment", {"reference_name": new, "comment_type": "Edit"}))
		self.assertTrue(frappe.db.exists("ToDo", {"reference_name": new}))
		self.assertTrue(frappe.db.exists("File", {"attached_to_name": new}))
		for table in CHILD_TABLES:
			self.assertEqual(frappe.db.count(table, {"parent": old}), 0, table)
		saved = frappe.get_doc("Dossier", new)
		self.assertEqual(len(saved.steps), len(received.steps))
		self.assertTrue(saved.steps and all(row.parent == new for row in saved.steps))
		self.assertEqual([row.document_name for row in saved.documents], [row.document_name for row in draft.documents])

	def test_the_code_is_taken_after_the_reception_is_saved(self):
		draft = self.draft()
		seen = {}

		def on_update(doc):
			# the reception's own save: still under the draft's name, no number taken yet
			seen.setdefault("name", doc.name)

		with as_user(self.officer), frozen(f"{MONDAY} 09:00"):
			doc = frappe.get_doc("Dossier", draft.name)
			original = type(doc).on_update

			def spy(this):
				on_update(this)
				original(this)

			type(doc).on_update = spy
			try:
				received = lifecycle.apply(doc, lifecycle.RECEIVE)
			finally:
				type(doc).on_update = original
		self.assertEqual(seen["name"], draft.name)
		self.assertNotEqual(received.name, draft.name)
		self.assertIsNone(received.flags.ignore_children_type)

	def test_the_reception_deletes_nothing_from_tables_that_were_empty(self):
		draft = self.draft()
		statements = []
		sql = frappe.db.sql

		def record(query, *args, **kwargs):
			statements.append(str(query))
			return sql(query, *args, **kwargs)

		frappe.db.sql = record
		try:
			with as_user(self.officer), frozen(f"{MONDAY} 09:00"):
				lifecycle.apply(draft.name, lifecycle.RECEIVE)
		finally:
			frappe.db.sql = sql
		deletes = [q for q in statements if q.lstrip().upper().startswith("DELETE FROM `TABDOSSIER")]
		# documents and fees had rows: Frappe still removes the rows that were dropped, if any
		self.assertTrue(all("Dossier Document" in q or "Dossier Fee" in q for q in deletes), deletes)
