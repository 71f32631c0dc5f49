# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Delegation (issue 12 §4): a head's approvals given to a deputy for a period, with a frozen clock.

Before the period the deputy is refused, inside it they act and the record says on behalf of the
head, after it they are refused again; the printed forms sign "KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC" /
the deputy's name. A deputy of another agency cannot be named, periods of the same authority
cannot overlap, a head cannot delegate what they do not hold.
"""

import frappe
from frappe.utils import add_to_date

from onestop_center.delegation import authority
from onestop_center.delegation.doctype.delegation.delegation import (
	DeputyNotInAgencyError,
	InvalidPeriodError,
	NotHeldError,
	OverlappingDelegationError,
)
from onestop_center.delegation.status import refresh_statuses
from onestop_center.dossiers import lifecycle
from onestop_center.dossiers.test_lifecycle import MONDAY, LifecycleTestCase, as_user, at, frozen
from onestop_center.onestop_printing.test_printing import pdf_text
from onestop_center.permissions import set_user_agency
from onestop_center.setup.roles import DEPARTMENT_HEAD, DEPARTMENT_SPECIALIST
from onestop_center.testing import make_user

STOP_NOTICE = "Thông báo dừng giải quyết hồ sơ"
HEAD_NAME = "Trần Văn Trưởng"
DEPUTY_NAME = "Nguyễn Văn Phó"


class DelegationTestCase(LifecycleTestCase):
	"""Agency A with a named head and a deputy (a specialist of A), and the other agencies' users."""

	def setUp(self):
		super().setUp()
		# a head and a deputy of their own for each test (the class's records are not rolled back)
		self.named_head = make_user(DEPARTMENT_HEAD, first_name=HEAD_NAME)
		self.deputy = make_user(DEPARTMENT_SPECIALIST, first_name=DEPUTY_NAME)
		for user in (self.named_head, self.deputy):
			set_user_agency(user, self.a.name)

	def delegation(self, start=f"{MONDAY} 12:00", end=f"{MONDAY} 16:00", submit=True, **fields):
		"""A delegation of A's head to the deputy, written (and put in force) by the head."""
		values = {
			"doctype": "Delegation",
			"delegator": self.named_head,
			"deputy": self.deputy,
			"agency": self.a.name,
			"role": DEPARTMENT_HEAD,
			"kind": authority.KT,
			"delegator_title": "Giám đốc",
			"deputy_title": "Phó Giám đốc",
			"valid_from": start,
			"valid_to": end,
			"reason": "Đi công tác",
			**fields,
		}
		with as_user(values["delegator"]), frozen(f"{MONDAY} 08:00"):
			doc = frappe.get_doc(values).insert()
			if submit:
				doc.submit()
		return doc


