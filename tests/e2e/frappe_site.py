"""In-process access to the served test site (its Redis cache and database), for fixtures only.

The suites talk to the site over HTTP; counters that outlive a test (rate limits, login failures)
are reset through Frappe's own cache here, so suites do not lock each other out.
"""

import os
from contextlib import contextmanager
from pathlib import Path

SITES = Path(__file__).resolve().parents[2] / "sites"


@contextmanager
def connected_site(db: bool = False):
	"""Frappe initialised on the test site (``db``: connected to its database as Administrator)."""
	import frappe

	from conftest import SITE

	cwd = os.getcwd()
	os.chdir(SITES)  # Frappe's loggers write under the sites folder
	frappe.init(site=SITE, sites_path=str(SITES), force=True)
	try:
		if db:
			frappe.connect(set_admin_as_user=True)
		yield frappe
		if db:
			frappe.db.commit()
	finally:
		frappe.destroy()
		os.chdir(cwd)


@contextmanager
def site_cache():
	with connected_site() as frappe:
		yield frappe.cache


def reset_rate_limits(method_prefix: str) -> None:
	"""Forget the per-client request counts (Frappe's ``rate_limit``) of the methods under a dotted
	prefix, e.g. ``onestop_center.counter_queue.``, so that the next suite starts afresh."""
	with site_cache() as cache:
		cache.delete_keys(f"rl:{method_prefix}")
