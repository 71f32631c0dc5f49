"""Frappe's /unsubscribe (signed links of newsletters and e-mails), shown in Vietnamese.

Frappe's page hard-codes its English texts; the template beside this file replaces it (the app's
www/ comes before Frappe's) with the same form and Frappe's own logic below.
"""

from frappe.www.unsubscribe import get_context, no_cache  # noqa: F401

sitemap = 0
