"""Public dossier lookup (route /tra-cuu, the address printed on receipts and in their QR code)."""

from onestop_center.portal.pages import lookup_context

no_cache = 1
sitemap = 0


def get_context(context):
	return lookup_context(context)
