# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Retention of the daily backups: whole sets are kept or dropped, newest first."""

import os
import tempfile

import frappe
from frappe.tests.utils import FrappeTestCase

from onestop_center import backups

KINDS = ("database.sql.gz", "files.tar.gz", "private-files.tar.gz", "site_config_backup.json")


class TestBackupRetention(FrappeTestCase):
	def test_prune_keeps_the_newest_sets_whole(self):
		with tempfile.TemporaryDirectory() as path:
			stamps = [f"202611{day:02d}_003000" for day in range(1, 11)]
			for stamp in stamps:
				for kind in KINDS:
					open(os.path.join(path, f"{stamp}-test_localhost-{kind}"), "w").close()
			open(os.path.join(path, "notes.txt"), "w").close()  # not a backup: left alone

			dropped = backups.prune(keep=7, path=path)

			self.assertEqual(len(dropped), 3 * len(KINDS))
			self.assertEqual(sorted(backups.backup_sets(path)), stamps[3:])
			self.assertTrue(os.path.exists(os.path.join(path, "notes.txt")))
			self.assertEqual(backups.prune(keep=7, path=path), [])

	def test_frappes_cleanup_keeps_the_retention_window(self):
		frappe.db.set_single_value("System Settings", "backup_limit", 10)
		backups.keep_backups()
		self.assertGreaterEqual(frappe.conf.keep_backups_for_hours, 11 * 24)
		self.assertEqual(backups.retained(), 10)
