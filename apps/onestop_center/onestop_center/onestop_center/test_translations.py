# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Vietnamese is the default language: every label, option, description and message has a translation."""

import ast
import json
from pathlib import Path

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.translate import get_translation_dict_from_file

APP_PATH = Path(frappe.get_app_path("onestop_center"))
MODULE_FOLDERS = ("catalogue", "dossiers", "fees", "surveys", "staffing")


def doctype_strings():
	for folder in MODULE_FOLDERS:
		for path in sorted((APP_PATH / folder).glob("doctype/*/*.json")):
			meta = json.loads(path.read_text())
			yield path.name, meta["name"]
			for field in meta["fields"]:
				for key in ("label", "description"):
					if field.get(key):
						yield path.name, field[key]
				if field["fieldtype"] == "Select":
					for option in (field.get("options") or "").split("\n"):
						if option:
							yield path.name, option


def message_strings():
	"""Literal first arguments of _() in the app's Python modules."""
	for folder in (*MODULE_FOLDERS, "setup"):
		for path in sorted((APP_PATH / folder).rglob("*.py")):
			for node in ast.walk(ast.parse(path.read_text())):
				if (
					isinstance(node, ast.Call)
					and isinstance(node.func, ast.Name)
					and node.func.id == "_"
					and node.args
					and isinstance(node.args[0], ast.Constant)
				):
					yield path.name, node.args[0].value


class TestVietnameseTranslations(FrappeTestCase):
	def setUp(self):
		self.vi = get_translation_dict_from_file(
			str(APP_PATH / "translations" / "vi.csv"), "vi", "onestop_center"
		)

	def test_translation_file_is_well_formed(self):
		self.assertGreater(len(self.vi), 100)
		self.assertTrue(all(self.vi.values()), "empty translations")

	def test_every_doctype_string_is_translated(self):
		missing = sorted({f"{source}: {text}" for source, text in doctype_strings() if text not in self.vi})
		self.assertEqual(missing, [])

	def test_every_message_is_translated(self):
		missing = sorted({f"{source}: {text}" for source, text in message_strings() if text not in self.vi})
		self.assertEqual(missing, [])

	def test_roles_are_translated(self):
		from onestop_center.setup.roles import DESK_ROLES, WEBSITE_ROLES

		self.assertEqual([r for r in (*DESK_ROLES, *WEBSITE_ROLES) if r not in self.vi], [])
