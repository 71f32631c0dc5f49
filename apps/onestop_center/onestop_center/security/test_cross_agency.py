# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""No cross-agency read or write through Frappe's generic endpoints.

A department specialist and head of agency A against a dossier of agency B (and their own, which
must keep working). Whitelisted methods are resolved as Frappe's request handler resolves them
(``override_whitelisted_methods``, last hook wins), so these tests also check the wiring.
"""

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import now_datetime

from onestop_center.dossiers import clock_stops, deadline, lifecycle
from onestop_center.permissions import set_user_agency
from onestop_center.security import endpoints
from onestop_center.security.access import get_readable
from onestop_center.setup.roles import DEPARTMENT_HEAD, DEPARTMENT_SPECIALIST, RECEPTION_OFFICER
from onestop_center.testing import make_agency, make_dossier, make_procedure, make_user

DOSSIER_CHILDREN = (
	("clock_stops", "Dossier Clock Stop", {"reason": "Supplement Requested", "note": "secret note"}),
	("steps", "Dossier Step", {"step_order": 9, "step_name": "Secret step"}),
	("handovers", "Dossier Hand-over", {"note": "secret hand-over"}),
	("consultations", "Dossier Consultation", {"opinion": "secret opinion"}),
	("directives", "Dossier Directive", {"directive": "secret directive 012345678901"}),
	("documents", "Dossier Document", {"document_name": "Secret document"}),
	("fees", "Dossier Fee", {"fee_name": "Secret fee", "amount": 1}),
)


def rpc(cmd: str, **kwargs):
	"""Call a whitelisted method the way ``frappe.handler.execute_cmd`` resolves it."""
	for hook in reversed(frappe.get_hooks("override_whitelisted_methods", {}).get(cmd, [])):
		cmd = hook
		break
	method = frappe.get_attr(cmd)
	frappe.is_whitelisted(method)
	return frappe.call(method, **kwargs)


def add_row(dossier, parentfield: str, doctype: str, values: dict):
	"""A child row written straight to the table (tests set up data, not the lifecycle)."""
	row = frappe.get_doc(
		{
			"doctype": doctype,
			"parent": dossier,
			"parenttype": "Dossier",
			"parentfield": parentfield,
			"idx": 99,
			**values,
		}
	)
	row.db_insert()
	return row.name


class CrossAgencyTestCase(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.a, cls.b = make_agency(), make_agency()
		cls.own = make_dossier(make_procedure(cls.a.name).name)
		cls.other = make_dossier(make_procedure(cls.b.name).name)
		for dossier in (cls.own, cls.other):
			# at the department, so that the holder may write it
			frappe.db.set_value("Dossier", dossier.name, "status", "In Progress", update_modified=False)
		cls.rows = {
			(dossier.name, doctype): add_row(dossier.name, field, doctype, values)
			for dossier in (cls.own, cls.other)
			for field, doctype, values in DOSSIER_CHILDREN
		}
		cls.specialist = make_user(DEPARTMENT_SPECIALIST)
		cls.head = make_user(DEPARTMENT_HEAD)
		for user in (cls.specialist, cls.head):
			set_user_agency(user, cls.a.name)

	def setUp(self):
		frappe.set_user(self.specialist)

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.local.form_dict = frappe._dict()


class TestCounts(CrossAgencyTestCase):
	def test_get_count_applies_row_rules(self):
		count = lambda filters: rpc("frappe.client.get_count", doctype="Dossier", filters=filters)  # noqa: E731
		self.assertEqual(count({"name": self.other.name}), 0)
		self.assertEqual(count({"name": self.own.name}), 1)
		# the oracle of the issue: a phone number guessed digit by digit
		self.assertEqual(count({"name": self.other.name, "phone": ["like", "09%"]}), 0)

	def test_get_count_ignores_debug_and_cache(self):
		frappe.local.debug_log = []
		rpc("frappe.client.get_count", doctype="Dossier", filters={}, debug=1, cache=1)
		self.assertFalse(frappe.local.debug_log)

	def test_get_count_of_a_child_needs_its_parent_and_is_scoped(self):
		with self.assertRaises(frappe.PermissionError):
			rpc("frappe.client.get_count", doctype="Dossier Directive", filters={})
		count = lambda name: rpc(  # noqa: E731
			"frappe.client.get_count", doctype="Dossier Directive", filters={"parent": name}, parent="Dossier"
		)
		self.assertEqual(count(self.other.name), 0)
		self.assertEqual(count(self.own.name), 1)

	def test_group_by_assigned_to_counts_only_readable_records(self):
		frappe.set_user("Administrator")
		for dossier in (self.own, self.other):
			# written straight to the table: assigning another agency's dossier is refused today
			# (dossiers/assignment.py), but assignments made before that rule still exist
			todo = frappe.get_doc(
				{
					"doctype": "ToDo",
					"allocated_to": self.head,
					"reference_type": "Dossier",
					"reference_name": dossier.name,
					"description": "check",
					"status": "Open",
				}
			)
			todo.set_new_name()
			todo.db_insert()
		frappe.set_user(self.specialist)
		count = lambda name: rpc(  # noqa: E731
			"frappe.desk.listview.get_group_by_count",
			doctype="Dossier",
			current_filters=frappe.as_json({"name": name}),
			field="assigned_to",
		)
		self.assertEqual(count(self.other.name), [])
		self.assertEqual([(r.name, r.count) for r in count(self.own.name)], [(self.head, 1)])
		by_owner = rpc(
			"frappe.desk.listview.get_group_by_count",
			doctype="Dossier",
			current_filters=frappe.as_json([["Dossier", "name", "in", [self.own.name, self.other.name]]]),
			field="owner",
		)
		self.assertEqual(sum(row.count for row in by_owner), 1)

	def test_debug_flag_dropped_for_other_than_system_managers(self):
		frappe.local.form_dict = frappe._dict(debug="1", doctype="Dossier")
		endpoints.drop_debug_flag()
		self.assertNotIn("debug", frappe.local.form_dict)


class TestChildRows(CrossAgencyTestCase):
	def test_child_lists_show_only_rows_of_readable_parents(self):
		for _field, doctype, _values in DOSSIER_CHILDREN:
			with self.subTest(doctype=doctype):
				names = {
					row[0]
					for row in rpc(
						"frappe.client.get_list",
						doctype=doctype,
						parent="Dossier",
						filters={"parent": ["in", [self.own.name, self.other.name]]},
						fields=["name"],
						limit_page_length=0,
						as_dict=False,
					)
				}
				self.assertIn(self.rows[(self.own.name, doctype)], names)
				self.assertNotIn(self.rows[(self.other.name, doctype)], names)

	def test_child_get_and_get_value_follow_the_parent(self):
		for _field, doctype, _values in DOSSIER_CHILDREN:
			with self.subTest(doctype=doctype):
				with self.assertRaises(frappe.PermissionError):
					rpc("frappe.client.get", doctype=doctype, name=self.rows[(self.other.name, doctype)], parent="Dossier")
				own = rpc("frappe.client.get", doctype=doctype, name=self.rows[(self.own.name, doctype)], parent="Dossier")
				self.assertEqual(own["parent"], self.own.name)
				value = rpc(
					"frappe.client.get_value",
					doctype=doctype,
					fieldname="parent",
					filters={"parent": self.other.name},
					parent="Dossier",
				)
				self.assertFalse(value)

	def test_a_row_loaded_alone_asks_its_parent(self):
		row = frappe.get_doc("Dossier Directive", self.rows[(self.other.name, "Dossier Directive")])
		self.assertFalse(row.has_permission("read"))
		# the print view and PDF ask frappe.has_permission(row), which goes through row.parent_doc
		frappe.clear_messages()
		self.assertFalse(frappe.has_permission("Dossier Directive", "print", doc=row))
		self.assertEqual(row.parent_doc.name, self.other.name)
		row = frappe.get_doc("Dossier Directive", self.rows[(self.own.name, "Dossier Directive")])
		self.assertTrue(row.has_permission("read"))
		self.assertTrue(frappe.has_permission("Dossier Directive", "print", doc=row))

	def test_denial_of_a_row_does_not_name_its_parent(self):
		frappe.clear_messages()
		with self.assertRaises(frappe.PermissionError):
			rpc(
				"frappe.client.get",
				doctype="Dossier Directive",
				name=self.rows[(self.other.name, "Dossier Directive")],
				parent="Dossier",
			)
		self.assertNotIn(self.other.name, frappe.as_json(frappe.local.message_log))

	def test_transfer_batch_lines_of_other_agencies_are_hidden(self):
		frappe.set_user("Administrator")
		batches = {}
		for agency, dossier in ((self.a, self.own), (self.b, self.other)):
			batch = frappe.get_doc(
				{
					"doctype": "Transfer Batch",
					"agency": agency.name,
					"window_at": now_datetime(),
					"status": "Open",
					"dossiers": [{"dossier": dossier.name, "applicant_name": "Secret applicant"}],
				}
			).insert(ignore_permissions=True)
			batches[agency.name] = batch.name
		frappe.set_user(self.specialist)
		lines = rpc(
			"frappe.client.get_list",
			doctype="Transfer Batch Dossier",
			parent="Transfer Batch",
			filters={"parent": ["in", list(batches.values())]},
			fields=["parent"],
			limit_page_length=0,
		)
		self.assertEqual({line["parent"] for line in lines}, {batches[self.a.name]})
		self.assertEqual(
			set(frappe.get_list("Transfer Batch", filters={"name": ["in", list(batches.values())]}, pluck="name")),
			{batches[self.a.name]},
		)
		self.assertFalse(frappe.has_permission("Transfer Batch", "read", doc=batches[self.b.name]))
		# judged on the stored agency, not on a document sent by the client
		batch = frappe.get_doc("Transfer Batch", batches[self.b.name])
		batch.agency = self.a.name
		self.assertFalse(frappe.has_permission("Transfer Batch", "read", doc=batch))


class TestLinksAndSearch(CrossAgencyTestCase):
	def test_validate_link_answers_not_found_for_unreadable_dossiers(self):
		missing = rpc("frappe.client.validate_link", doctype="Dossier", docname="NO-SUCH-DOSSIER")
		other = rpc("frappe.client.validate_link", doctype="Dossier", docname=self.other.name, fields='["agency"]')
		self.assertEqual(other, missing)
		self.assertFalse(other.get("name"))
		own = rpc("frappe.client.validate_link", doctype="Dossier", docname=self.own.name)
		self.assertEqual(own["name"], self.own.name)

	def test_search_link_never_ignores_row_rules(self):
		found = lambda **kw: {  # noqa: E731
			r["value"] for r in rpc("frappe.desk.search.search_link", doctype="Dossier", txt="", page_length=1000, **kw)
		}
		for kwargs in ({}, {"ignore_user_permissions": 1}):
			with self.subTest(**kwargs):
				names = found(filters={"name": ["in", [self.own.name, self.other.name]]}, **kwargs)
				self.assertEqual(names, {self.own.name})

	def test_search_widget_drops_extra_columns_and_foreign_queries(self):
		rows = rpc(
			"frappe.desk.search.search_widget",
			doctype="Dossier",
			txt="",
			filters={"name": ["in", [self.own.name, self.other.name]]},
			filter_fields='["phone", "id_number"]',
			ignore_user_permissions=1,
			page_length=1000,
			as_dict=True,
		)
		self.assertEqual({r["name"] for r in rows}, {self.own.name})
		self.assertTrue(all("phone" not in r for r in rows))
		self.assertEqual(
			endpoints._guard_search("Dossier", "frappe.core.doctype.user.user.user_query", False)[0], None
		)


class TestMarks(CrossAgencyTestCase):
	def test_like_tag_and_follow_need_the_record(self):
		attempts = (
			("frappe.desk.like.toggle_like", {"doctype": "Dossier", "name": self.other.name, "add": "Yes"}),
			("frappe.desk.doctype.tag.tag.add_tag", {"tag": "x", "dt": "Dossier", "dn": self.other.name}),
			("frappe.desk.doctype.tag.tag.add_tags", {"tags": '["x"]', "dt": "Dossier", "docs": f'["{self.other.name}"]'}),
			("frappe.desk.doctype.tag.tag.remove_tag", {"tag": "x", "dt": "Dossier", "dn": self.other.name}),
			(
				"frappe.desk.form.document_follow.follow_document",
				{"doctype": "Dossier", "doc_name": self.other.name, "user": self.specialist},
			),
		)
		for cmd, kwargs in attempts:
			with self.subTest(cmd=cmd), self.assertRaises(frappe.PermissionError):
				rpc(cmd, **kwargs)
		self.assertFalse(frappe.db.get_value("Dossier", self.other.name, "_liked_by"))
		rpc("frappe.desk.like.toggle_like", doctype="Dossier", name=self.own.name, add="Yes")
		self.assertIn(self.specialist, frappe.db.get_value("Dossier", self.own.name, "_liked_by"))

	def test_follow_toggle_unlock_and_relink_need_the_record(self):
		attempts = (
			("frappe.desk.form.document_follow.update_follow", {"doctype": "Dossier", "doc_name": self.other.name, "following": 1}),
			("frappe.model.document.unlock_document", {"doctype": "Dossier", "name": self.other.name}),
		)
		for cmd, kwargs in attempts:
			with self.subTest(cmd=cmd), self.assertRaises(frappe.PermissionError):
				rpc(cmd, **kwargs)
		frappe.set_user("Administrator")
		mail = frappe.get_doc(
			{
				"doctype": "Communication",
				"communication_type": "Communication",
				"communication_medium": "Email",
				"subject": "Citizen's mail",
				"reference_doctype": "Dossier",
				"reference_name": self.other.name,
			}
		).insert(ignore_permissions=True)
		frappe.set_user(self.specialist)
		with self.assertRaises(frappe.PermissionError):
			rpc("frappe.email.relink", name=mail.name, reference_doctype="Dossier", reference_name=self.own.name)
		self.assertEqual(frappe.db.get_value("Communication", mail.name, "reference_name"), self.other.name)
		self.assertEqual(
			rpc("frappe.desk.search.get_link_title", doctype="Dossier", docname=self.other.name), self.other.name
		)

	def test_link_titles_only_of_readable_records(self):
		# Applicants show their full name in links; department users may not read the registry
		applicant = frappe.db.get_value("Dossier", self.other.name, "applicant")
		if frappe.get_meta("Applicant").show_title_field_in_link:
			full_name = frappe.db.get_value("Applicant", applicant, "full_name")
			self.assertNotEqual(rpc("frappe.desk.search.get_link_title", doctype="Applicant", docname=applicant), full_name)
		self.assertEqual(rpc("frappe.desk.search.get_link_title", doctype="Applicant", docname=applicant), applicant)

	def test_is_document_amended_answers_only_for_readable_records(self):
		for dossier in (self.own, self.other):
			self.assertFalse(rpc("frappe.client.is_document_amended", doctype="Dossier", docname=dossier.name))

	def test_workflow_actions_of_other_agencies_are_hidden(self):
		frappe.set_user("Administrator")
		actions = {}
		for dossier in (self.own, self.other):
			action = frappe.get_doc(
				{
					"doctype": "Workflow Action",
					"reference_doctype": "Dossier",
					"reference_name": dossier.name,
					"workflow_state": "In Progress",
					"status": "Open",
					"permitted_roles": [{"role": DEPARTMENT_SPECIALIST}],
				}
			).insert(ignore_permissions=True)
			actions[dossier.name] = action.name
		frappe.set_user(self.specialist)
		listed = set(frappe.get_list("Workflow Action", filters={"name": ["in", list(actions.values())]}, pluck="name"))
		self.assertEqual(listed, {actions[self.own.name]})
		self.assertFalse(frappe.has_permission("Workflow Action", "read", doc=actions[self.other.name]))


class TestFiles(CrossAgencyTestCase):
	def attach(self, dossier, name="scan.txt", **fields):
		return frappe.get_doc(
			{
				"doctype": "File",
				"file_name": name,
				# distinct content: Frappe gives files of equal content one URL
				"content": f"scan {name} {frappe.generate_hash()}".encode(),
				"attached_to_doctype": "Dossier",
				"attached_to_name": dossier.name,
				**fields,
			}
		).insert()

	def test_no_attaching_to_a_dossier_one_cannot_write(self):
		for is_private in (0, 1):
			with self.subTest(is_private=is_private), self.assertRaises(frappe.PermissionError):
				self.attach(self.other, is_private=is_private)
		own = self.attach(self.own, is_private=0)
		self.assertTrue(own.is_private, "attachments of dossiers are always private")
		self.assertTrue(own.file_url.startswith("/private/files/"))

	def test_attachments_of_other_agencies_are_not_listed_read_or_downloaded(self):
		frappe.set_user("Administrator")
		theirs = self.attach(self.other, name="their-scan.txt")
		frappe.set_user(self.specialist)
		mine = self.attach(self.own, name="my-scan.txt")
		listed = set(
			frappe.get_list("File", filters={"attached_to_doctype": "Dossier"}, pluck="name", limit_page_length=0)
		)
		self.assertIn(mine.name, listed)
		self.assertNotIn(theirs.name, listed)
		self.assertFalse(frappe.has_permission("File", "read", doc=theirs.name))
		self.assertFalse(frappe.get_doc("File", theirs.name).is_downloadable())
		self.assertTrue(frappe.get_doc("File", mine.name).is_downloadable())
		# a new File naming their private URL would be a readable copy
		with self.assertRaises(frappe.PermissionError):
			frappe.get_doc({"doctype": "File", "file_name": "copy.txt", "file_url": theirs.file_url}).insert()

	def test_denials_do_not_name_the_dossier(self):
		frappe.set_user("Administrator")
		theirs = self.attach(self.other, name="named.txt")
		frappe.set_user(self.specialist)
		for attempt in (
			lambda: rpc("frappe.client.get", doctype="File", name=theirs.name),
			lambda: self.attach(self.other, name="intruder.txt"),
			lambda: frappe.get_doc({"doctype": "File", "file_name": "c.txt", "file_url": theirs.file_url}).insert(),
		):
			frappe.clear_messages()
			with self.assertRaises(frappe.PermissionError):
				attempt()
			self.assertNotIn(self.other.name, frappe.as_json(frappe.local.message_log))

	def test_a_file_cannot_be_moved_onto_another_agency_dossier(self):
		mine = self.attach(self.own, name="moving.txt")
		mine.attached_to_name = self.other.name
		with self.assertRaises(frappe.PermissionError):
			mine.save()

	def test_patch_makes_older_public_attachments_private(self):
		from onestop_center.security.patches import private_attachments

		frappe.set_user("Administrator")
		file_name = f"older-{frappe.generate_hash(length=8)}.txt"
		with open(frappe.get_site_path("public", "files", file_name), "wb") as f:
			f.write(b"older public scan")
		older = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": file_name,
				"file_url": f"/files/{file_name}",
				"is_private": 0,
				"attached_to_doctype": "Dossier",
				"attached_to_name": self.other.name,
			}
		)
		older.db_insert()  # as Frappe would have stored it before this app's rule
		private_attachments.execute()
		older.reload()
		self.assertTrue(older.is_private)
		self.assertEqual(older.file_url, f"/private/files/{file_name}")
		frappe.set_user(self.specialist)
		self.assertNotIn(
			older.name, frappe.get_list("File", filters={"name": older.name}, pluck="name")
		)

	def test_applicant_attachments_are_private_too(self):
		frappe.set_user("Administrator")
		applicant = frappe.db.get_value("Dossier", self.own.name, "applicant")
		scan = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": "id-card.txt",
				"content": f"ID card {frappe.generate_hash()}".encode(),
				"is_private": 0,
				"attached_to_doctype": "Applicant",
				"attached_to_name": applicant,
			}
		).insert()
		self.assertTrue(scan.is_private)
		frappe.set_user(self.specialist)
		self.assertNotIn(scan.name, frappe.get_list("File", filters={"name": scan.name}, pluck="name"))

	def test_public_links_cannot_be_attached_to_dossiers(self):
		with self.assertRaises(frappe.ValidationError):
			frappe.get_doc(
				{
					"doctype": "File",
					"file_url": "https://example.invalid/scan.pdf",
					"attached_to_doctype": "Dossier",
					"attached_to_name": self.own.name,
				}
			).insert()


class TestStoredRecordAndMessages(CrossAgencyTestCase):
	def test_permission_is_judged_on_the_stored_dossier(self):
		forged = frappe.get_doc("Dossier", self.other.name)
		forged.agency = self.a.name  # as a client-sent document would claim
		for ptype in ("read", "write"):
			with self.subTest(ptype=ptype):
				self.assertFalse(frappe.has_permission("Dossier", ptype, doc=forged))
		own = frappe.get_doc("Dossier", self.own.name)
		own.agency = self.b.name
		self.assertTrue(frappe.has_permission("Dossier", "write", doc=own))

	def assert_not_found(self, function, *args, **kwargs):
		"""The answer for another agency's dossier is the one for a dossier that does not exist."""
		answers = []
		for name in (self.other.name, "NO-SUCH-DOSSIER"):
			frappe.clear_messages()
			with self.assertRaises(frappe.DoesNotExistError) as raised:
				function(name, *args, **kwargs)
			answers.append(str(raised.exception).replace(name, "<name>"))
		self.assertEqual(answers[0], answers[1])

	def test_lifecycle_methods_answer_not_found(self):
		self.assert_not_found(lambda name: rpc("onestop_center.dossiers.lifecycle.take_action", dossier=name, action="Receive"))
		self.assert_not_found(
			lambda name: rpc("onestop_center.dossiers.clock_stops.resume_clock", dossier=name)
		)
		frappe.set_user(self.head)
		self.assert_not_found(
			lambda name: rpc("onestop_center.dossiers.lifecycle.add_directive", dossier=name, text="Do it")
		)
		self.assert_not_found(
			lambda name: rpc(
				"onestop_center.dossiers.lifecycle.answer_consultation", dossier=name, agency=self.a.name, opinion="ok"
			)
		)

	def test_get_readable_returns_readable_dossiers(self):
		self.assertEqual(get_readable("Dossier", self.own.name).name, self.own.name)
		with self.assertRaises(frappe.DoesNotExistError):
			get_readable("Dossier", self.other.name)


