app_name = "onestop_center"
app_title = "OneStop Center"
app_publisher = "OneStop Center contributors"
app_description = "Electronic one-stop shop for Vietnamese public-administration service centres"
app_email = "dev@onestop-center.invalid"
app_license = "mit"

# Desk
# ----
app_include_js = ["/assets/onestop_center/js/onestop_desk.js", "/assets/onestop_center/js/onestop_leaders.js"]
# The counter's satisfaction-survey button on the Dossier form (surveys/)
doctype_js = {"Dossier": "public/js/dossier_survey.js"}

# the officer's counter, filled in on a new dossier (onestop_center/staffing/counters.py)
extend_bootinfo = [
	"onestop_center.staffing.counters.extend_bootinfo",
	# heading and form label of the printed tracking ledger (onestop_printing/codes.py)
	"onestop_center.onestop_printing.codes.extend_bootinfo",
	# the kinds of the lifecycle's states and actions, for the desk's scripts (dossiers/state_kinds.py)
	"onestop_center.dossiers.state_kinds.extend_bootinfo",
]

# Website
# -------
# Guests land on the centre's portal page (www/mot-cua).
home_page = "mot-cua"
# One page per procedure of the public catalogue, by its national code (portal/catalogue.py).
website_route_rules = [
	{"from_route": "/thu-tuc/<code>", "to_route": "thu-tuc"},
	{"from_route": "/kiosk/thu-tuc/<code>", "to_route": "kiosk/thu-tuc"},
]
# The OpenAPI document of the public and integrator endpoints (api/openapi.py).
website_redirects = [
	# Frappe's stock "About Us" and "Contact Us" pages (English placeholders): the centre's home
	{"source": "/about", "target": "/"},
	{"source": "/contact", "target": "/"},
	{"source": "/openapi.json", "target": "/api/method/onestop_center.api.openapi.document"},
]
# The centre's branding on every page (favicon, logo, Vietnamese titles; portal/branding.py).
update_website_context = ["onestop_center.portal.branding.update_website_context"]
# The citizen's portal menu (editable in Portal Settings) and their page after login (portal/).
standard_portal_menu_items = [
	{"title": "Hồ sơ của tôi", "route": "/ho-so-cua-toi", "role": "Citizen"},
	{"title": "Nộp hồ sơ trực tuyến", "route": "/nop-ho-so", "role": "Citizen"},
]
role_home_page = {"Citizen": "ho-so-cua-toi"}

# Installation
# ------------
# Roles and other records Frappe cannot sync from module folders are created here,
# idempotently, so that `migrate` keeps them current as well.
after_install = "onestop_center.setup.install.after_install"
after_migrate = "onestop_center.setup.install.after_migrate"
# The setup wizard asks for the centre's identity printed on the forms (setup/wizard.py).
setup_wizard_requires = "assets/onestop_center/js/setup_wizard.js"
setup_wizard_complete = "onestop_center.setup.wizard.save_centre_identity"

# Tests
# -----
before_tests = "onestop_center.setup.install.before_tests"

# Requests
# --------
# The real client address (X-Forwarded-For only from trusted proxies), login throttling per
# (user, client) that no one can turn against other users, 4xx answers instead of 500s
# (see onestop_center/security/requests.py); `debug=1` answers carry the generated SQL: only for
# System Managers (security/endpoints.py).
before_request = [
	"onestop_center.security.requests.before_request",
	"onestop_center.security.endpoints.drop_debug_flag",
	# guests see the portal in Vietnamese whatever their browser asks for (portal/branding.py)
	"onestop_center.portal.branding.citizen_language",
]
after_request = ["onestop_center.security.requests.after_request"]
on_login = ["onestop_center.security.requests.on_login"]
on_session_creation = ["onestop_center.security.requests.on_session_creation"]

# Outgoing e-mail: Vietnamese subjects keep their spaces through Frappe's re-fold (messaging/mail.py)
make_email_body_message = ["onestop_center.messaging.mail.keep_subject_words"]

