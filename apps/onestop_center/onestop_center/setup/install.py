"""Install-time hooks: records Frappe cannot sync from module folders, kept current on migrate."""

import frappe


def after_install():
	after_migrate()


def after_migrate():
	from onestop_center.setup.roles import sync_roles

	sync_roles()
	frappe.get_attr("onestop_center.deadlines.store.ensure_default_calendar")()
	frappe.get_attr(
		"onestop_center.onestop_center.doctype.onestop_settings.onestop_settings.ensure_defaults"
	)()


def before_tests():
	from onestop_center.setup.roles import sync_roles
	from onestop_center.setup.wizard import complete_setup

	sync_roles()
	complete_setup()
	frappe.db.commit()
