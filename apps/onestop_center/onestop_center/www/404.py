"""The centre's "not found" page (answered with HTTP 404)."""


def get_context(context):
	context.http_status_code = 404
	context.no_breadcrumbs = True
