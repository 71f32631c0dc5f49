"""The centre's error page: a Vietnamese message, never a traceback."""

from frappe import _

no_cache = 1


def get_context(context):
	context.no_breadcrumbs = True
	context.error_title = context.error_title or _("The server could not complete the request")
	context.error_message = context.error_message or _("There was an error building this page")
	return context