class TestAgencyRecords(CrossAgencyTestCase):
	def test_secondments_of_other_agencies_are_hidden(self):
		frappe.set_user("Administrator")
		officer = make_user(RECEPTION_OFFICER)
		records = {
			agency.name: frappe.get_doc(
				{"doctype": "Secondment", "officer": officer, "home_agency": agency.name, "start_date": "2026-01-05"}
			)
			.insert()
			.name
			for agency in (self.a, self.b)
		}
		frappe.set_user(self.head)
		listed = set(frappe.get_list("Secondment", filters={"name": ["in", list(records.values())]}, pluck="name"))
		self.assertEqual(listed, {records[self.a.name]})
		self.assertFalse(frappe.has_permission("Secondment", "read", doc=records[self.b.name]))
		with self.assertRaises(frappe.PermissionError):
			frappe.get_doc(
				{"doctype": "Secondment", "officer": officer, "home_agency": self.b.name, "start_date": "2026-02-02"}
			).insert()


class TestPrinting(CrossAgencyTestCase):
	def print_json(self, values):
		return rpc("frappe.www.printview.get_html_and_style", doc=frappe.as_json(values))

	def test_a_composed_document_is_not_printed(self):
		# an apology letter naming another agency's dossier would print that dossier's applicant
		composed = {"doctype": "Apology Letter", "dossier": self.other.name, "agency": self.a.name, "reason": "x"}
		with self.assertRaises(frappe.DoesNotExistError):
			self.print_json(composed)
		with self.assertRaises(frappe.PermissionError):
			self.print_json({"doctype": "Dossier", "name": self.other.name, "agency": self.a.name})

	def test_a_saved_document_prints_as_stored(self):
		frappe.db.set_value("Dossier", self.own.name, "remarks", "stored remark", update_modified=False)
		html = self.print_json({"doctype": "Dossier", "name": self.own.name, "remarks": "client remark"})["html"]
		self.assertNotIn("client remark", html)

	def test_print_by_server_checks_print_permission(self):
		with self.assertRaises(frappe.PermissionError):
			rpc(
				"frappe.utils.print_format.print_by_server",
				doctype="Dossier",
				name=self.other.name,
				printer_setting="none",
			)


class TestRealtime(CrossAgencyTestCase):
	def test_restricted_users_do_not_join_the_live_list_of_dossiers(self):
		# list_update carries the name and editor of every saved dossier to the DocType's room
		with self.assertRaises(frappe.PermissionError):
			rpc("frappe.realtime.can_subscribe_doctype", doctype="Dossier")
		self.assertTrue(rpc("frappe.realtime.can_subscribe_doctype", doctype="Agency"))
		frappe.set_user(make_user(RECEPTION_OFFICER))
		self.assertTrue(rpc("frappe.realtime.can_subscribe_doctype", doctype="Dossier"))
