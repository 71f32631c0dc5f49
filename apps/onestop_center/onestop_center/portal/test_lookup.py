# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt
"""Public dossier lookup: what a code reveals, what it never reveals, and that a miss costs a hit."""

import json
import statistics
import time
from contextlib import contextmanager

import frappe

from onestop_center.dossiers import lifecycle
from onestop_center.dossiers.test_lifecycle import MONDAY, LifecycleTestCase, as_user
from onestop_center.onestop_printing.codes import lookup_url
from onestop_center.portal import lookup


@contextmanager
def recorded_queries():
	"""The SQL statements run inside the block (Frappe's own database calls, recorded)."""
	statements = []
	original = frappe.db.sql

	def spy(query, *args, **kwargs):
		statements.append(" ".join(str(query).split()))
		return original(query, *args, **kwargs)

	frappe.db.sql = spy
	try:
		yield statements
	finally:
		frappe.db.sql = original


def forget_decoy():
	"""The decoy a miss reads is kept by the process and the cache: this class's dossiers are rolled
	back at its end, so every test picks a decoy that exists."""
	lookup._DECOY.clear()
	frappe.cache.delete_value(lookup.DECOY_CACHE_KEY)


class TestMaskingAndCodes(LifecycleTestCase):
	def test_mask_name(self):
		self.assertEqual(lookup.mask_name("Nguyễn Văn Hùng"), "Ng*** V** H**")
		self.assertEqual(lookup.mask_name("  Lê   Thị  Bé "), "L*** T** B**")
		self.assertEqual(lookup.mask_name("An"), "A***")
		self.assertEqual(lookup.mask_name(""), "")
		self.assertEqual(lookup.mask_name(None), "")

	def test_normalise_code(self):
		code = "000.00.01.H15-261130-0001"
		self.assertEqual(lookup.normalise_code(f"  {code}\n"), code)
		# a scanner reading the receipt's QR code types the lookup URL
		self.assertEqual(lookup.normalise_code(lookup_url(code)), code)
		self.assertEqual(lookup.normalise_code("x" * 65), "")
		self.assertEqual(lookup.normalise_code(None), "")
		self.assertEqual(lookup.normalise_code(12345), "")
		self.assertEqual(lookup.normalise_code("http://[::1/?code=x"), "")


