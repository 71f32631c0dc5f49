# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

from frappe.model.document import Document

from onestop_center.dossiers import routing


class DossierRouting(Document):
	"""Written only by ``dossiers.routing`` (plain SQL, from the Dossier's own save)."""


def on_doctype_update():
	routing.add_indexes()
