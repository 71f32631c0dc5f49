// Copyright (c) 2026, OneStop Center contributors
// License: MIT. See license.txt

// "Create New Version" (Tạo phiên bản mới): the version in force stays for reception until the
// chosen date, the form then shows the new version to edit (catalogue/versions.py).
frappe.ui.form.on("Procedure", {
	refresh(frm) {
		if (frm.is_new() || !frm.perm[0] || !frm.perm[0].write) return;
		frm.add_custom_button(__("Create New Version"), () => {
			frappe.prompt(
				[
					{
						fieldname: "effective_date",
						fieldtype: "Date",
						label: __("Effective Date"),
						reqd: 1,
						default: frappe.datetime.add_days(frappe.datetime.get_today(), 1),
						description: __(
							"The new version takes effect from this date; until then reception uses the version in force. Edit the new version after creating it."
						),
					},
				],
				(values) => {
					frappe
						.xcall("onestop_center.catalogue.versions.create_new_version", {
							procedure: frm.doc.name,
							effective_date: values.effective_date,
						})
						.then(() => frm.reload_doc());
				},
				__("Create New Version"),
				__("Create")
			);
		});
	},
});
