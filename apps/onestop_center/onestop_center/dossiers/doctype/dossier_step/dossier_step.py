# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

from frappe.model.document import Document


class DossierStep(Document):
	pass


def on_doctype_update():
	from onestop_center.dossiers.deadline import add_index

	add_index("Dossier Step")
