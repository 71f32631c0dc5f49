"""Context of the public pages (www/tra-cuu, www/thu-tuc and their kiosk twins under www/kiosk).

The portal and the kiosk show the same lookup and catalogue; the kiosk's pages use its own layout
(no menu, no login, no footer: nothing leads out of the kiosk) and keep their links under /kiosk.
"""

import frappe
from frappe import _
from frappe.utils import fmt_money, format_date, format_datetime

from onestop_center.portal import catalogue, lookup

DATETIME_FORMAT = "dd/MM/yyyy HH:mm"


def display_datetime(value: str | None) -> str:
	return format_datetime(value, DATETIME_FORMAT) if value else ""


def money(amount) -> str:
	return fmt_money(amount or 0, precision=0, currency="VND")


def lookup_context(context, kiosk: bool = False):
	"""/tra-cuu?code=…: the form, and the dossier when a code was given."""
	context.no_cache = 1
	context.no_breadcrumbs = True
	context.kiosk = kiosk
	context.title = _("Dossier lookup")
	context.action = "/kiosk/tra-cuu" if kiosk else "/tra-cuu"
	code = frappe.form_dict.get("code")
	context.code = lookup.normalise_code(code) if code is not None else ""
	context.result = None
	if code is not None:
		result = lookup.lookup_for_page(code)
		if result.get("limited"):
			context.http_status_code = 429
		if result.get("found"):
			result["received_at_text"] = display_datetime(result["received_at"])
			result["due_at_text"] = display_datetime(result["due_at"])
			result["rescheduled_due_at_text"] = display_datetime(result["rescheduled_due_at"])
			for step in result["steps"]:
				step["due_at_text"] = display_datetime(step["due_at"])
				step["finished_at_text"] = display_datetime(step["finished_at"])
			result["fee_total_text"] = money(result["fee_total"])
			result["fee_paid_text"] = money(result["fee_paid"])
			result["fee_due_text"] = money(result["fee_due"])
		context.result = frappe._dict(result)
	return context


def catalogue_context(context, kiosk: bool = False):
	"""/thu-tuc (search) and /thu-tuc/<national code> (one procedure)."""
	context.no_cache = 1
	context.kiosk = kiosk
	context.base = "/kiosk/thu-tuc" if kiosk else "/thu-tuc"
	form = frappe.form_dict
	code = form.get("code")
	context.show_procedure = bool(code)
	if code:
		procedure = catalogue.procedure_page(code)
		if not procedure:
			context.http_status_code = 404
			context.title = _("Procedure not found")
			context.procedure = None
			context.not_found_code = code if isinstance(code, str) else ""
			return context
		for fee in procedure.fees:
			fee.amount_text = money(fee.amount)
		procedure.total_fee_text = money(procedure.total_fee)
		procedure.effective_date_text = format_date(procedure.effective_date, "dd/MM/yyyy") if procedure.effective_date else ""
		context.procedure = procedure
		context.title = procedure.name
		context.centre_place = lookup.centre_place()
		context.parents = [{"route": context.base, "title": _("Administrative procedures")}]
		return context
	context.procedure = None
	context.no_breadcrumbs = True
	context.title = _("Administrative procedures")
	context.search = catalogue.search_procedures(
		form.get("q"), form.get("agency"), form.get("field"), form.get("online_level"), form.get("page") or 1
	)
	context.options = catalogue.filter_options()
	return context
