# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""The integration outbox against local receivers started by the test (real HTTP, frozen clock).

The sender runs synchronously (``outbox.send_pending(commit=False)``: the job's function, in the
test's transaction); the clock is the lifecycle's (``dossiers.deadline.now``, frozen).
"""

import json
from datetime import timedelta

import frappe
from frappe.utils import get_datetime

from onestop_center.dossiers import lifecycle
from onestop_center.dossiers.dossier_code import is_provisional, parse_dossier_code
from onestop_center.dossiers.test_lifecycle import MONDAY, LifecycleTestCase, as_user, at, frozen
from onestop_center.integration import dms, national, outbox
from onestop_center.integration.fake_receiver import FakeReceiver
from onestop_center.setup.roles import ONESTOP_ADMINISTRATOR
from onestop_center.testing import make_user

T0 = f"{MONDAY} 09:00"


def deliveries(dossier=None, receiver=None, **filters) -> list:
	if dossier:
		filters["dossier"] = dossier if isinstance(dossier, str) else dossier.name
	if receiver:
		filters["receiver"] = receiver
	return frappe.get_all(
		outbox.DELIVERY, filters=filters, fields=["*"], order_by="creation asc, name asc"
	)


def configure(**values) -> None:
	"""Integration Settings with ``values`` over the defaults (every connection off)."""
	settings = frappe.get_single(outbox.SETTINGS)
	settings.update(
		{
			"max_attempts": 10,
			"base_delay": 60,
			"max_delay": 6 * 3600,
			"request_timeout": 5,
			"national_sync_enabled": 0,
			"national_endpoint": None,
			"national_token": None,
			"national_unit_code": None,
			"department_push_enabled": 0,
			"department_systems": [],
			"dms_enabled": 0,
			"dms_endpoint": None,
			"dms_token": None,
			**values,
		}
	)
	settings.save()


def send(moment: str) -> dict:
	with frozen(moment):
		return outbox.send_pending(commit=False)


def later(moment: str, seconds: float) -> str:
	return str(at(moment) + timedelta(seconds=seconds))


class OutboxTestCase(LifecycleTestCase):
	def setUp(self):
		super().setUp()
		configure()

	def tearDown(self):
		# every connection off again, and the cached settings with it
		configure()
		super().tearDown()

	def national(self, receiver, **values):
		configure(
			national_sync_enabled=1,
			national_endpoint=receiver.url,
			national_token="bi-mat-quoc-gia",
			national_unit_code="000.00.00.H56",
			**values,
		)

	def one_step(self, **fields):
		return self.procedure([(1, self.a, 3, "Sequential")], **fields)


class TestNationalSync(OutboxTestCase):
	def test_nothing_is_queued_while_the_connections_are_off(self):
		before = frappe.db.count(outbox.DELIVERY)
		dossier = self.receive(self.one_step())
		with frozen(f"{MONDAY} 10:30"):
			lifecycle.transfer(dossier.name)
		self.assertEqual(deliveries(dossier), [])
		self.assertEqual(frappe.db.count(outbox.DELIVERY), before)
		self.assertEqual(send(f"{MONDAY} 11:00")["delivered"], 0)

	def test_every_event_in_the_national_field_set_delivered_in_order(self):
		with FakeReceiver() as receiver:
			self.national(receiver)
			procedure = self.one_step()
			dossier = self.receive(procedure)
			code = dossier.name
			self.assertTrue(parse_dossier_code(code), code)
			with frozen(f"{MONDAY} 10:30"):
				lifecycle.transfer(code)
			specialist = self.specialist(self.a)
			self.act(specialist, code, lifecycle.ACCEPT, f"{MONDAY} 10:45")
			self.act(
				specialist, code, lifecycle.REQUEST_SUPPLEMENT, f"{MONDAY} 11:00", supplement_request="Bản sao sổ đỏ"
			)
			self.act(self.officer, code, lifecycle.SUPPLEMENT_RECEIVED, f"{MONDAY} 14:00")
			self.act(specialist, code, lifecycle.FINISH_STEP, f"{MONDAY} 15:00", result_number="45/GP")
			self.act(self.officer, code, lifecycle.COLLECT_RESULT, f"{MONDAY} 16:00")
			self.pay(code)
			self.act(
				self.officer,
				code,
				lifecycle.RETURN_RESULT,
				f"{MONDAY} 16:30",
				receiver_name="Nguyễn Văn Nhận",
				receiver_id_number="079123456789",
			)

			rows = deliveries(code)
			events = [row.event for row in rows]
			self.assertEqual(
				events,
				[
					national.RECEIVED,
					national.TRANSFERRED,
					national.SUPPLEMENT_REQUESTED,
					national.SUPPLEMENT_RECEIVED,
					national.RESULT_READY,
					national.RETURNED,
				],
			)
			self.assertTrue(all(row.receiver == outbox.NATIONAL_PORTAL for row in rows))
			self.assertTrue(all(row.status == outbox.PENDING for row in rows))
			self.assertEqual(len({row.idempotency_key for row in rows}), len(rows))
			# the reception's message was queued under the draft's provisional name
			self.assertTrue(is_provisional(json.loads(rows[0].payload)["MaHoSo"]))

			self.assertEqual(send(f"{MONDAY} 16:31")["delivered"], 6)
			sent = receiver.bodies()
			self.assertEqual([body["SuKien"] for body in sent], events)
			self.assertEqual({body["MaHoSo"] for body in sent}, {code})
			self.assertEqual(
				[request.headers["Idempotency-Key"] for request in receiver.requests],
				[row.idempotency_key for row in rows],
			)
			self.assertEqual(
				{request.headers["Authorization"] for request in receiver.requests}, {"Bearer bi-mat-quoc-gia"}
			)
			received, *_middle, returned = sent
			procedure_code = frappe.db.get_value("Procedure", procedure, "procedure_code")
			self.assertEqual(received["MaTTHC"], procedure_code)
			self.assertEqual(received["MaDonVi"], "000.00.00.H56")
			self.assertEqual(received["KenhThucHien"], 1)
			self.assertEqual(received["NgayTiepNhan"], "20260309090000")
			self.assertEqual(received["TrangThaiHoSo"], 2)
			self.assertIsNone(received["NgayKetThucXuLy"])
			self.assertEqual(sent[2]["NoiDungYeuCauBoSung"], "Bản sao sổ đỏ")
			self.assertEqual(sent[2]["TrangThaiHoSo"], 5)
			self.assertEqual(sent[4]["NgayKetThucXuLy"], "20260309150000")
			self.assertEqual(sent[4]["MaKetQua"], "45/GP")
			self.assertEqual(returned["TrangThaiHoSo"], 10)
			self.assertEqual(returned["NgayTra"], "20260309163000")
			self.assertEqual(returned["DanhSachLePhi"], [{"TenPhiLePhi": "Processing charge", "LoaiPhiLePhi": "Charge", "Gia": 50000.0}])
			self.assertEqual(returned["DuocThanhToanTrucTuyen"], 0)
			self.assertEqual([doc["TenTaiLieu"] for doc in returned["TaiLieuNop"]], ["Application form", "Copy of identity card"])
			# the payload kept is what was sent (with the code)
			stored = deliveries(code)
			self.assertEqual(json.loads(stored[0].payload)["MaHoSo"], code)
			self.assertTrue(all(row.status == outbox.DELIVERED and row.attempts == 1 for row in stored))
			# nothing is sent twice
			self.assertEqual(send(f"{MONDAY} 17:00"), dict.fromkeys(("delivered", "retry", "failed", "waiting", "skipped"), 0))
			self.assertEqual(len(receiver.requests), 6)

	def test_refusal_and_withdrawal_and_stop(self):
		with FakeReceiver() as receiver:
			self.national(receiver)
			refused = self.receive(self.one_step())
			with frozen(f"{MONDAY} 10:30"):
				lifecycle.transfer(refused.name)
			self.act(self.specialist(self.a), refused.name, lifecycle.ACCEPT)
			self.act(self.head(self.a), refused.name, lifecycle.REFUSE, refusal_reason="Không đủ điều kiện")
			withdrawn = self.receive(self.one_step())
			self.act(self.officer, withdrawn.name, lifecycle.WITHDRAW, stop_reason="Người dân xin rút")
			stopped = self.receive(self.one_step())
			with frozen(f"{MONDAY} 10:30"):
				lifecycle.transfer(stopped.name)
			self.act(self.head(self.a), stopped.name, lifecycle.STOP_PROCESSING, stop_reason="Dừng theo quyết định")
			# before reception nothing is sent: no code yet, not counted nationally
			draft = self.draft(self.one_step())
			self.act(self.officer, draft.name, lifecycle.REFUSE, refusal_reason="Sai thẩm quyền")
			self.assertEqual(deliveries(draft.name), [])

			self.assertEqual([r.event for r in deliveries(refused)][-1], national.REFUSED)
			self.assertEqual([r.event for r in deliveries(withdrawn)], [national.RECEIVED, national.WITHDRAWN])
			self.assertEqual([r.event for r in deliveries(stopped)][-1], national.STOPPED)
			send(f"{MONDAY} 12:00")
			last = {body["MaHoSo"]: body for body in receiver.bodies()}
			self.assertEqual((last[refused.name]["TrangThaiHoSo"], last[refused.name]["LyDoTuChoi"]), (3, "Không đủ điều kiện"))
			self.assertEqual((last[withdrawn.name]["TrangThaiHoSo"], last[withdrawn.name]["LyDoDungXuLy"]), (7, "Người dân xin rút"))
			self.assertEqual(last[stopped.name]["TrangThaiHoSo"], 8)

	def test_immediate_procedure_received_then_transferred_in_that_order(self):
		with FakeReceiver() as receiver:
			self.national(receiver)
			procedure = self.procedure([(1, self.a, 0, "Sequential")], resolved_immediately=1, duration_in_person=0)
			dossier = self.receive(procedure)
			rows = deliveries(dossier.name)
			self.assertEqual([row.event for row in rows], [national.RECEIVED, national.TRANSFERRED])
			send(f"{MONDAY} 09:01")
			self.assertEqual([(b["SuKien"], b["MaHoSo"]) for b in receiver.bodies()],
			                 [(national.RECEIVED, dossier.name), (national.TRANSFERRED, dossier.name)])

	def test_a_rolled_back_transition_leaves_no_message(self):
		with FakeReceiver() as receiver:
			self.national(receiver)
			draft = self.draft(self.one_step())
			frappe.db.savepoint("outbox_test")
			received = self.act(self.officer, draft.name, lifecycle.RECEIVE, T0)
			self.assertEqual(len(deliveries(received.name)), 1)
			# the sender is woken only by a commit of this transaction
			self.assertIn(outbox._enqueue_sender, frappe.db.after_commit._functions)
			frappe.db.rollback(save_point="outbox_test")
			self.assertEqual(deliveries(received.name), [])
			self.assertEqual(deliveries(draft.name), [])
			self.assertEqual(frappe.db.get_value("Dossier", draft.name, "status"), lifecycle.DRAFT)
			# a transition refused by its own checks queues nothing either
			with self.assertRaises(frappe.MandatoryError):
				self.act(self.officer, draft.name, lifecycle.REFUSE)
			self.assertEqual(deliveries(draft.name), [])
			send(f"{MONDAY} 12:00")
			self.assertEqual(receiver.requests, [])


class TestRetries(OutboxTestCase):
	def test_retried_with_exponential_backoff_then_delivered_once(self):
		with FakeReceiver(fail_first=3) as receiver:
			self.national(receiver, base_delay=60)
			dossier = self.receive(self.one_step(), moment=T0)
			[row] = deliveries(dossier)
			self.assertEqual(get_datetime(row.next_attempt_at), at(T0))

			self.assertEqual(send(T0)["retry"], 1)
			row = frappe.get_doc(outbox.DELIVERY, row.name)
			self.assertEqual((row.attempts, row.status, row.response_code), (1, outbox.PENDING, 503))
			self.assertEqual(get_datetime(row.next_attempt_at), at(later(T0, 60)))
			self.assertIn("HTTP 503", row.last_error)
			# not due yet: nothing is sent
			self.assertEqual(send(later(T0, 59))["retry"], 0)
			self.assertEqual(len(receiver.requests), 1)
			# 2nd attempt after 60 s, 3rd 120 s later, 4th 240 s later
			self.assertEqual(send(later(T0, 60))["retry"], 1)
			self.assertEqual(get_datetime(frappe.db.get_value(outbox.DELIVERY, row.name, "next_attempt_at")), at(later(T0, 180)))
			self.assertEqual(send(later(T0, 180))["retry"], 1)
			self.assertEqual(get_datetime(frappe.db.get_value(outbox.DELIVERY, row.name, "next_attempt_at")), at(later(T0, 420)))
			self.assertEqual(send(later(T0, 419))["retry"], 0)
			self.assertEqual(send(later(T0, 420))["delivered"], 1)

			row.reload()
			self.assertEqual((row.status, row.attempts, row.response_code), (outbox.DELIVERED, 4, 200))
			self.assertEqual(get_datetime(row.delivered_at), at(later(T0, 420)))
			self.assertEqual(len(row.attempt_log.splitlines()), 4)
			# every attempt carried the same key: the receiver kept one copy
			self.assertEqual({r.headers["Idempotency-Key"] for r in receiver.requests}, {row.idempotency_key})
			self.assertEqual(len(receiver.requests), 4)
			self.assertEqual(list(receiver.accepted), [row.idempotency_key])
			# a delivered message is never sent again
			send(later(T0, 3600))
			self.assertEqual(len(receiver.requests), 4)

	def test_backoff_is_capped(self):
		settings = frappe._dict(base_delay=60, max_delay=600)
		self.assertEqual(
			[outbox.backoff(n, settings).total_seconds() for n in range(1, 7)], [60, 120, 240, 480, 600, 600]
		)

	def test_a_receiver_that_answered_but_was_not_heard_keeps_one_copy(self):
		# the receiver stores the message and then answers 500 (as if the answer were lost)
		with FakeReceiver(fail_first=1, store_failures=True) as receiver:
			self.national(receiver, base_delay=10)
			dossier = self.receive(self.one_step(), moment=T0)
			send(T0)
			send(later(T0, 10))
			[row] = deliveries(dossier)
			self.assertEqual((row.status, row.attempts), (outbox.DELIVERED, 2))
			self.assertEqual(len(receiver.requests), 2)
			self.assertEqual(list(receiver.accepted), [row.idempotency_key])
			self.assertEqual(receiver.duplicates, 1)

	def test_failed_after_max_attempts_later_messages_wait_and_send_again_requeues(self):
		admin = make_user(ONESTOP_ADMINISTRATOR)
		with FakeReceiver(fail_always=True) as receiver:
			self.national(receiver, max_attempts=3, base_delay=10)
			dossier = self.receive(self.one_step(), moment=T0)
			send(T0)
			send(later(T0, 10))
			self.assertEqual(send(later(T0, 30))["failed"], 1)
			[first] = deliveries(dossier)
			self.assertEqual((first.status, first.attempts, first.next_attempt_at), (outbox.FAILED, 3, None))
			self.assertIn("HTTP 503", first.last_error)
			self.assertEqual(send(later(T0, 3600))["failed"], 0)
			self.assertEqual(len(receiver.requests), 3)

			# the next event of the same dossier waits behind the failed one
			with frozen(f"{MONDAY} 10:30"):
				lifecycle.transfer(dossier.name)
			self.assertEqual(send(f"{MONDAY} 10:31")["waiting"], 1)
			self.assertEqual(len(receiver.requests), 3)

			# only the administrator sends it again
			with as_user(self.officer), self.assertRaises(frappe.PermissionError):
				outbox.retry([first.name])
			receiver.fail_always = False
			with as_user(admin), frozen(f"{MONDAY} 10:40"):
				answer = outbox.retry(json.dumps([first.name]))
			self.assertEqual(answer, {"queued": [first.name]})
			first = frappe.get_doc(outbox.DELIVERY, first.name)
			self.assertEqual((first.status, first.attempts), (outbox.PENDING, 0))
			self.assertEqual(get_datetime(first.next_attempt_at), at(f"{MONDAY} 10:40"))
			self.assertTrue(
				frappe.db.exists("Version", {"ref_doctype": outbox.DELIVERY, "docname": first.name}),
				"sending again is versioned",
			)
			self.assertEqual(send(f"{MONDAY} 10:40")["delivered"], 2)
			self.assertEqual([b["SuKien"] for b in receiver.bodies()[-2:]], [national.RECEIVED, national.TRANSFERRED])
			self.assertEqual(receiver.requests[-2].headers["Idempotency-Key"], first.idempotency_key)
			# a delivered message cannot be sent again; an unknown one is not found
			with as_user(admin):
				with self.assertRaises(outbox.DeliveryActionError):
					outbox.retry([first.name])
				with self.assertRaises(frappe.DoesNotExistError):
					outbox.retry(["khong-co"])

	def test_a_refused_message_fails_at_once_and_can_be_given_up(self):
		admin = make_user(ONESTOP_ADMINISTRATOR)
		with FakeReceiver(fail_always=True, failure_status=400) as receiver:
			self.national(receiver)
			dossier = self.receive(self.one_step(), moment=T0)
			self.assertEqual(send(T0)["failed"], 1)
			[row] = deliveries(dossier)
			self.assertEqual((row.status, row.attempts, row.response_code), (outbox.FAILED, 1, 400))
			with frozen(f"{MONDAY} 10:30"):
				lifecycle.transfer(dossier.name)
			self.assertEqual(send(f"{MONDAY} 10:31")["waiting"], 1)
			with as_user(admin):
				outbox.abandon([row.name])
			self.assertEqual(frappe.db.get_value(outbox.DELIVERY, row.name, "status"), outbox.ABANDONED)
			receiver.fail_always = False
			self.assertEqual(send(f"{MONDAY} 10:32")["delivered"], 1)
			self.assertEqual(receiver.bodies()[-1]["SuKien"], national.TRANSFERRED)

	def test_unreachable_receiver_is_retried(self):
		with FakeReceiver() as receiver:
			url = receiver.url
		# the receiver is stopped: connection refused
		self.national(frappe._dict(url=url), base_delay=30)
		dossier = self.receive(self.one_step(), moment=T0)
		self.assertEqual(send(T0)["retry"], 1)
		[row] = deliveries(dossier)
		self.assertEqual(row.response_code, 0)
		self.assertIn("ConnectionError", row.last_error)
		self.assertEqual(get_datetime(row.next_attempt_at), at(later(T0, 30)))

	def test_messages_wait_while_their_receiver_is_switched_off(self):
		with FakeReceiver() as receiver:
			self.national(receiver)
			dossier = self.receive(self.one_step(), moment=T0)
			configure()  # switched off after the event was queued
			self.assertEqual(send(T0)["skipped"], 1)
			[row] = deliveries(dossier)
			self.assertEqual((row.status, row.attempts), (outbox.PENDING, 0))
			self.national(receiver)
			self.assertEqual(send(T0)["delivered"], 1)


class TestDepartmentsAndDocuments(OutboxTestCase):
	def test_a_transferred_dossier_is_pushed_to_the_departments_own_system(self):
		with FakeReceiver() as system_a:
			configure(
				department_push_enabled=1,
				department_systems=[
					{"agency": self.a.name, "endpoint_url": system_a.url, "token": "so-a-bi-mat", "enabled": 1},
				],
			)
			procedure = self.procedure([(1, self.a, 2, "Sequential"), (2, self.b, 2, "Sequential")])
			dossier = self.receive(procedure)
			self.assertEqual(deliveries(dossier), [])  # nothing for the departments at reception
			with frozen(f"{MONDAY} 10:30"):
				lifecycle.transfer(dossier.name, batch=None)
			[row] = deliveries(dossier, outbox.DEPARTMENT_SYSTEM)
			self.assertEqual((row.agency, row.event), (self.a.name, "Transferred"))
			# agency B has no system of its own: nothing when the dossier moves on to it
			self.act(self.specialist(self.a), dossier.name, lifecycle.ACCEPT)
			self.act(self.specialist(self.a), dossier.name, lifecycle.FINISH_STEP, f"{MONDAY} 14:00")
			self.assertEqual(len(deliveries(dossier, outbox.DEPARTMENT_SYSTEM)), 1)

			self.assertEqual(send(f"{MONDAY} 14:01")["delivered"], 1)
			[request] = system_a.requests
			self.assertEqual(request.headers["Authorization"], "Bearer so-a-bi-mat")
			body = request.json()
			self.assertEqual((body["dossier_code"], body["agency"], body["event"]), (dossier.name, self.a.name, "Transferred"))
			self.assertEqual(body["from_agency"], self.centre.name)
			self.assertEqual(body["step"]["order"], 1)
			self.assertEqual(body["applicant"]["name"], dossier.applicant_name)
			self.assertEqual(len(body["documents"]), 2)

	def test_results_and_apology_letters_are_filed_in_the_document_management_system(self):
		from onestop_center.lateness.doctype.apology_letter.test_apology_letter import NEW_APPOINTMENT, new_letter

		with FakeReceiver() as dms_peer:
			configure(dms_enabled=1, dms_endpoint=dms_peer.url, dms_token="qlvb")
			dossier = self.receive(self.one_step())
			with frozen(f"{MONDAY} 10:30"):
				lifecycle.transfer(dossier.name)
			self.act(self.specialist(self.a), dossier.name, lifecycle.ACCEPT)
			self.act(
				self.specialist(self.a),
				dossier.name,
				lifecycle.FINISH_STEP,
				f"{MONDAY} 15:00",
				result_number="77/QĐ-UBND",
				result_summary="Giấy phép xây dựng",
			)
			[result] = deliveries(dossier, outbox.DOCUMENT_MANAGEMENT)
			self.assertEqual((result.event, result.reference_doctype), (dms.OUTGOING_DOCUMENT, "Dossier"))

			# an apology letter issued by the head of the late agency
			late = self.receive(self.one_step())
			with frozen(f"{MONDAY} 10:30"):
				lifecycle.transfer(late.name)
			frappe.db.set_value("Dossier", late.name, {"due_at": get_datetime(NEW_APPOINTMENT) - timedelta(days=10)})
			with as_user(self.head(self.a)), frozen(f"{MONDAY} 15:30"):
				letter = new_letter(late.name).insert()
				letter.submit()
			[filed] = deliveries(late, outbox.DOCUMENT_MANAGEMENT)
			self.assertEqual((filed.reference_doctype, filed.reference_name), ("Apology Letter", letter.name))

			send(f"{MONDAY} 16:00")
			bodies = dms_peer.bodies()
			self.assertEqual([b["kind"] for b in bodies], [dms.RESULT, dms.APOLOGY_LETTER])
			self.assertEqual((bodies[0]["document_number"], bodies[0]["summary"]), ("77/QĐ-UBND", "Giấy phép xây dựng"))
			self.assertEqual(bodies[1]["dossier_code"], late.name)
			self.assertIn("download_pdf", bodies[1]["file"]["url"])
			self.assertEqual({r.headers["Authorization"] for r in dms_peer.requests}, {"Bearer qlvb"})

	def test_settings_refuse_bad_values(self):
		with self.assertRaises(frappe.ValidationError):
			configure(max_attempts=0)
		with self.assertRaises(frappe.ValidationError):
			configure(dms_enabled=1, dms_endpoint="ftp://qlvb.example")
		with self.assertRaises(frappe.ValidationError):
			configure(
				department_push_enabled=1,
				department_systems=[
					{"agency": self.a.name, "endpoint_url": "http://127.0.0.1:9/a"},
					{"agency": self.a.name, "endpoint_url": "http://127.0.0.1:9/b"},
				],
			)

	def test_only_administrators_read_the_outbox_and_its_settings(self):
		from frappe.permissions import has_permission

		head = self.head(self.a)
		for doctype in (outbox.DELIVERY, outbox.SETTINGS):
			self.assertFalse(has_permission(doctype, "read", user=self.officer))
			self.assertFalse(has_permission(doctype, "read", user=head))
			self.assertTrue(has_permission(doctype, "read", user=make_user(ONESTOP_ADMINISTRATOR)))
		self.assertFalse(has_permission(outbox.DELIVERY, "write", user=make_user(ONESTOP_ADMINISTRATOR)))


class TestWiring(OutboxTestCase):
	def test_the_sweep_and_the_letter_hook_are_registered(self):
		cron = frappe.get_hooks("scheduler_events").get("cron", {})
		self.assertIn("onestop_center.integration.outbox.send_pending", cron.get("*/2 * * * *", []))
		self.assertIn(
			"onestop_center.integration.dms.file_apology_letter",
			frappe.get_hooks("doc_events").get("Apology Letter", {}).get("on_submit", []),
		)
		self.assertTrue(
			frappe.db.exists("Scheduled Job Type", {"method": "onestop_center.integration.outbox.send_pending"})
		)
