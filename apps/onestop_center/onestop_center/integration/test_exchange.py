# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Issue 12 §9 (inbound): a department's own system fetches its dossiers and reports back."""

from contextlib import contextmanager

import frappe
from frappe.model.workflow import WorkflowTransitionError

from onestop_center.dossiers import lifecycle
from onestop_center.dossiers.test_lifecycle import MONDAY, LifecycleTestCase, as_user, at, frozen
from onestop_center.integration import exchange
from onestop_center.security.access import NotFoundOrNotPermitted
from onestop_center.testing import unique_token

PDF = b"%PDF-1.4\n% ket qua\n"


class ExchangeTestCase(LifecycleTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.peers = {
			agency.name: exchange.provision_peer(agency.name, email=f"peer-{unique_token(8).lower()}@onestop.invalid")
			for agency in (cls.a, cls.b, cls.c)
		}

	def peer(self, agency) -> str:
		return self.peers[agency.name]["user"]

	@contextmanager
	def as_peer(self, agency, moment=f"{MONDAY} 11:00"):
		with as_user(self.peer(agency)), frozen(moment):
			yield


def rid() -> str:
	return f"req-{unique_token(10)}"


class TestPeerAccount(ExchangeTestCase):
	def test_the_peer_is_a_department_user_of_its_agency_with_a_key(self):
		peer = self.peers[self.a.name]
		user = frappe.get_doc("User", peer["user"])
		self.assertEqual(user.api_key, peer["api_key"])
		self.assertEqual(user.get_password("api_secret"), peer["api_secret"])
		self.assertIn(self.a.agency_name, user.full_name)
		with as_user(peer["user"]):
			self.assertEqual(exchange.current_peer().agencies, [self.a.name])
		# provisioning again keeps the account and gives a new secret
		again = exchange.provision_peer(self.a.name, email=peer["user"])
		self.assertEqual(again["api_key"], peer["api_key"])
		self.assertNotEqual(again["api_secret"], peer["api_secret"])
		self.peers[self.a.name] = again

	def test_officers_and_centre_users_are_not_peers(self):
		for user in (self.specialist(self.a), self.head(self.a), self.officer, "Administrator"):
			with self.subTest(user), as_user(user), self.assertRaises(exchange.NotADepartmentSystem):
				exchange.v1_list_dossiers()


class TestExchangeFlow(ExchangeTestCase):
	def test_fetch_acknowledge_progress_result(self):
		dossier = self.transferred()
		due = dossier.due_at
		with self.as_peer(self.a):
			listed = exchange.v1_list_dossiers()
			[item] = [row for row in listed["dossiers"] if row["dossier"] == dossier.name]
			self.assertEqual((item["status"], item["relation"]), (lifecycle.TRANSFERRED, exchange.HOLDER))
			view = exchange.v1_get_dossier(dossier.name)
			self.assertEqual(view["applicant_name"], dossier.applicant_name)
			self.assertEqual([s["order"] for s in view["steps"]], [1, 2])
			self.assertFalse(view["last_step"])

			first = rid()
			answer = exchange.v1_acknowledge(dossier.name, first, officer="Nguyễn Văn Chuyên")
			self.assertEqual(answer["status"], lifecycle.IN_PROGRESS)
			self.assertFalse(answer["replayed"])
			replay = exchange.v1_acknowledge(dossier.name, first, officer="Nguyễn Văn Chuyên")
			self.assertTrue(replay["replayed"])
			self.assertEqual({**replay, "replayed": False}, answer)
			# a new request in the wrong state: the lifecycle refuses it
			with self.assertRaises(WorkflowTransitionError):
				exchange.v1_acknowledge(dossier.name, rid())

		doc = frappe.get_doc("Dossier", dossier.name)
		self.assertEqual(doc.handovers[-1].received_by, self.peer(self.a))
		self.assertEqual(self.comments(doc).count(lifecycle.IN_PROGRESS), 1)  # one Accept, not two
		self.assertTrue(any("Nguyễn Văn Chuyên" in c for c in self.comments(doc, "Info")))

		with self.as_peer(self.a, f"{MONDAY} 13:00"):
			started = exchange.v1_report_progress(dossier.name, rid(), exchange.STEP_STARTED, 1)
			self.assertEqual(started["current_step"], 1)
			with self.assertRaises(exchange.ExchangeRefused):  # not the current step
				exchange.v1_report_progress(dossier.name, rid(), exchange.STEP_FINISHED, 2)
		with self.as_peer(self.a, f"{MONDAY} 14:00"):
			finished = exchange.v1_report_progress(dossier.name, rid(), exchange.STEP_FINISHED, "1")
		self.assertEqual((finished["status"], finished["current_step"]), (lifecycle.IN_PROGRESS, 2))
		self.assertEqual(finished["step_timeliness"], "Early")
		with self.as_peer(self.a, f"{MONDAY} 14:30"), self.assertRaises(exchange.ExchangeRefused):
			exchange.v1_report_progress(dossier.name, rid(), exchange.STEP_FINISHED, 2)  # the last

		with self.as_peer(self.a, f"{MONDAY} 15:00"):
			result = exchange.report_result(
				dossier.name, rid(), "ket-qua.pdf", PDF, "123/QĐ-STP", "Cấp giấy phép", officer="Trần Thị Lãnh"
			)
		self.assertEqual(result["status"], lifecycle.RESULT_READY)
		doc = frappe.get_doc("Dossier", dossier.name)
		self.assertEqual(doc.result_number, "123/QĐ-STP")
		self.assertEqual(doc.finished_at, at(f"{MONDAY} 15:00"))
		self.assertEqual(doc.result_ready_at, at(f"{MONDAY} 15:00"))
		self.assertEqual(doc.due_at, due)
		self.assertEqual([s.timeliness for s in doc.steps], ["Early", "Early"])
		self.assertEqual(doc.timeliness, "Early")
		file_row = frappe.get_doc("File", {"file_url": doc.result_file})
		self.assertEqual((file_row.attached_to_name, file_row.is_private), (doc.name, 1))
		content = file_row.get_content()
		self.assertEqual(content.encode() if isinstance(content, str) else content, PDF)
		# acknowledged, step 1 started and finished, result: the refused reports kept nothing
		self.assertEqual(
			frappe.db.count("Integration Request", {"integration_request_service": exchange.SERVICE,
				"reference_docname": doc.name, "status": "Completed"}),
			4,
		)
		# the centre collects the result as from any department
		with as_user(self.officer), frozen(f"{MONDAY} 16:00"):
			doc = lifecycle.apply(doc.name, lifecycle.COLLECT_RESULT)
		self.assertEqual(doc.status, lifecycle.RESULT_AT_CENTRE)

	def test_a_request_id_is_one_request(self):
		dossier = self.in_progress()
		request = rid()
		with self.as_peer(self.a):
			exchange.v1_report_directive(dossier.name, request, "Ưu tiên giải quyết")
			again = exchange.v1_report_directive(dossier.name, request, "Ưu tiên giải quyết")
			self.assertTrue(again["replayed"])
			with self.assertRaises(exchange.RequestIdReused):
				exchange.v1_report_directive(dossier.name, request, "Nội dung khác")
			with self.assertRaises(frappe.ValidationError):
				exchange.v1_report_directive(dossier.name, "không hợp lệ!", "x")
		doc = frappe.get_doc("Dossier", dossier.name)
		self.assertEqual([d.directive for d in doc.directives], ["Ưu tiên giải quyết"])
		self.assertEqual(doc.directives[0].given_by, self.peer(self.a))

	def test_a_refused_request_keeps_nothing_and_may_be_retried(self):
		dossier = self.transferred()
		request = rid()
		with self.as_peer(self.a):
			with self.assertRaises(frappe.ValidationError):
				exchange.v1_request_supplement(dossier.name, request, "Bổ sung bản sao")  # not accepted yet
			self.assertFalse(
				frappe.db.exists("Integration Request", {"request_id": request, "integration_request_service": exchange.SERVICE})
			)
			exchange.v1_acknowledge(dossier.name, rid())
			answer = exchange.v1_request_supplement(dossier.name, request, "Bổ sung bản sao")
		self.assertEqual(answer["status"], lifecycle.SUPPLEMENT_REQUESTED)
		self.assertTrue(frappe.db.get_value("Dossier", dossier.name, "clock_paused"))

	def test_another_agencys_system_learns_nothing(self):
		dossier = self.transferred()
		with self.as_peer(self.b):
			self.assertNotIn(dossier.name, [r["dossier"] for r in exchange.v1_list_dossiers()["dossiers"]])
			with self.assertRaises(NotFoundOrNotPermitted):
				exchange.v1_get_dossier(dossier.name)
			with self.assertRaises(NotFoundOrNotPermitted):
				exchange.v1_acknowledge(dossier.name, rid())
		self.assertEqual(frappe.db.get_value("Dossier", dossier.name, "status"), lifecycle.TRANSFERRED)

	def test_the_consulted_agency_gives_its_opinion(self):
		procedure = self.procedure([(1, self.a, 3, "Sequential"), (2, self.c, 1, "Parallel")])
		dossier = self.transferred(procedure)
		with self.as_peer(self.c):
			[item] = [r for r in exchange.v1_list_dossiers()["dossiers"] if r["dossier"] == dossier.name]
			self.assertEqual((item["relation"], item["consultation_open"]), (exchange.CONSULTED, True))
			with self.assertRaises(frappe.ValidationError):  # a consulted agency does not hold it
				exchange.v1_acknowledge(dossier.name, rid())
			exchange.v1_report_opinion(dossier.name, rid(), "Thống nhất", officer="Lê Phối Hợp")
			with self.assertRaises(exchange.ExchangeRefused):
				exchange.v1_report_opinion(dossier.name, rid(), "Lần hai")
		[row] = frappe.get_doc("Dossier", dossier.name).consultations
		self.assertEqual((row.opinion, row.answered_by), ("Thống nhất", self.peer(self.c)))

	def test_the_list_pages_with_a_cursor(self):
		first, second = self.transferred(), self.transferred()
		with self.as_peer(self.a):
			seen, cursor = [], None
			for _ in range(100):
				page = exchange.v1_list_dossiers(cursor, 1)
				seen += [r["dossier"] for r in page["dossiers"]]
				cursor = page["next_cursor"]
				if not page["has_more"]:
					break
			self.assertLess(seen.index(first.name), seen.index(second.name))
			self.assertEqual(len(seen), len(set(seen)))
			self.assertEqual(exchange.v1_list_dossiers(cursor)["dossiers"], [])
			exchange.v1_acknowledge(first.name, rid())
			self.assertEqual([r["dossier"] for r in exchange.v1_list_dossiers(cursor)["dossiers"]], [first.name])
			with self.assertRaises(frappe.ValidationError):
				exchange.v1_list_dossiers("not a cursor")

	def test_a_wrong_file_is_refused_before_anything(self):
		dossier = self.in_progress(self.procedure([(1, self.a, 3, "Sequential")]))
		with self.as_peer(self.a), self.assertRaises(frappe.ValidationError):
			exchange.report_result(dossier.name, rid(), "ket-qua.pdf", b"MZ not a pdf", "1/QĐ")
		self.assertEqual(frappe.db.get_value("Dossier", dossier.name, "status"), lifecycle.IN_PROGRESS)
