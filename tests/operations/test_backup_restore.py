"""Backup → restore into a fresh site loses nothing (issue 12 §5).

``scripts/backup`` backs the served test site up (database, public and private files); ``scripts/restore``
restores that backup into a new site. The two sites are then compared: the row count of every table,
a checksum of every row of the Dossier, Fee Receipt and File tables (with their child tables), and the
bytes of every attached file. The test site has no scheduler and the suites run one at a time, so
nothing writes to it between the backup and the comparison.

It runs twice: in clear, and with System Settings "Encrypt Backups" on — then every file written,
the site config copy included, is gpg-encrypted (nothing of it readable, the key nowhere in it) and
the restore into the new site is given the key (``--encryption-key``).
"""

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from conftest import SITE  # noqa: E402

RESTORED = "restore-check.localhost"
RESTORED_DB = "onestop_restore_check"
# DocTypes whose every row must come back identical, with their child tables.
CHECKED = ("Dossier", "Fee Receipt", "File")
# Rebuilt from the documents after a restore (a queued job), not restored row for row.
DERIVED = ("__global_search",)


def run(*command: str) -> str:
	result = subprocess.run(
		[str(ROOT / "scripts" / command[0]), *command[1:]],
		capture_output=True,
		text=True,
		env={**os.environ, "ONESTOP_RESTORE_DB": RESTORED_DB},
		timeout=1200,
	)
	assert result.returncode == 0, f"{command[0]} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
	return result.stdout


def snapshot(site: str) -> dict:
	"""Row counts of every table, row checksums of the checked DocTypes, bytes of every file."""
	import frappe

	cwd = os.getcwd()
	os.chdir(ROOT / "sites")
	frappe.init(site=site, sites_path=str(ROOT / "sites"), force=True)
	frappe.connect()
	try:
		tables = [row[0] for row in frappe.db.sql("SHOW TABLES")]
		counts = {table: frappe.db.sql(f"SELECT COUNT(*) FROM `{table}`")[0][0] for table in tables}
		doctypes = list(CHECKED)
		for doctype in CHECKED:
			doctypes += [df.options for df in frappe.get_meta(doctype).get_table_fields()]
		rows = {}
		for doctype in doctypes:
			digest = hashlib.sha256()
			for row in frappe.db.sql(f"SELECT * FROM `tab{doctype}` ORDER BY name", as_list=True):
				digest.update(repr(row).encode())
			rows[doctype] = digest.hexdigest()
		files = {}
		for folder in ("public/files", "private/files"):
			base = Path(frappe.get_site_path(*folder.split("/")))
			for path in sorted(p for p in base.rglob("*") if p.is_file()):
				files[f"{folder}/{path.relative_to(base)}"] = hashlib.sha256(path.read_bytes()).hexdigest()
		return {"counts": counts, "rows": rows, "files": files}
	finally:
		frappe.destroy()
		os.chdir(cwd)


def attach_files() -> None:
	"""A private scan on a dossier and a public file, so that both archives carry something."""
	from frappe_site import connected_site

	with connected_site(db=True) as frappe:
		dossier = frappe.get_all("Dossier", filters={"status": ["!=", "Draft"]}, pluck="name", limit=1)[0]
		for private, name in ((1, "ban-sao-cccd.pdf"), (0, "huong-dan.txt")):
			frappe.get_doc(
				{
					"doctype": "File",
					"file_name": name,
					"is_private": private,
					"attached_to_doctype": "Dossier" if private else None,
					"attached_to_name": dossier if private else None,
					"content": f"backup check {name} {os.getpid()}".encode(),
				}
			).insert(ignore_permissions=True)


def set_encryption(on: bool) -> str | None:
	"""System Settings "Encrypt Backups" on the served site; its backup key when on."""
	from frappe_site import connected_site

	with connected_site(db=True) as frappe:
		frappe.db.set_single_value("System Settings", "encrypt_backup", int(on))
		frappe.db.commit()
		if on:
			from frappe.utils.backups import get_or_generate_backup_encryption_key

			return get_or_generate_backup_encryption_key()
	return None


def assert_sealed(written: list[str], key: str) -> None:
	"""Every file of an encrypted backup is OpenPGP data: no gzip, tar or JSON, no key inside."""
	assert len(written) == 4, written
	for path in written:
		data = Path(path).read_bytes()
		assert data[0] & 0x80 == 0x80, f"{path} is not encrypted (starts with {data[:4]!r})"
		assert not data.startswith(b"\x1f\x8b") and b'"db_password"' not in data and key.encode() not in data, path


@pytest.fixture(scope="module", params=["clear", "encrypted"])
def restored(request):
	key = set_encryption(True) if request.param == "encrypted" else None
	try:
		attach_files()
		written = [line for line in run("backup", SITE).splitlines() if line.startswith("/")]
	finally:
		if key:
			set_encryption(False)
	if key:
		assert_sealed(written, key)
	database = next(path for path in written if path.endswith(".sql.gz"))
	archives = [path for path in written if re.search(r"-files(-enc)?\.(tgz|tar\.gz|tar)$", path)]
	private = next(path for path in archives if "-private-files" in path)
	public = next(path for path in archives if path != private)
	before = snapshot(SITE)
	run("restore", RESTORED, database, public, private, *(("--encryption-key", key) if key else ()))
	yield before, snapshot(RESTORED)
	archive = Path(tempfile.mkdtemp(prefix="onestop-archived-"))
	subprocess.run(
		[sys.executable, "-m", "frappe.utils.bench_helper", "frappe", "drop-site", RESTORED, "--force",
		 "--no-backup", "--db-root-password", os.environ.get("DB_ROOT_PASSWORD", "root"),
		 "--archived-sites-path", str(archive)],
		cwd=ROOT / "sites", capture_output=True, timeout=600,
	)
	# what the restored site's background jobs left behind (search index folders)
	shutil.rmtree(archive, ignore_errors=True)
	shutil.rmtree(ROOT / "sites" / RESTORED, ignore_errors=True)


def test_the_backup_has_the_dossiers_and_their_files(restored):
	before, _ = restored
	assert before["counts"]["tabDossier"] > 0
	assert before["counts"]["tabFee Receipt"] > 0
	assert before["files"], "the demo site has attached files to carry over"


def test_every_table_comes_back_with_its_rows(restored):
	before, after = restored
	for derived in DERIVED:
		before["counts"].pop(derived, None)
	missing = sorted(set(before["counts"]) - set(after["counts"]))
	differ = {t: (n, after["counts"][t]) for t, n in before["counts"].items() if t in after["counts"] and after["counts"][t] != n}
	# migrate after the restore may log its own run (patch log, scheduled job types): never fewer rows
	grew_only = {t: v for t, v in differ.items() if v[1] < v[0]}
	assert not missing, f"tables lost: {missing}"
	assert not grew_only, f"rows lost: {grew_only}"


def test_every_dossier_fee_receipt_and_file_is_identical(restored):
	before, after = restored
	assert before["rows"] == after["rows"]
	assert before["files"] == after["files"]
