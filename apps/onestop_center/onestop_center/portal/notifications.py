# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Notices to citizens as Frappe Notification records, created once by the app (editable after).

:func:`ensure_notifications` (install and migrate) creates the records below when missing and never
overwrites an administrator's edits. E-mail goes to the citizen's online account
(``Dossier.portal_user``) and, when they chose e-mail notices, to the registry's e-mail; SMS (through
Frappe's SMS Settings) to the registry's phone when they chose SMS — the SMS records are enabled
only while an SMS gateway is configured (:func:`sync_sms_notifications`, on migrate and when SMS
Settings are saved). The texts carry the dossier code, the procedure and dates, never personal data.

Reception is announced once the dossier code is given (event "Method" ``after_reception``, run by
``intake.give_dossier_code``): the dossier's name is its code by then. Result ready and apology
letters are also announced by the channel chosen at reception (``lateness.notices``); the records
here add the online account.
"""

import frappe

from onestop_center.lateness.notices import sms_gateway_configured

RECEPTION_EVENT = "after_reception"
PORTAL_LINK = "{{ frappe.utils.get_url('/ho-so-cua-toi') }}"
FOOTER = f"<p>Xem chi tiết tại mục “Hồ sơ của tôi”: {PORTAL_LINK}</p>"

EMAIL_TO_ACCOUNT_AND_CHOICE = [
	{"receiver_by_document_field": "portal_user"},
	{"receiver_by_document_field": "email", "condition": "doc.notify_by == 'Email'"},
]
EMAIL_TO_ACCOUNT = [{"receiver_by_document_field": "portal_user"}]
SMS_TO_CHOICE = [{"receiver_by_document_field": "phone", "condition": "doc.notify_by == 'SMS'"}]

# name → (event, value_changed / method, condition, subject, message, e-mail recipients, sms text)
NOTICES = {
	"Hồ sơ đã được tiếp nhận": (
		"Method",
		RECEPTION_EVENT,
		None,
		"Hồ sơ {{ doc.name }} đã được tiếp nhận",
		"<p>Hồ sơ {{ doc.name }} ({{ doc.procedure_name }}) đã được tiếp nhận lúc "
		"{{ frappe.utils.format_datetime(doc.received_at, 'dd/MM/yyyy HH:mm') }}. "
		"Ngày hẹn trả kết quả: {{ frappe.utils.format_datetime(doc.due_at, 'dd/MM/yyyy HH:mm') }}.</p>",
		EMAIL_TO_ACCOUNT_AND_CHOICE,
		"Ho so {{ doc.name }} da duoc tiep nhan. Hen tra: "
		"{{ frappe.utils.format_datetime(doc.due_at, 'dd/MM/yyyy HH:mm') }}.",
	),
	"Yêu cầu bổ sung hồ sơ": (
		"Value Change",
		"status",
		"doc.status == 'Supplement Requested' or (doc.status == 'Needs Completion' and doc.channel == 'Online')",
		"Yêu cầu bổ sung, hoàn thiện hồ sơ{% if doc.status == 'Supplement Requested' %} {{ doc.name }}{% endif %}",
		"<p>Hồ sơ {% if doc.status == 'Supplement Requested' %}{{ doc.name }} {% endif %}"
		"({{ doc.procedure_name }}) cần được bổ sung, hoàn thiện:</p><p>{{ doc.supplement_request }}</p>",
		EMAIL_TO_ACCOUNT_AND_CHOICE,
		"Ho so {{ doc.procedure_name }} can bo sung, hoan thien. Vui long xem chi tiet tren cong dich vu cong.",
	),
	"Kết quả hồ sơ đã có": (
		"Value Change",
		"status",
		"doc.portal_user and (doc.status == 'Result at Centre' or "
		"(doc.status == 'Result Ready' and doc.result_returned_by == 'Department'))",
		"Hồ sơ {{ doc.name }} đã có kết quả",
		"<p>Hồ sơ {{ doc.name }} ({{ doc.procedure_name }}) đã có kết quả."
		"{% if doc.result_delivery == 'Electronic' %} Bạn có thể tải kết quả điện tử trong mục “Hồ sơ của tôi”."
		"{% elif doc.result_delivery == 'Post' %} Kết quả sẽ được gửi qua bưu chính."
		"{% else %} Mời bạn đến Trung tâm để nhận kết quả.{% endif %}</p>",
		EMAIL_TO_ACCOUNT,
		None,
	),
	"Thư xin lỗi và hẹn lại ngày trả kết quả": (
		"Value Change",
		"rescheduled_due_at",
		"doc.portal_user and doc.rescheduled_due_at",
		"Hồ sơ {{ doc.name }}: thư xin lỗi và hẹn lại ngày trả kết quả",
		"<p>Hồ sơ {{ doc.name }} ({{ doc.procedure_name }}) chưa thể trả kết quả đúng hẹn. Cơ quan giải quyết "
		"xin lỗi và hẹn lại ngày trả kết quả: "
		"{{ frappe.utils.format_datetime(doc.rescheduled_due_at, 'dd/MM/yyyy HH:mm') }}.</p>",
		EMAIL_TO_ACCOUNT,
		None,
	),
	"Hồ sơ đã dừng giải quyết": (
		"Value Change",
		"status",
		"doc.status == 'Stopped'",
		"Hồ sơ {{ doc.name }} đã dừng giải quyết",
		"<p>Hồ sơ {{ doc.name }} ({{ doc.procedure_name }}) đã dừng giải quyết"
		"{% if doc.get('stop_kind') == 'Withdrawal' %} theo yêu cầu rút hồ sơ{% endif %}.</p>",
		EMAIL_TO_ACCOUNT_AND_CHOICE,
		"Ho so {{ doc.name }} da dung giai quyet.",
	),
}
SMS_SUFFIX = " (SMS)"


def ensure_notifications() -> None:
	"""Create the citizens' notices that do not exist yet (install and migrate); keep the others."""
	for name, (event, target, condition, subject, message, recipients, sms) in NOTICES.items():
		common = {
			"doctype": "Notification",
			"document_type": "Dossier",
			"event": event,
			"condition": condition,
			"is_standard": 0,
		}
		if event == "Method":
			common["method"] = target
		else:
			common["value_changed"] = target
		if not frappe.db.exists("Notification", name):
			_insert(
				{
					**common,
					"name": name,
					"subject": subject,
					"channel": "Email",
					"message": message + FOOTER,
					"recipients": recipients,
					"enabled": 1,
				}
			)
		if sms and not frappe.db.exists("Notification", name + SMS_SUFFIX):
			_insert(
				{
					**common,
					"name": name + SMS_SUFFIX,
					"subject": name,
					"channel": "SMS",
					"message": sms,
					"recipients": SMS_TO_CHOICE,
					"enabled": int(sms_gateway_configured()),
				}
			)
	sync_sms_notifications()


def _insert(values: dict) -> None:
	doc = frappe.get_doc(values)
	doc.flags.name_set = True
	doc.insert(ignore_permissions=True, set_name=values["name"])


def sync_sms_notifications(doc=None, method=None) -> None:
	"""SMS notices on exactly while an SMS gateway is configured (also ``SMS Settings`` on_update)."""
	enabled = int(sms_gateway_configured())
	for name, values in NOTICES.items():
		if values[6] and frappe.db.exists("Notification", name + SMS_SUFFIX):
			if frappe.db.get_value("Notification", name + SMS_SUFFIX, "enabled") != enabled:
				frappe.db.set_value("Notification", name + SMS_SUFFIX, "enabled", enabled)
	frappe.cache.hdel("notifications", "Dossier")
