# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Daily backups of the site (database and files) and how many are kept.

Frappe takes a backup on demand (``scripts/backup``) but schedules none without bench's cron, and
each backup deletes every earlier one older than ``keep_backups_for_hours`` (24 h by default). Here:

* :func:`take_daily_backup` (scheduler, ``daily_long``) writes database + public + private files +
  site config into ``sites/SITE/private/backups``, encrypted when System Settings say so (gpg);
* :func:`prune` keeps the newest N sets, N = System Settings "Number of Backups" (7 at install);
* :func:`keep_backups` (install/migrate) makes Frappe's own cleanup keep the whole retention window.

Restoring: ``scripts/restore`` (README, "Backup and restore").
"""

import os
from collections import defaultdict

import frappe
from frappe.installer import update_site_config
from frappe.utils import cint
from frappe.utils.backups import get_backup_path, new_backup

DEFAULT_RETAINED = 7


def retained() -> int:
	return cint(frappe.db.get_single_value("System Settings", "backup_limit")) or DEFAULT_RETAINED


def keep_backups() -> None:
	"""Let Frappe's 24-hour cleanup keep the retained daily backups (a day of slack)."""
	hours = (retained() + 1) * 24
	if cint(frappe.conf.get("keep_backups_for_hours")) < hours:
		update_site_config("keep_backups_for_hours", hours)
		frappe.conf.keep_backups_for_hours = hours


def set_default_retention() -> None:
	"""At install: keep a week of daily backups (Frappe's default is 3)."""
	frappe.db.set_single_value("System Settings", "backup_limit", DEFAULT_RETAINED)


def take_daily_backup() -> list[str]:
	"""Back the site up with its files, then drop the sets beyond the retention; return those dropped."""
	keep_backups()
	new_backup(ignore_files=False, compress=True, force=True)
	return prune()


def backup_sets(path: str | None = None) -> dict[str, list[str]]:
	"""Backup files per set, a set being the files of one backup (same timestamp prefix)."""
	path = path or get_backup_path()
	sets = defaultdict(list)
	if os.path.isdir(path):
		for name in os.listdir(path):
			stamp = name.split("-", 1)[0]
			if stamp[:8].isdigit() and os.path.isfile(os.path.join(path, name)):
				sets[stamp].append(os.path.join(path, name))
	return dict(sets)


def prune(keep: int | None = None, path: str | None = None) -> list[str]:
	keep = retained() if keep is None else keep
	sets = backup_sets(path)
	dropped = []
	for stamp in sorted(sets, reverse=True)[keep:]:
		for file in sets[stamp]:
			os.remove(file)
			dropped.append(file)
	return dropped