class TestDelegationRules(DelegationTestCase):
	def test_the_head_delegates_to_a_deputy_of_the_agency(self):
		doc = self.delegation()
		self.assertEqual(doc.docstatus, 1)
		self.assertEqual((doc.delegator_name, doc.deputy_name), (HEAD_NAME, DEPUTY_NAME))
		self.assertEqual(doc.status, "Scheduled")  # at 08:00, the period starts at 12:00
		self.assertTrue(frappe.get_meta("Delegation").track_changes)

	def test_a_deputy_of_another_agency_cannot_be_named(self):
		with self.assertRaises(DeputyNotInAgencyError):
			self.delegation(deputy=self.specialist(self.b), submit=False)
		with self.assertRaises(DeputyNotInAgencyError):
			self.delegation(deputy=self.named_head, submit=False)  # not themself
		with self.assertRaises(DeputyNotInAgencyError):
			self.delegation(deputy=self.officer, submit=False)  # a reception officer of the centre

	def test_a_head_cannot_delegate_what_they_do_not_hold(self):
		# another agency's authority: out of the head's reach, and not theirs to give
		with self.assertRaises(frappe.PermissionError):
			self.delegation(agency=self.b.name, deputy=self.specialist(self.b), submit=False)
		with as_user("Administrator"), frozen(f"{MONDAY} 08:00"), self.assertRaises(NotHeldError):
			frappe.get_doc(
				{
					"doctype": "Delegation",
					"delegator": self.named_head,
					"deputy": self.specialist(self.b),
					"agency": self.b.name,
					"role": DEPARTMENT_HEAD,
					"kind": authority.KT,
					"delegator_title": "Giám đốc",
					"deputy_title": "Phó Giám đốc",
					"valid_from": f"{MONDAY} 12:00",
					"valid_to": f"{MONDAY} 16:00",
					"reason": "x",
				}
			).insert()
		# a specialist holds no head's authority (written for them by Administrator)
		with as_user("Administrator"), frozen(f"{MONDAY} 08:00"), self.assertRaises(NotHeldError):
			frappe.get_doc(
				{
					"doctype": "Delegation",
					"delegator": self.specialist(self.a),
					"deputy": self.deputy,
					"agency": self.a.name,
					"role": DEPARTMENT_HEAD,
					"kind": authority.TL,
					"delegator_title": "Trưởng phòng",
					"deputy_title": "Chuyên viên",
					"valid_from": f"{MONDAY} 12:00",
					"valid_to": f"{MONDAY} 16:00",
					"reason": "x",
				}
			).insert()
		# the deputy cannot pass the authority on (no re-delegation)
		with self.assertRaises((NotHeldError, frappe.PermissionError)):
			self.delegation(delegator=self.deputy, deputy=self.specialist(self.a), submit=False)

	def test_the_period_must_be_sane(self):
		with self.assertRaises(InvalidPeriodError):
			self.delegation(start=f"{MONDAY} 16:00", end=f"{MONDAY} 12:00", submit=False)
		with self.assertRaises(InvalidPeriodError):
			self.delegation(start=f"{MONDAY} 12:00", end="2027-12-31 12:00", submit=False)
		with self.assertRaises(InvalidPeriodError):  # over before it is put in force
			self.delegation(start="2026-03-02 08:00", end="2026-03-06 17:00")

	def test_overlapping_delegations_are_refused(self):
		self.delegation(start=f"{MONDAY} 12:00", end=f"{MONDAY} 16:00")
		with self.assertRaises(OverlappingDelegationError):
			self.delegation(start=f"{MONDAY} 15:00", end=f"{MONDAY} 18:00")
		# to another deputy, the same head's authority: still overlapping
		other = make_user(DEPARTMENT_SPECIALIST, first_name="Lê Thị Khác")
		set_user_agency(other, self.a.name)
		with self.assertRaises(OverlappingDelegationError):
			self.delegation(deputy=other, start=f"{MONDAY} 13:00", end=f"{MONDAY} 14:00")
		# right after it: fine
		self.delegation(start=f"{MONDAY} 16:00", end=f"{MONDAY} 18:00")

	def test_only_its_head_or_an_administrator_writes_it(self):
		doc = self.delegation(submit=False)
		for user in (self.head(self.b), self.deputy, self.head(self.a)):
			with as_user(user), self.assertRaises(frappe.PermissionError):
				copy = frappe.get_doc("Delegation", doc.name)
				copy.reason = "đổi"
				copy.save()
		# another agency's department users do not even see it
		with as_user(self.specialist(self.b)):
			self.assertNotIn(doc.name, frappe.get_list("Delegation", pluck="name"))
			self.assertFalse(frappe.has_permission("Delegation", "read", doc=doc.name))
		with as_user(self.deputy):
			self.assertIn(doc.name, frappe.get_list("Delegation", pluck="name"))

	def test_revoked_from_the_moment_it_is_cancelled(self):
		doc = self.delegation()
		dossier = self.in_progress()
		with as_user(self.named_head), frozen(f"{MONDAY} 12:30"):
			doc.reload()
			doc.cancel()
		self.assertEqual(doc.status, "Revoked")
		self.assertEqual(doc.revoked_by, self.named_head)
		with self.assertRaises(frappe.PermissionError):
			self.act(self.deputy, dossier, lifecycle.STOP_PROCESSING, f"{MONDAY} 13:00", stop_reason="x")

	def test_the_listed_status_follows_the_clock_idempotently(self):
		doc = self.delegation()
		for moment, expected in (
			(f"{MONDAY} 11:59", "Scheduled"),
			(f"{MONDAY} 12:00", "Active"),
			(f"{MONDAY} 15:59", "Active"),
			(f"{MONDAY} 16:00", "Expired"),
		):
			refresh_statuses(at(moment))
			self.assertEqual(frappe.db.get_value("Delegation", doc.name, "status"), expected, moment)
			self.assertEqual(refresh_statuses(at(moment)), 0)  # a second run changes nothing


