# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Audit (issue 12 §10): a server error's Error Log carries the request (secrets masked), the
OneStop Administrator reads the Error Log from the workspace, and every change to the centre's
records and settings is versioned."""

import json
from pathlib import Path

import frappe
from frappe.app import handle_exception
from frappe.deferred_insert import save_to_db
from frappe.tests.utils import FrappeTestCase
from frappe.utils import random_string
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from onestop_center.security import audit, errors
from onestop_center.setup.roles import ONESTOP_ADMINISTRATOR

# what issue 12 §10 names, and the settings of the centre (the app's and the Frappe ones it uses)
VERSIONED = (
	"Dossier",
	"Fee Receipt",
	"Procedure",
	"Working Calendar",
	"Secondment",
	"System Settings",
	"SMS Settings",
	"Email Account",
	"Website Settings",
	"Portal Settings",
	"Print Settings",
)
APP = Path(frappe.get_app_path("onestop_center"))
# the workspace the OneStop Administrator lands on (the leaders' one, shared with them)
ADMIN_WORKSPACE = "Centre Leadership"


def app_settings() -> list[str]:
	"""Every Single DocType of the app (its settings)."""
	names = []
	for path in sorted(APP.glob("*/doctype/*/*.json")):
		meta = json.loads(path.read_text())
		if meta.get("doctype") == "DocType" and meta.get("issingle"):
			names.append(meta["name"])
	return names


class TestErrorLogWithRequest(FrappeTestCase):
	def tearDown(self):
		for name in ("request", "request_ip", "is_ajax"):
			try:
				delattr(frappe.local, name)
			except AttributeError:
				pass
		frappe.local.form_dict = frappe._dict()
		frappe.local.response = frappe._dict({"docs": []})
		frappe.set_user("Administrator")

	def fail_during(self, **request) -> str:
		"""Raise an error while serving ``request`` and let Frappe handle it; the Error Log's text."""
		marker = f"error probe {random_string(10)}"
		environ = EnvironBuilder(headers={"Accept": "application/json"}, **request).get_environ()
		frappe.local.request = Request(environ)
		frappe.local.request_ip = "203.0.113.7"
		frappe.local.is_ajax = False
		frappe.local.form_dict = frappe._dict({**frappe.local.request.args, **frappe.local.request.form})
		try:
			raise ZeroDivisionError(marker)
		except ZeroDivisionError as error:
			response = handle_exception(error)  # what frappe.app does with any uncaught exception
		self.assertEqual(response.status_code, 500)
		frappe.local.request = None
		frappe.set_user("Administrator")  # as the scheduler's flush of Frappe's deferred inserts runs
		save_to_db()
		return frappe.get_all("Error Log", {"method": marker}, pluck="error")[0]

	def test_a_server_error_is_logged_with_the_request_and_no_secret(self):
		frappe.set_user("Guest")
		text = self.fail_during(
			method="POST",
			path="/api/method/onestop_center.portal.accounts.sign_up",
			query_string={"lang": "vi", "api_key": "abc123visible"},
			data={
				"email": "cong.dan@onestop.invalid",
				"password": "Matkhau@Bimat",
				"note": "x" * 1000,
				"settings": '{"smtp": {"api_token": "tok-Bimat-42"}}',
			},
		)
		head = text.split("\n\n", 1)[0].splitlines()
		self.assertEqual(
			head[0], "Request: POST /api/method/onestop_center.portal.accounts.sign_up?lang=vi&api_key=********"
		)
		self.assertEqual(head[1:3], ["User: Guest", "Client: 203.0.113.7"])
		self.assertIn('"email": "cong.dan@onestop.invalid"', head[3])
		self.assertIn('"password": "********"', head[3])
		self.assertIn("… (1000 characters)", head[3])
		self.assertNotIn("Matkhau@Bimat", text)
		self.assertNotIn("abc123visible", text)
		self.assertNotIn("tok-Bimat-42", text)  # inside a JSON argument
		self.assertIn("ZeroDivisionError", text)  # Frappe's traceback follows

	def test_outside_a_request_the_log_is_frappes(self):
		frappe.local.request = None
		log = frappe.log_error(title="job probe", message="Traceback: job failed")
		self.assertEqual(log.error, "Traceback: job failed")

	def test_the_administrator_reads_the_error_log_from_the_workspace(self):
		audit.grant_audit_logs()
		self.assertTrue(frappe.get_all("Custom DocPerm", {"parent": "Error Log", "role": ONESTOP_ADMINISTRATOR, "read": 1}))
		workspace = frappe.get_doc("Workspace", ADMIN_WORKSPACE)
		self.assertIn("Error Log", [row.link_to for row in workspace.links if row.type == "Link"])
		self.assertIn("Error Log", [row.link_to for row in workspace.shortcuts])
		card = frappe.get_doc("Number Card", errors.ERROR_CARD)
		self.assertEqual((card.document_type, card.function), ("Error Log", "Count"))
		self.assertIn(errors.ERROR_CARD, [row.number_card_name for row in workspace.number_cards])


class TestVersioned(FrappeTestCase):
	def test_the_centres_records_and_settings_keep_every_change(self):
		doctypes = [*VERSIONED, *app_settings()]
		self.assertIn("OneStop Settings", doctypes)
		unversioned = [name for name in doctypes if not frappe.get_meta(name).track_changes]
		self.assertEqual(unversioned, [])

	def test_a_settings_change_leaves_a_version(self):
		settings = frappe.get_single("Queue Settings")
		field = next(df for df in settings.meta.fields if df.fieldtype == "Int")
		before = settings.get(field.fieldname) or 0
		settings.set(field.fieldname, before + 1)
		settings.save(ignore_permissions=True, ignore_version=False)  # tests skip versions unless asked
		version = frappe.get_all(
			"Version", {"ref_doctype": "Queue Settings", "docname": "Queue Settings"}, pluck="data", order_by="creation desc", limit=1
		)
		self.assertIn([field.fieldname, before, before + 1], json.loads(version[0])["changed"])
