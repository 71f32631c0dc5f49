"""Helpers for loading records in bulk (demo data, test factories, data migration)."""

from contextlib import contextmanager

import frappe


@contextmanager
def bulk_import():
	"""Treat the enclosed inserts as an import.

	Frappe refuses to create more than 60 users an hour outside imports ("Throttled"); loading a
	centre's officers (or a test suite's users) is an import, not abuse. Like any import, it sets
	no field defaults: give every field explicitly (``enabled`` for users).
	"""
	previous = frappe.flags.in_import
	frappe.flags.in_import = True
	try:
		yield
	finally:
		frappe.flags.in_import = previous