class TestActingUnderADelegation(DelegationTestCase):
	def test_before_during_and_after_the_period(self):
		self.delegation(start=f"{MONDAY} 12:00", end=f"{MONDAY} 16:00")
		before, during, after = self.in_progress(), self.in_progress(), self.in_progress()
		# before: the deputy is a specialist, Stop Processing is the head's
		with self.assertRaises(frappe.PermissionError):
			self.act(self.deputy, before, lifecycle.STOP_PROCESSING, f"{MONDAY} 11:59", stop_reason="x")
		# during: taken, recorded on behalf of the head
		stopped = self.act(
			self.deputy,
			during,
			lifecycle.STOP_PROCESSING,
			f"{MONDAY} 13:00",
			stop_reason="Cơ quan có thẩm quyền đã có văn bản dừng giải quyết",
		)
		self.assertEqual(stopped.status, lifecycle.STOPPED)
		self.assertEqual(stopped.stopped_by, self.deputy)
		[record] = frappe.get_all(
			"Delegated Action",
			filters={"reference_doctype": "Dossier", "reference_name": stopped.name},
			fields=["deputy", "delegator", "kind", "on_behalf_of", "action", "taken_at", "agency"],
		)
		self.assertEqual((record.deputy, record.delegator, record.kind), (self.deputy, self.named_head, "KT."))
		self.assertEqual(record.on_behalf_of, f"{DEPUTY_NAME} (KT. Giám đốc {HEAD_NAME})")
		self.assertEqual((record.action, record.agency), (lifecycle.STOP_PROCESSING, self.a.name))
		self.assertEqual(record.taken_at, at(f"{MONDAY} 13:00"))
		self.assertTrue(
			any(f"{DEPUTY_NAME} (KT. Giám đốc {HEAD_NAME})" in c for c in self.comments(stopped, "Info"))
		)
		# the head's role was the deputy's for that action only
		with as_user(self.deputy):
			self.assertNotIn(DEPARTMENT_HEAD, frappe.get_roles())
		self.assertNotIn(DEPARTMENT_HEAD, frappe.get_roles(self.deputy))
		# after: refused again
		with self.assertRaises(frappe.PermissionError):
			self.act(self.deputy, after, lifecycle.STOP_PROCESSING, f"{MONDAY} 16:00", stop_reason="x")
		self.assertEqual(frappe.db.get_value("Dossier", after.name, "status"), lifecycle.IN_PROGRESS)

	def test_only_the_agency_delegated(self):
		"""A's delegation gives nothing at B; another agency's specialist gets nothing at A."""
		self.delegation()
		dossier = self.in_progress()
		with self.assertRaises(frappe.PermissionError):
			self.act(self.specialist(self.b), dossier, lifecycle.STOP_PROCESSING, f"{MONDAY} 13:00", stop_reason="x")
		self.assertIsNone(authority.covering(self.b.name, DEPARTMENT_HEAD, self.deputy, at(f"{MONDAY} 13:00")))
		self.assertTrue(authority.covering(self.a.name, DEPARTMENT_HEAD, self.deputy, at(f"{MONDAY} 13:00")))

	def test_own_actions_are_not_recorded_as_delegated(self):
		self.delegation()
		dossier = self.in_progress()
		# a specialist's own action (its own step) during the period: in the deputy's own right
		dossier = self.act(self.deputy, dossier, lifecycle.FINISH_STEP, f"{MONDAY} 13:00")
		self.assertFalse(frappe.get_all("Delegated Action", filters={"reference_name": dossier.name}))

	def test_a_step_reserved_to_the_head(self):
		"""An approval step (role Department Head): the deputy finishes it only within the period."""
		from onestop_center.testing import make_procedure

		steps = [
			{"step_order": order, "step_name": name, "agency": self.a.name, "time_budget": 2,
			 "time_unit": "Working Day", "mode": "Sequential", "role": role}
			for order, name, role in ((1, "Xử lý", None), (2, "Phê duyệt", DEPARTMENT_HEAD))
		]
		procedure = make_procedure(self.a.name, steps=steps).name
		self.delegation(start=f"{MONDAY} 12:00", end=f"{MONDAY} 16:00")
		dossier = self.in_progress(procedure)
		dossier = self.act(self.deputy, dossier, lifecycle.FINISH_STEP, f"{MONDAY} 11:30")  # own step
		with self.assertRaises(frappe.PermissionError):
			self.act(self.deputy, dossier, lifecycle.FINISH_STEP, f"{MONDAY} 11:45")
		dossier = self.act(self.deputy, dossier, lifecycle.FINISH_STEP, f"{MONDAY} 12:15")
		self.assertEqual(dossier.status, lifecycle.RESULT_READY)
		actions = frappe.get_all("Delegated Action", filters={"reference_name": dossier.name}, pluck="action")
		self.assertEqual(actions, [lifecycle.FINISH_STEP])

	def test_the_stop_notice_signs_kt_with_the_deputys_name(self):
		self.delegation()
		dossier = self.act(
			self.deputy,
			self.in_progress(),
			lifecycle.STOP_PROCESSING,
			f"{MONDAY} 14:20",
			stop_reason="Dừng theo văn bản của cơ quan có thẩm quyền",
		)
		with frozen("2026-04-20 09:00"):  # printed weeks later, after the period
			_pdf, _reader, text = pdf_text("Dossier", dossier.name, STOP_NOTICE)
		for expected in ("KT.GIÁMĐỐC", "PHÓGIÁMĐỐC", DEPUTY_NAME.replace(" ", ""), "ngày09tháng3năm2026"):
			self.assertIn(expected, text)
		self.assertNotIn("NGƯỜITHÔNGBÁO", text)
		html = frappe.get_print("Dossier", dossier.name, print_format=STOP_NOTICE)
		self.assertLess(html.index("KT. GIÁM ĐỐC"), html.index("PHÓ GIÁM ĐỐC"))
		self.assertLess(html.index("PHÓ GIÁM ĐỐC"), html.index(DEPUTY_NAME))

	def test_a_stop_by_the_head_in_person_prints_as_before(self):
		self.delegation()
		dossier = self.act(
			self.named_head, self.in_progress(), lifecycle.STOP_PROCESSING, f"{MONDAY} 13:00", stop_reason="x"
		)
		html = frappe.get_print("Dossier", dossier.name, print_format=STOP_NOTICE)
		self.assertNotIn("KT. ", html)
		self.assertIn("NGƯỜI THÔNG BÁO", html)
		self.assertFalse(frappe.get_all("Delegated Action", filters={"reference_name": dossier.name}))


