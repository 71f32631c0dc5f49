# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Daily backups of the site (database and files) and how many are kept.

Frappe takes a backup on demand (``scripts/backup``) but schedules none without bench's cron, and
each backup deletes every earlier one older than ``keep_backups_for_hours`` (24 h by default). Here:

* :func:`take_daily_backup` (scheduler, ``daily_long``) writes database + public + private files +
  site config into ``sites/SITE/private/backups``, encrypted when System Settings say so (gpg);
* :func:`prune` keeps the newest N sets, N = System Settings "Number of Backups" (7 at install);
* :func:`keep_backups` (install/migrate) makes Frappe's own cleanup keep the whole retention window;
* :func:`seal_config_backups`: with "Encrypt Backups" on, Frappe encrypts the database and the two
  file archives (gpg, passphrase ``backup_encryption_key`` of site_config.json) but writes the copy of
  site_config.json — named ``…-site_config_backup-enc.json`` all the same — in clear, with that very
  key and the database password in it: encryption at rest protected nothing. It is encrypted too.

Restoring: ``scripts/restore`` (README, "Backup and restore").
"""

import os
import subprocess
from collections import defaultdict

import frappe
from frappe.installer import update_site_config
from frappe.utils import cint
from frappe.utils.backups import get_backup_path, get_or_generate_backup_encryption_key, new_backup

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
	seal_config_backups()
	return prune()


def encrypted() -> bool:
	"""System Settings "Encrypt Backups" (Frappe's own setting; gpg with the site's key)."""
	return bool(cint(frappe.get_system_settings("encrypt_backup")))


def is_sealed(path: str) -> bool:
	"""An OpenPGP file (gpg's output): its first byte has the top bit set; JSON starts with '{'."""
	with open(path, "rb") as file:
		first = file.read(1)
	return bool(first) and first[0] & 0x80 == 0x80


def seal_config_backups(path: str | None = None) -> list[str]:
	"""Encrypt the site-config copies Frappe left in clear beside encrypted backups; their paths."""
	if not encrypted():
		return []
	path = path or get_backup_path()
	sealed = []
	for name in sorted(os.listdir(path)) if os.path.isdir(path) else []:
		file = os.path.join(path, name)
		if name.endswith("-site_config_backup-enc.json") and not is_sealed(file):
			subprocess.run(
				["gpg", "--batch", "--yes", "--pinentry-mode", "loopback", "--passphrase-fd", "0",
				 "--symmetric", "--output", file + ".gpg", file],
				input=get_or_generate_backup_encryption_key().encode(),
				check=True,
				capture_output=True,
			)
			os.replace(file + ".gpg", file)
			sealed.append(file)
	return sealed


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
