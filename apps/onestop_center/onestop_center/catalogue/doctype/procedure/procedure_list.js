// Copyright (c) 2026, OneStop Center contributors
// License: MIT. See license.txt

// The catalogue's import template (Data Import of Procedure with its documents, fees and steps).
frappe.listview_settings["Procedure"] = {
	onload(listview) {
		if (!frappe.model.can_import("Procedure")) return;
		listview.page.add_inner_button(__("Import Template"), () => {
			window.open("/api/method/onestop_center.catalogue.importing.download_template");
		});
	},
};