# Permissions
# -----------
# Department users see only dossiers of their own Agency (see onestop_center.permissions).
permission_query_conditions = {
	"Dossier": "onestop_center.permissions.dossier_query_conditions",
	"Apology Letter": "onestop_center.lateness.permissions.apology_letter_query_conditions",
	"Transfer Batch": "onestop_center.security.records.transfer_batch_query_conditions",
	"Secondment": "onestop_center.security.records.secondment_query_conditions",
	# delegations of a head's authority and the actions taken under them (delegation/permissions.py)
	"Delegation": "onestop_center.delegation.permissions.delegation_query_conditions",
	"Delegated Action": "onestop_center.delegation.permissions.delegated_action_query_conditions",
	# Frappe records pointing at protected ones follow them (see onestop_center.security)
	"File": "onestop_center.security.files.file_query_conditions",
	"Workflow Action": "onestop_center.security.references.workflow_action_query_conditions",
	"Document Follow": "onestop_center.security.references.document_follow_query_conditions",
	"Citizen Feedback": "onestop_center.surveys.permissions.citizen_feedback_query_conditions",
	"Survey Response": "onestop_center.surveys.permissions.survey_response_query_conditions",
	# the OneStop Administrator imports the procedure catalogue only (catalogue/importing.py)
	"Data Import": "onestop_center.catalogue.importing.data_import_query_conditions",
	# every child table of a protected DocType: rows only of parents the user may read
	"*": "onestop_center.security.children.child_query_conditions",
}
has_permission = {
	"Dossier": "onestop_center.permissions.dossier_has_permission",
	"Apology Letter": "onestop_center.lateness.permissions.apology_letter_has_permission",
	"Transfer Batch": "onestop_center.security.records.transfer_batch_has_permission",
	"Secondment": "onestop_center.security.records.secondment_has_permission",
	"Delegation": "onestop_center.delegation.permissions.delegation_has_permission",
	"Delegated Action": "onestop_center.delegation.permissions.delegated_action_has_permission",
	"File": "onestop_center.security.files.file_has_permission",
	"Workflow Action": "onestop_center.security.references.workflow_action_has_permission",
	"Document Follow": "onestop_center.security.references.document_follow_has_permission",
	"Citizen Feedback": "onestop_center.surveys.permissions.citizen_feedback_has_permission",
	"Data Import": "onestop_center.catalogue.importing.data_import_has_permission",
}

# Frappe's generic methods that skip the row rules above, replaced (see onestop_center.security)
override_whitelisted_methods = {
	"frappe.client.get_count": "onestop_center.security.endpoints.get_count",
	"frappe.client.validate_link": "onestop_center.security.endpoints.validate_link",
	"frappe.client.is_document_amended": "onestop_center.security.endpoints.is_document_amended",
	"frappe.desk.search.search_link": "onestop_center.security.endpoints.search_link",
	"frappe.desk.search.search_widget": "onestop_center.security.endpoints.search_widget",
	"frappe.desk.listview.get_group_by_count": "onestop_center.security.endpoints.get_group_by_count",
	"frappe.desk.like.toggle_like": "onestop_center.security.endpoints.toggle_like",
	"frappe.desk.doctype.tag.tag.add_tag": "onestop_center.security.endpoints.add_tag",
	"frappe.desk.doctype.tag.tag.add_tags": "onestop_center.security.endpoints.add_tags",
	"frappe.desk.doctype.tag.tag.remove_tag": "onestop_center.security.endpoints.remove_tag",
	"frappe.desk.form.document_follow.follow_document": "onestop_center.security.endpoints.follow_document",
	"frappe.desk.form.document_follow.update_follow": "onestop_center.security.endpoints.update_follow",
	"frappe.desk.search.get_link_title": "onestop_center.security.endpoints.get_link_title",
	"frappe.email.relink": "onestop_center.security.endpoints.relink",
	"frappe.model.document.unlock_document": "onestop_center.security.endpoints.unlock_document",
	"frappe.www.printview.get_html_and_style": "onestop_center.security.printing.get_html_and_style",
	"frappe.www.printview.get_rendered_raw_commands": "onestop_center.security.printing.get_rendered_raw_commands",
	"frappe.utils.print_format.print_by_server": "onestop_center.security.printing.print_by_server",
	# report exports recorded in the Access Log with the report and filters (security/audit.py)
	"frappe.desk.query_report.export_query": "onestop_center.security.audit.export_query",
	"frappe.realtime.can_subscribe_doctype": "onestop_center.security.realtime.can_subscribe_doctype",
	"frappe.desk.form.linked_with.get": "onestop_center.security.connections.get_linked",
	# a deputy's workflow buttons: the head's actions a delegation in force gives them (delegation/desk.py)
	"frappe.model.workflow.get_transitions": "onestop_center.delegation.desk.get_transitions",
	# reports show agencies, counters and officers by name (onestop_center/link_titles.py)
	"frappe.desk.query_report.run": "onestop_center.onestop_center.link_titles.run",
	# chart data per user: Frappe caches it under the chart's name for everyone (leadership/dashboards.py)
	"frappe.desk.doctype.dashboard_chart.dashboard_chart.get": "onestop_center.leadership.dashboards.get_chart",
	# any logged-in user could send SMS through the centre's gateway (messaging/notification.py)
	"frappe.core.doctype.sms_settings.sms_settings.send_sms": "onestop_center.messaging.notification.send_sms",
	# Data Import's module methods load an import by name with no permission check (catalogue/importing.py)
	"frappe.core.doctype.data_import.data_import.form_start_import": "onestop_center.catalogue.importing.form_start_import",
	"frappe.core.doctype.data_import.data_import.get_preview_from_template": "onestop_center.catalogue.importing.get_preview_from_template",
	"frappe.core.doctype.data_import.data_import.get_import_status": "onestop_center.catalogue.importing.get_import_status",
	"frappe.core.doctype.data_import.data_import.download_import_log": "onestop_center.catalogue.importing.download_import_log",
	"frappe.core.doctype.data_import.data_import.download_errored_template": "onestop_center.catalogue.importing.download_errored_template",
}
# downloads of private files ask the File permission hooks too (Frappe calls its own rule only)
override_doctype_class = {
	"File": "onestop_center.security.files.OnestopFile",
	# server errors logged with the request that caused them (security/errors.py)
	"Error Log": "onestop_center.security.errors.RequestErrorLog",
	# SMS notices through the logged, number-by-number path (messaging/notification.py)
	"Notification": "onestop_center.messaging.notification.OnestopNotification",
}