class TestPublicLookup(LifecycleTestCase):
	def setUp(self):
		super().setUp()
		forget_decoy()

	def test_received_dossier_shows_its_public_status_and_no_personal_data(self):
		dossier = self.receive()
		applicant = frappe.get_doc("Applicant", dossier.applicant)
		view = lookup.find_dossier(dossier.name)

		self.assertTrue(view["found"])
		self.assertEqual(view["code"], dossier.name)
		self.assertEqual(view["status"], lifecycle.RECEIVED)
		self.assertEqual(view["status_text"], lookup.status_texts()[lifecycle.RECEIVED])
		self.assertEqual(view["procedure_code"], dossier.procedure)
		self.assertEqual(view["agency"], frappe.db.get_value("Agency", self.a.name, "agency_name"))
		self.assertEqual(view["applicant"], lookup.mask_name(applicant.full_name))
		self.assertEqual(view["received_at"], f"{MONDAY} 09:00:00")
		self.assertTrue(view["due_at"])
		self.assertEqual([step["order"] for step in view["steps"]], [1, 2])
		self.assertTrue(all(step["finished_at"] is None for step in view["steps"]))
		self.assertEqual((view["fee_total"], view["fee_paid"], view["fee_due"]), (50000.0, 0.0, 50000.0))
		self.assertFalse(view["result_ready"])

		text = json.dumps(view, ensure_ascii=False, default=str)
		for private in (applicant.full_name, applicant.id_number, applicant.phone, applicant.address, dossier.applicant):
			self.assertNotIn(private, text)
		self.assertNotIn("email", text)

	def test_steps_passed_with_their_result(self):
		dossier = self.in_progress()
		self.act(self.specialist(self.a), dossier, lifecycle.FINISH_STEP, f"{MONDAY} 14:00")

		view = lookup.find_dossier(dossier.name)
		first, second = view["steps"]
		self.assertEqual(first["result"], "Early")
		self.assertEqual(first["result_text"], lookup.step_result_texts()["Early"])
		self.assertTrue(first["finished_at"].startswith(MONDAY))
		self.assertIsNone(second["finished_at"])
		self.assertIsNone(second["result"])
		self.assertEqual(view["status_text"], lookup.status_texts()[view["status"]])

	def test_fees_paid(self):
		dossier = self.receive()
		self.pay(dossier)
		view = lookup.find_dossier(dossier.name)
		self.assertEqual((view["fee_total"], view["fee_paid"], view["fee_due"]), (50000.0, 50000.0, 0.0))

	def test_code_not_given_yet_is_not_found(self):
		draft = self.draft()
		self.assertTrue(draft.name.startswith("NHAP-"))
		view = lookup.find_dossier(draft.name)
		self.assertFalse(view["found"])

	def test_unknown_and_malformed_codes_get_a_clear_message(self):
		unknown = lookup.find_dossier("000.00.01.H15-261130-9999")
		self.assertFalse(unknown["found"])
		self.assertIn("000.00.01.H15-261130-9999", unknown["message"])
		malformed = lookup.find_dossier("' or 1=1 --")
		self.assertFalse(malformed["found"])
		self.assertNotEqual(malformed["message"], unknown["message"])
		self.assertFalse(lookup.find_dossier("")["found"])

	def test_a_miss_runs_the_same_queries_as_a_hit(self):
		dossier = self.receive()
		lookup.find_dossier(dossier.name)  # caches (settings, meta) warm
		lookup.find_dossier("000.00.01.H15-261130-9998")  # and the decoy's (its result may be at the centre)
		shapes = {}
		for label, code in (
			("hit", dossier.name),
			("unknown", "000.00.01.H15-261130-9999"),
			("malformed", "<script>"),
			("draft", self.draft().name),
		):
			with recorded_queries() as statements:
				lookup.find_dossier(code)
			shapes[label] = statements
		self.assertEqual(len(shapes["hit"]), 1)  # one round trip, the decoy cached
		for label in ("unknown", "malformed", "draft"):
			self.assertEqual(shapes[label], shapes["hit"], label)

	def test_a_miss_takes_as_long_as_a_hit(self):
		"""Statistical bound, not a sleep: interleaved samples, medians within 25 % (or 0.5 ms)."""
		dossier = self.receive()
		codes = {"hit": dossier.name, "miss": "000.00.01.H15-261130-9999", "malformed": "zz"}
		samples = {label: [] for label in codes}
		for _round in range(150):
			for label, code in codes.items():
				started = time.perf_counter()
				lookup.find_dossier(code)
				samples[label].append(time.perf_counter() - started)
		hit = statistics.median(samples["hit"])
		for label in ("miss", "malformed"):
			other = statistics.median(samples[label])
			self.assertLess(abs(hit - other), max(0.25 * hit, 0.0005), f"{label}: {other:.6f}s vs hit {hit:.6f}s")


class TestRateLimitSetting(LifecycleTestCase):
	def tearDown(self):
		frappe.local.request_ip = None
		super().tearDown()

	def test_limit_from_settings_and_unlimited_clients(self):
		settings = frappe.get_single("OneStop Settings")
		settings.lookup_rate_limit = 120
		settings.lookup_unlimited_clients = "10.0.5.0/24\nnot an address\n192.168.1.20"
		settings.save()
		frappe.local.request_ip = "203.0.113.9"
		self.assertEqual(lookup.rate_limit_for_client(), 120)
		for kiosk in ("10.0.5.77", "192.168.1.20"):
			frappe.local.request_ip = kiosk
			self.assertEqual(lookup.rate_limit_for_client(), lookup.UNLIMITED)
		settings.lookup_rate_limit = 0
		settings.save()
		frappe.local.request_ip = "203.0.113.9"
		self.assertEqual(lookup.rate_limit_for_client(), lookup.DEFAULT_RATE_LIMIT)


class TestLookupPage(LifecycleTestCase):
	def test_page_context_for_a_hit_and_a_miss(self):
		from onestop_center.portal.pages import lookup_context

		dossier = self.receive()
		frappe.form_dict.code = dossier.name
		try:
			context = lookup_context(frappe._dict())
			self.assertTrue(context.result.found)
			self.assertTrue(context.result.received_at_text.startswith("09/03/2026"))
			frappe.form_dict.code = "nope"
			context = lookup_context(frappe._dict())
			self.assertFalse(context.result.found)
		finally:
			frappe.form_dict.pop("code", None)

	def test_guest_reads_the_lookup(self):
		dossier = self.receive()
		with as_user("Guest"):
			self.assertTrue(lookup.dossier_status(dossier.name)["found"])
