# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Transfer windows: batches per agency and window, idempotent runs, after the last window."""

import frappe

from onestop_center.dossiers import lifecycle
from onestop_center.dossiers.test_lifecycle import LifecycleTestCase, as_user, at, frozen
from onestop_center.transfers.windows import (
	DEADLOCK_TRIES,
	LAST_WINDOW_KEY,
	NotTransferred,
	_committed,
	due_windows,
	next_window,
	run_due_windows,
	run_transfer_now,
	run_window,
	transfer_now,
	transfer_now_status,
	window_moments,
)

MONDAY, TUESDAY, FRIDAY, NEXT_MONDAY = "2026-03-09", "2026-03-10", "2026-03-13", "2026-03-16"


def park_other_received() -> None:
	"""Dossiers other test modules left Received (and committed) would be taken by these windows:
	parked for the test (rolled back with it, or left parked by a test that commits)."""
	frappe.db.sql("update `tabDossier` set status = 'Stopped' where status = 'Received'")


class TestTransferWindows(LifecycleTestCase):
	def setUp(self):
		super().setUp()
		# each test on its own: dossiers received by another test are not in this one's windows
		frappe.db.savepoint("transfer_window_test")
		self.addCleanup(frappe.db.rollback, save_point="transfer_window_test")
		frappe.db.set_global(LAST_WINDOW_KEY, "")
		park_other_received()

	def mine(self, dossiers):
		names = [d.name for d in dossiers]
		return {
			name: frappe.db.get_value("Dossier", name, ["status", "agency"], as_dict=True) for name in names
		}

	def test_default_windows_on_working_days(self):
		self.assertEqual(
			window_moments(at(f"{FRIDAY} 00:00"), at(f"{NEXT_MONDAY} 23:59")),
			[
				at(f"{FRIDAY} 10:30"),
				at(f"{FRIDAY} 16:00"),
				at(f"{NEXT_MONDAY} 10:30"),
				at(f"{NEXT_MONDAY} 16:00"),
			],
		)
		self.assertEqual(next_window(at(f"{FRIDAY} 16:30")), at(f"{NEXT_MONDAY} 10:30"))

	def test_configured_windows(self):
		settings = frappe.get_single("OneStop Settings")
		settings.set("transfer_windows", [{"window_time": "14:00:00"}, {"window_time": "08:30:00"}])
		settings.save()
		self.assertEqual(
			window_moments(at(f"{MONDAY} 00:00"), at(f"{MONDAY} 23:59")),
			[at(f"{MONDAY} 08:30"), at(f"{MONDAY} 14:00")],
		)
		settings.append("transfer_windows", {"window_time": "08:30"})
		with self.assertRaises(frappe.ValidationError):
			settings.save()

	def test_one_batch_per_agency_and_window(self):
		procedure_b = self.procedure([(1, self.b, 3, "Sequential")])
		for_a = [self.receive(moment=f"{MONDAY} 08:{10 + i}") for i in range(3)]
		for_b = [self.receive(procedure_b, moment=f"{MONDAY} 09:15")]
		late = self.receive(moment=f"{MONDAY} 10:45")

		batches = run_window(at(f"{MONDAY} 10:30"), now=at(f"{MONDAY} 10:30"))
		by_agency = {frappe.db.get_value("Transfer Batch", name, "agency"): name for name in batches}
		self.assertEqual(set(by_agency), {self.a.name, self.b.name})
		batch_a = frappe.get_doc("Transfer Batch", by_agency[self.a.name])
		self.assertEqual(sorted(row.dossier for row in batch_a.dossiers), sorted(d.name for d in for_a))
		self.assertEqual((batch_a.status, batch_a.dossier_count), ("Handed Over", 3))
		self.assertEqual(self.mine(for_b)[for_b[0].name].agency, self.b.name)
		self.assertTrue(all(v.status == lifecycle.TRANSFERRED for v in self.mine(for_a + for_b).values()))
		self.assertEqual(self.mine([late])[late.name].status, lifecycle.RECEIVED)

	def test_running_a_window_twice_transfers_each_dossier_once(self):
		dossiers = [self.receive(moment=f"{MONDAY} 08:{10 + i}") for i in range(3)]
		first = run_window(at(f"{MONDAY} 10:30"), now=at(f"{MONDAY} 10:30"))
		self.assertEqual(run_window(at(f"{MONDAY} 10:30"), now=at(f"{MONDAY} 10:35")), [])
		for dossier in dossiers:
			dossier.reload()
			self.assertEqual(len(dossier.handovers), 1)
			self.assertEqual(dossier.handovers[0].transfer_batch, first[0])
		self.assertEqual(frappe.db.count("Transfer Batch", {"agency": self.a.name}), 1)

		# the scheduler job, twice in a row: the window is run once
		more = self.receive(moment=f"{MONDAY} 11:00")
		self.assertEqual(len(run_due_windows(now=at(f"{MONDAY} 16:02"), commit=False)), 1)
		self.assertEqual(run_due_windows(now=at(f"{MONDAY} 16:07"), commit=False), [])
		more.reload()
		self.assertEqual(len(more.handovers), 1)

	def test_a_dossier_resent_is_not_taken_again_by_the_same_window(self):
		dossier = self.receive(moment=f"{MONDAY} 08:30")
		[_batch] = run_window(at(f"{MONDAY} 10:30"), now=at(f"{MONDAY} 10:30"))
		self.act(self.specialist(self.a), dossier, lifecycle.SEND_BACK, sent_back_reason="Sai cơ quan")
		self.act(self.officer, dossier, lifecycle.RESEND)
		self.assertEqual(run_window(at(f"{MONDAY} 10:30"), now=at(f"{MONDAY} 11:10")), [])
		self.assertEqual(frappe.db.get_value("Dossier", dossier.name, "status"), lifecycle.RECEIVED)
		self.assertEqual(len(run_window(at(f"{MONDAY} 16:00"), now=at(f"{MONDAY} 16:00"))), 1)
		self.assertEqual(frappe.db.get_value("Dossier", dossier.name, "status"), lifecycle.TRANSFERRED)

	def test_after_the_last_window_the_next_working_session(self):
		evening = self.receive(moment=f"{MONDAY} 16:30")
		run_due_windows(now=at(f"{MONDAY} 16:45"), commit=False)
		self.assertEqual(self.mine([evening])[evening.name].status, lifecycle.RECEIVED)
		run_due_windows(now=at(f"{TUESDAY} 10:35"), commit=False)
		evening.reload()
		self.assertEqual(evening.status, lifecycle.TRANSFERRED)
		batch = evening.handovers[0].transfer_batch
		self.assertEqual(frappe.db.get_value("Transfer Batch", batch, "window_at"), at(f"{TUESDAY} 10:30"))

	def test_friday_evening_goes_on_monday_morning(self):
		friday = self.receive(moment=f"{FRIDAY} 16:20")
		frappe.db.set_global(LAST_WINDOW_KEY, f"{FRIDAY} 16:00:00")
		self.assertEqual(due_windows(at("2026-03-14 10:45")), [])  # Saturday: no window
		self.assertEqual(due_windows(at(f"{NEXT_MONDAY} 10:31")), [at(f"{NEXT_MONDAY} 10:30")])
		run_due_windows(now=at(f"{NEXT_MONDAY} 10:31"), commit=False)
		friday.reload()
		self.assertEqual(friday.status, lifecycle.TRANSFERRED)

	def test_missed_windows_are_caught_up(self):
		frappe.db.set_global(LAST_WINDOW_KEY, f"{MONDAY} 10:30:00")
		self.assertEqual(due_windows(at(f"{TUESDAY} 11:00")), [at(f"{MONDAY} 16:00"), at(f"{TUESDAY} 10:30")])


