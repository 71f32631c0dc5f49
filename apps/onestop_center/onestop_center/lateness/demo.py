# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Demo data: one apology letter (TT 03/2025 Mẫu 04), drafted by a specialist of the late agency
and issued by its head, so that every form of the 2025 set prints for a demo dossier.

Idempotent: nothing is done once the demo has an apology letter.
"""

import frappe
from frappe.utils import add_days, get_datetime

from onestop_center.dossiers import lifecycle
from onestop_center.lateness.warnings import department_users
from onestop_center.setup.roles import DEPARTMENT_HEAD, DEPARTMENT_SPECIALIST

REASON = "Cần lấy ý kiến cơ quan phối hợp về nguồn gốc hồ sơ; cơ quan phối hợp chưa có văn bản trả lời."


def _user_with_role(users: list[str], role: str) -> str | None:
	return next((user for user in users if role in frappe.get_roles(user)), None)


def appointment_after(dossier, days: int = 3):
	"""09:00 of the first working day ``days`` days after the later of now and the due moment."""
	from datetime import datetime, time

	from onestop_center.deadlines.store import get_calendar

	calendar = get_calendar(dossier.working_calendar or None)
	day = add_days(max(get_datetime(lifecycle.now()), get_datetime(dossier.due_at)), days).date()
	while not calendar.is_working_day(day):
		day = add_days(day, 1)
	return datetime.combine(day, time(9, 0))


def load_apology_letter() -> str | None:
	"""Draft and issue one letter for an open dossier at a department; returns its name."""
	if frappe.db.exists("Apology Letter", {"docstatus": 1}):
		return None
	for dossier in frappe.get_all(
		"Dossier",
		filters={"status": "In Progress", "apology_letter": ["is", "not set"], "due_at": ["is", "set"]},
		fields=["name", "agency", "due_at", "working_calendar"],
		order_by="due_at asc",
	):
		users = department_users(dossier.agency)
		head = _user_with_role(users, DEPARTMENT_HEAD)
		drafter = _user_with_role(users, DEPARTMENT_SPECIALIST) or head
		if not head:
			continue
		current = frappe.session.user
		try:
			frappe.set_user(drafter)
			letter = frappe.get_doc(
				{
					"doctype": "Apology Letter",
					"dossier": dossier.name,
					"reason": REASON,
					"new_appointment_at": appointment_after(dossier),
				}
			).insert()
			frappe.set_user(head)
			letter.signer_title = "Giám đốc"
			letter.submit()
		finally:
			frappe.set_user(current)
		return letter.name
	return None
