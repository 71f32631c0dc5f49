"""Test-only endpoint for the load suites in ``tests/`` (concurrent reception, intake benchmark).

The demo has 22 reception officers, one per counter; the suites need more officers receiving at
once. Creating them through ``/api/resource/User`` runs into Frappe's 60-users-an-hour throttle
on a site whose demo was just loaded, so this creates them as an import (like the demo loader).
Refused unless the site allows tests (``allow_tests``, set by scripts/test) and the caller is a
System Manager.
"""

import frappe
from frappe import _

LOAD_OFFICER_EMAIL = "tiepnhan-tai{:02d}@onestop.localhost"  # "tải" = load
MAX_OFFICERS = 100


@frappe.whitelist(methods=["POST"])
def make_reception_officers(first: int, last: int) -> list[str]:
	"""Reception officers number ``first``..``last`` (load officers), created when missing, with the
	demo password; returns their logins."""
	from onestop_center.demo.loader import DEMO_PASSWORD, TIME_ZONE
	from onestop_center.setup.bulk import bulk_import
	from onestop_center.setup.roles import RECEPTION_OFFICER

	if not frappe.conf.allow_tests:
		frappe.throw(_("Only available on a test site"), frappe.PermissionError)
	frappe.only_for("System Manager")
	if not 1 <= first <= last <= MAX_OFFICERS:
		frappe.throw(_("Officer numbers must be between 1 and {0}").format(MAX_OFFICERS))

	from frappe.utils.password import update_password

	logins = []
	for number in range(first, last + 1):
		email = LOAD_OFFICER_EMAIL.format(number)
		logins.append(email)
		if frappe.db.exists("User", email):
			continue
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": f"Cán bộ tiếp nhận {number:02d}",
				"language": "vi",
				"time_zone": TIME_ZONE,
				"user_type": "System User",
				"send_welcome_email": 0,
				"enabled": 1,
				"roles": [{"role": RECEPTION_OFFICER}],
			}
		)
		user.flags.no_welcome_mail = True
		with bulk_import():
			user.insert(ignore_permissions=True)
		update_password(email, DEMO_PASSWORD)
	return logins
