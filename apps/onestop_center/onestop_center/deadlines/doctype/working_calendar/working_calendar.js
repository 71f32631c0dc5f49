// Copyright (c) 2026, OneStop Center contributors
// License: MIT. See license.txt

frappe.ui.form.on("Working Calendar", {
	refresh(frm) {
		if (!frm.has_perm("write")) return;
		frm.add_custom_button(__("Load Official Days for Year"), () => {
			frappe.prompt(
				{
					fieldname: "year",
					fieldtype: "Int",
					label: __("Year"),
					reqd: 1,
					default: new Date().getFullYear() + 1,
				},
				({ year }) =>
					frm.call("load_official_days", { year }).then(() => {
						frm.dirty();
						frm.refresh_fields();
					}),
				__("Load Official Days for Year"),
				__("Load")
			);
		});
	},
});