class TestTransferNowJob(LifecycleTestCase):
	""""Transfer now" is a background job: the request only queues it; the job commits per dossier,
	retries deadlocks a bounded number of times and reports its progress."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		from onestop_center.setup.roles import GENERAL_AFFAIRS_OFFICER
		from onestop_center.testing import make_user

		cls.team = make_user(GENERAL_AFFAIRS_OFFICER)

	def test_the_request_queues_the_job_and_locks_nothing(self):
		dossier = self.receive(moment=f"{MONDAY} 09:00")
		with as_user(self.officer), frozen(f"{MONDAY} 09:30"):
			with self.assertRaises(frappe.PermissionError):
				transfer_now()
			with self.assertRaises(frappe.PermissionError):
				transfer_now_status()
		with as_user(self.team), frozen(f"{MONDAY} 09:30"):
			status = transfer_now()
			self.assertEqual((status["state"], status["requested_by"]), ("queued", self.team))
			self.assertEqual(transfer_now_status()["state"], "queued")
		# the job is queued after the commit; nothing was transferred in the request
		self.assertEqual(frappe.db.get_value("Dossier", dossier.name, "status"), lifecycle.RECEIVED)

	def test_the_job_commits_per_dossier_and_reports_progress(self):
		park_other_received()
		procedure_b = self.procedure([(1, self.b, 3, "Sequential")])
		dossiers = [self.receive(moment=f"{MONDAY} 08:1{i}") for i in range(2)]
		dossiers.append(self.receive(procedure_b, moment=f"{MONDAY} 08:20"))
		frappe.db.commit()  # what the officers' requests did
		made = []
		self.addCleanup(self.remove, dossiers, made)
		with as_user(self.team), frozen(f"{MONDAY} 09:30"):
			made += run_transfer_now()
			status = transfer_now_status()
		frappe.db.rollback()  # each dossier was committed by the job itself
		self.assertEqual(
			{frappe.db.get_value("Transfer Batch", name, "agency") for name in made}, {self.a.name, self.b.name}
		)
		statuses = {frappe.db.get_value("Dossier", d.name, "status") for d in dossiers}
		self.assertEqual(statuses, {lifecycle.TRANSFERRED})
		self.assertEqual(status["state"], "done")
		self.assertEqual(status["failed"], [])
		self.assertEqual(status["done"], status["total"])
		self.assertGreaterEqual(status["total"], 3)
		self.assertTrue(set(made) <= set(status["batches"]))

	def test_a_deadlock_victim_is_retried_then_given_up(self):
		frappe.db.commit()  # the retries roll back: keep the class's users and agencies
		calls = []

		def deadlocked_once():
			calls.append(1)
			if len(calls) == 1:
				raise frappe.QueryDeadlockError("Deadlock found when trying to get lock")
			return "batch"

		self.assertEqual(_committed("NHAP-TEST", deadlocked_once), "batch")
		self.assertEqual(len(calls), 2)

		def always_deadlocked():
			calls.append(1)
			raise frappe.QueryDeadlockError("Deadlock found when trying to get lock")

		calls.clear()
		with self.assertRaises(NotTransferred):
			_committed("NHAP-TEST", always_deadlocked)
		self.assertEqual(len(calls), DEADLOCK_TRIES)
		self.assertTrue(frappe.db.exists("Error Log", {"reference_name": "NHAP-TEST"}))
		frappe.db.delete("Error Log", {"reference_name": "NHAP-TEST"})
		frappe.db.commit()

	def remove(self, dossiers, batches):
		"""The job committed: delete what this test made."""
		frappe.set_user("Administrator")
		for name in batches:
			frappe.delete_doc("Transfer Batch", name, force=True, ignore_permissions=True)
		for dossier in dossiers:
			frappe.delete_doc("Dossier", dossier.name, force=True, ignore_permissions=True)
		frappe.db.commit()