# Jinja
# -----
# Helpers for the printed forms (barcode, QR code, Vietnamese dates, form numbers, heading).
jinja = {
	"methods": [
		f"onestop_center.onestop_printing.codes.{name}"
		for name in (
			"barcode_svg_data_uri",
			"qr_svg_data_uri",
			"dossier_qr_data_uri",
			"lookup_url",
			"dossier_code",
			"vn_date_words",
			"vn_datetime_words",
			"vn_date_line",
			"vn_text",
			"form_number",
			"form_title",
			"form_basis",
			"onestop_heading",
			"current_rule_set",
			"dossier_rule_set",
			"reception_unit",
			"officer_name",
			"vn_amount_words",
			"vn_amount",
		)
	]
	# the applicant's ID number or tax code, for users who may read the registry
	+ ["onestop_center.dossiers.applicant_key.applicant_registry_key"]
	# a deputy's signature for the head: "KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC" (delegation/authority.py)
	+ ["onestop_center.delegation.authority.delegated_signature"]
	# the kind of a dossier's state (the administrator may rename states): kind_of(doc.status)
	+ ["onestop_center.dossiers.state_kinds.kind_of"],
}

# The dossier lifecycle (docs/dossier-lifecycle.md): its Workflow, states and actions are created
# once at install (dossiers/lifecycle_workflow.py) and are the site's from then on: no fixtures, which
# Frappe would re-import over the administrator's edits at every migrate. Changes: patches.

# Documents
# ---------
# A dossier started from a queue ticket: the ticket points to it (see counter_queue/calling.py).
doc_events = {
	"Dossier": {"after_insert": "onestop_center.counter_queue.calling.link_dossier"},
	# a dossier is assigned only to an officer of its agency, by its head (dossiers/assignment.py)
	"ToDo": {"validate": "onestop_center.dossiers.assignment.check_dossier_assignment"},
	# who may import what (catalogue/importing.py)
	"Data Import": {"validate": "onestop_center.catalogue.importing.check_data_import"},
	# an issued apology letter (Mẫu 04) filed in the document-management system (integration/dms.py)
	"Apology Letter": {"on_submit": "onestop_center.integration.dms.file_apology_letter"},
	# a state added to the dossier's workflow becomes a status the Dossier accepts (dossiers/lifecycle_workflow.py)
	"Workflow": {"on_update": "onestop_center.dossiers.lifecycle_workflow.on_workflow_update"},
}

# Scheduled jobs
# --------------
# Just after midnight (system time zone, Asia/Ho_Chi_Minh): open dossiers whose due date has
# passed go from Within Deadline to Overdue, with one indexed UPDATE (see dossiers/deadline.py).
scheduler_events = {
	# A full backup (database and files) every day, the newest sets kept (see backups.py).
	"daily_long": ["onestop_center.backups.take_daily_backup"],
	"cron": {
		"5 0 * * *": ["onestop_center.dossiers.deadline.flag_overdue_dossiers"],
		# Every quarter of an hour: warn departments and the centre of dossiers within the lead time
		# of their deadline, once each (see lateness/warnings.py).
		"*/15 * * * *": ["onestop_center.lateness.warnings.send_late_warnings"],
		# Every five minutes: run the transfer windows that have passed (default 10:30 and 16:00 on
		# working days), one Transfer Batch per agency and window (see transfers/windows.py).
		"*/5 * * * *": ["onestop_center.transfers.windows.run_due_windows"],
		# Every five minutes (offset): booked queue numbers past their slot and numbers left from a
		# previous day expire (see counter_queue/booking.py).
		"2-59/5 * * * *": ["onestop_center.counter_queue.booking.expire_tickets"],
		# Every hour: unanswered citizens' feedback past its deadline is flagged Overdue (surveys/feedback.py).
		"20 * * * *": ["onestop_center.surveys.feedback.flag_overdue_feedback"],
		# Daily: secondment terms ending within the notice period, and replacements not named in
		# time (see staffing/terms.py).
		"20 0 * * *": ["onestop_center.staffing.terms.remind_ending_terms"],
		# Every two minutes: messages to other systems whose (next) attempt is due; new messages are
		# also sent right after the commit that queued them (see integration/outbox.py).
		"*/2 * * * *": ["onestop_center.integration.outbox.send_pending"],
		# Every quarter of an hour: the status shown in the Delegation list; whether a deputy may act
		# is decided at each action from the period itself, not by this job (delegation/status.py).
		"10-59/15 * * * *": ["onestop_center.delegation.status.refresh_statuses"],
	},
}
