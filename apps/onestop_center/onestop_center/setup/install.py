"""Install-time hooks: records Frappe cannot sync from module folders, kept current on migrate."""

import frappe


def after_install():
	frappe.get_attr("onestop_center.backups.set_default_retention")()
	after_migrate()
	# the dossier lifecycle's Workflow, once: the site's from then on (changed by patches only)
	frappe.get_attr("onestop_center.dossiers.lifecycle_workflow.install")()


def after_migrate():
	from onestop_center.setup.roles import sync_roles

	sync_roles()
	frappe.get_attr("onestop_center.deadlines.store.ensure_default_calendar")()
	frappe.get_attr(
		"onestop_center.onestop_center.doctype.onestop_settings.onestop_settings.ensure_defaults"
	)()
	frappe.get_attr("onestop_center.dossiers.dossier_code.ensure_draft_sequence")()
	frappe.get_attr("onestop_center.leadership.workspaces.restrict_frappe_workspaces")()
	frappe.get_attr("onestop_center.leadership.indexes.ensure_indexes")()
	frappe.get_attr("onestop_center.surveys.questions.ensure_default_questions")()
	frappe.get_attr("onestop_center.surveys.doctype.feedback_settings.feedback_settings.ensure_defaults")()
	harden_system_settings()
	frappe.get_attr("onestop_center.portal.accounts.enable_sign_up")()
	frappe.get_attr("onestop_center.portal.notifications.ensure_notifications")()
	frappe.get_attr("onestop_center.portal.branding.apply_branding")()
	frappe.get_attr("onestop_center.backups.keep_backups")()
	frappe.get_attr("onestop_center.security.audit.grant_audit_logs")()
	frappe.get_attr("onestop_center.catalogue.importing.grant_data_import")()


def harden_system_settings():
	"""System Settings of every site (demo and production), kept on every migrate.

	- No tracebacks to clients: Frappe sends them to anyone, guests included, when
	  ``allow_error_traceback`` is on (its default); errors stay in the Error Log.
	- Frappe's login lockout is off: it counts failures per forgeable address and per user name
	  alone, so anyone could lock every officer out; the app throttles logins per (user, client)
	  instead (onestop_center/security/requests.py).
	"""
	for field, value in (("allow_error_traceback", 0), ("allow_consecutive_login_attempts", 0)):
		if frappe.db.get_single_value("System Settings", field) != value:
			frappe.db.set_single_value("System Settings", field, value)


def before_tests():
	from onestop_center.setup.roles import sync_roles
	from onestop_center.setup.wizard import complete_setup

	sync_roles()
	complete_setup()
	frappe.db.commit()
