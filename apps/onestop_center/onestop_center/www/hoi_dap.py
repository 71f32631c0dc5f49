"""Public questions and answers (route /hoi-dap): the answers the centre published to citizens'
feedback and questions, searchable, with no personal data (only the question as staff worded it
for publication, the answer, the kind, the agency and the date)."""

import frappe
from frappe import _
from frappe.utils import cint

from onestop_center.surveys.feedback import search_published

no_cache = 1
PAGE_LENGTH = 20


def get_context(context):
	context.title = _("Questions and Answers")
	context.no_breadcrumbs = True
	query = (frappe.form_dict.get("q") or "")
	context.query = query.strip()[:200] if isinstance(query, str) else ""
	page = frappe.form_dict.get("page")
	context.page = max(cint(page if isinstance(page, (str, int)) else 1), 1)
	rows = search_published(context.query, (context.page - 1) * PAGE_LENGTH, PAGE_LENGTH + 1)
	context.has_next = len(rows) > PAGE_LENGTH
	context.answers = rows[:PAGE_LENGTH]
	for item in context.answers:
		item.kind_label = _(item.kind)
		item.published_on = frappe.utils.formatdate(item.published_at, "dd/MM/yyyy")
	return context
