# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Vietnamese is the default language: every label, option, description and message has a translation."""

import ast
import json
import re
from pathlib import Path

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.translate import get_all_translations, get_translation_dict_from_file

APP_PATH = Path(frappe.get_app_path("onestop_center"))
# Jinja/JS: _("…") or __("…") with a literal first argument
TEMPLATE_MESSAGE = re.compile(r"""\b_{1,2}\(\s*(["'])((?:\\.|(?!\1).)+)\1""")


def doctype_strings():
	for path in sorted(APP_PATH.glob("*/doctype/*/*.json")):
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


def workspace_strings():
	for path in sorted(APP_PATH.glob("*/workspace/*/*.json")):
		meta = json.loads(path.read_text())
		yield path.name, meta["title"]
		for row in (*meta.get("links", []), *meta.get("shortcuts", []), *meta.get("quick_lists", [])):
			yield path.name, row["label"]


def template_strings():
	"""Literal _("…") in portal templates and __("…") in desk scripts."""
	for pattern in ("www/**/*.html", "templates/**/*.html", "**/*.js"):
		for path in sorted(APP_PATH.glob(pattern)):
			for match in TEMPLATE_MESSAGE.finditer(path.read_text()):
				yield path.name, match.group(2)


def message_strings():
	"""Literal first arguments of _() in the app's Python modules."""
	for path in sorted(APP_PATH.rglob("*.py")):
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
		# what the site shows at runtime: this app's file merged with Frappe's own Vietnamese
		self.runtime_vi = {**get_all_translations("vi"), **self.vi}

	def test_translation_file_is_well_formed(self):
		self.assertGreater(len(self.vi), 100)
		self.assertTrue(all(self.vi.values()), "empty translations")

	def test_every_doctype_string_is_translated(self):
		missing = sorted({f"{source}: {text}" for source, text in doctype_strings() if text not in self.runtime_vi})
		self.assertEqual(missing, [])

	def test_every_workspace_label_is_translated(self):
		missing = sorted({f"{source}: {text}" for source, text in workspace_strings() if text not in self.runtime_vi})
		self.assertEqual(missing, [])

	def test_every_template_string_is_translated(self):
		strings = list(template_strings())
		self.assertTrue(any(source == "mot-cua.html" for source, _text in strings))
		missing = sorted({f"{source}: {text}" for source, text in strings if text not in self.runtime_vi})
		self.assertEqual(missing, [])

	def test_every_message_is_translated(self):
		missing = sorted({f"{source}: {text}" for source, text in message_strings() if text not in self.runtime_vi})
		self.assertEqual(missing, [])

	def test_roles_are_translated(self):
		from onestop_center.setup.roles import DESK_ROLES, WEBSITE_ROLES

		self.assertEqual([r for r in (*DESK_ROLES, *WEBSITE_ROLES) if r not in self.vi], [])
