# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Install and migrate harden System Settings on every site (demo and production)."""

import frappe
from frappe.tests.utils import FrappeTestCase

from onestop_center.setup.install import after_migrate


class TestHardenedSystemSettings(FrappeTestCase):
	def test_migrate_turns_off_tracebacks_and_frappes_login_lockout(self):
		frappe.db.set_single_value(
			"System Settings", {"allow_error_traceback": 1, "allow_consecutive_login_attempts": 10}
		)
		after_migrate()
		self.assertEqual(frappe.db.get_single_value("System Settings", "allow_error_traceback"), 0)
		self.assertEqual(frappe.db.get_single_value("System Settings", "allow_consecutive_login_attempts"), 0)

	def test_install_runs_the_same_hardening(self):
		from onestop_center import hooks

		self.assertEqual(hooks.after_install, "onestop_center.setup.install.after_install")
		self.assertEqual(hooks.after_migrate, "onestop_center.setup.install.after_migrate")
		frappe.db.set_single_value("System Settings", "allow_error_traceback", 1)
		frappe.get_attr(hooks.after_install)()
		self.assertEqual(frappe.db.get_single_value("System Settings", "allow_error_traceback"), 0)