class TestDeskAndHeadOnlyMethods(DelegationTestCase):
	def test_the_desk_shows_the_deputy_the_heads_buttons_only_in_the_period(self):
		from onestop_center.delegation.desk import get_transitions

		self.delegation()
		dossier = self.in_progress()
		payload = frappe.as_json({"doctype": "Dossier", "name": dossier.name})

		def buttons(moment):
			with as_user(self.deputy), frozen(moment):
				return {(row["action"], row["allowed"]) for row in get_transitions(payload)}

		self.assertNotIn(lifecycle.STOP_PROCESSING, {action for action, _role in buttons(f"{MONDAY} 11:00")})
		during = buttons(f"{MONDAY} 13:00")
		# under a role the deputy holds, so that Frappe's form shows the button
		self.assertIn((lifecycle.STOP_PROCESSING, DEPARTMENT_SPECIALIST), during)
		self.assertIn((lifecycle.REFUSE, DEPARTMENT_SPECIALIST), during)
		self.assertNotIn(lifecycle.STOP_PROCESSING, {action for action, _role in buttons(f"{MONDAY} 16:00")})
		# anyone else: Frappe's own answer
		with as_user(self.specialist(self.a)), frozen(f"{MONDAY} 13:00"):
			self.assertNotIn(lifecycle.STOP_PROCESSING, {row["action"] for row in get_transitions(payload)})

	def test_directives_and_assignments_on_behalf_of_the_head(self):
		from frappe.desk.form.assign_to import add as assign

		self.delegation()
		dossier = self.in_progress()
		with as_user(self.deputy), frozen(f"{MONDAY} 11:00"), self.assertRaises(frappe.PermissionError):
			lifecycle.add_directive(dossier.name, "Khẩn trương xử lý")
		with as_user(self.deputy), frozen(f"{MONDAY} 13:00"):
			lifecycle.add_directive(dossier.name, "Khẩn trương xử lý")
			assign({"assign_to": [self.specialist(self.a)], "doctype": "Dossier", "name": dossier.name})
		actions = frappe.get_all("Delegated Action", filters={"reference_name": dossier.name}, pluck="action")
		self.assertEqual(sorted(actions), ["Assign To", "Directive"])


	def test_a_centre_leaders_delegation_covers_the_centre(self):
		from onestop_center.setup.roles import CENTRE_LEADER, GENERAL_AFFAIRS_OFFICER

		leader = make_user(CENTRE_LEADER, first_name="Phạm Thị Lãnh Đạo")
		deputy = make_user(GENERAL_AFFAIRS_OFFICER, first_name="Nguyễn Văn Tổng Hợp")
		centre = {"delegator": leader, "role": CENTRE_LEADER, "agency": self.centre.name}
		with self.assertRaises(DeputyNotInAgencyError):  # a department's officer is not the centre's
			self.delegation(deputy=self.deputy, submit=False, **centre)
		self.delegation(deputy=deputy, kind=authority.TL, deputy_title="Chánh Văn phòng", **centre)
		dossier = self.in_progress()
		with as_user(deputy), frozen(f"{MONDAY} 13:00"):
			lifecycle.add_directive(dossier.name, "Báo cáo tiến độ trước 16 giờ")
		[record] = frappe.get_all(
			"Delegated Action", filters={"reference_name": dossier.name}, fields=["on_behalf_of"]
		)
		self.assertEqual(record.on_behalf_of, "Nguyễn Văn Tổng Hợp (TL. Giám đốc Phạm Thị Lãnh Đạo)")


class TestApologyLetterUnderADelegation(DelegationTestCase):
	def test_the_deputy_issues_the_letter_for_the_head(self):
		from onestop_center.lateness.doctype.apology_letter.apology_letter import NotTheHeadError
		from onestop_center.lateness.doctype.apology_letter.test_apology_letter import working_moment
		from onestop_center.lateness.tests.support import ensure_outgoing_email_account, make_open_dossier

		ensure_outgoing_email_account()
		procedure = self.procedure()
		now = frappe.utils.now_datetime().replace(second=0, microsecond=0)
		start, end = add_to_date(now, hours=-1), add_to_date(now, days=1)
		self.delegation(start=str(start), end=str(end), delegator_title="Trưởng phòng", deputy_title="Phó Trưởng phòng")
		dossier = make_open_dossier(
			procedure, add_to_date(now, hours=-1), agency=self.a.name, email="citizen@example.com", notify_by="Email"
		).name

		def letter():
			return frappe.get_doc(
				{
					"doctype": "Apology Letter",
					"dossier": dossier,
					"reason": "Cần xác minh thực địa",
					"new_appointment_at": working_moment(now),
				}
			)

		# after the period: the deputy only drafts
		with as_user(self.deputy), frozen(str(add_to_date(end, minutes=1))):
			draft = letter().insert()
			self.assertRaises(NotTheHeadError, draft.submit)
		with as_user(self.deputy), frozen(str(now)):
			draft = frappe.get_doc("Apology Letter", draft.name)
			draft.submit()
		self.assertEqual(draft.issued_by, self.deputy)
		record = authority.recorded("Apology Letter", draft.name)
		self.assertEqual(record.on_behalf_of, f"{DEPUTY_NAME} (KT. Trưởng phòng {HEAD_NAME})")
		html = frappe.get_print("Apology Letter", draft.name, print_format="Phiếu xin lỗi và hẹn lại ngày trả kết quả")
		self.assertIn("KT. TRƯỞNG PHÒNG", html)
		self.assertIn("PHÓ TRƯỞNG PHÒNG", html)
		self.assertIn(DEPUTY_NAME, html)
		comments = frappe.get_all(
			"Comment", filters={"reference_doctype": "Dossier", "reference_name": dossier}, pluck="content"
		)
		self.assertTrue(any(f"(KT. Trưởng phòng {HEAD_NAME})" in c for c in comments), comments)
