// Copyright (c) 2026, OneStop Center contributors
// License: MIT. See license.txt

// The setup wizard asks for the centre's identity, printed on every form (legal-spec §1.1): the
// governing body, the centre's name and the place name of the date line. Saved in OneStop
// Settings by onestop_center.setup.wizard.save_centre_identity (hook setup_wizard_complete).
frappe.provide("frappe.setup");

frappe.setup.on("before_load", function () {
	frappe.setup.add_slide({
		name: "onestop_centre",
		title: __("The Centre"),
		icon: "fa fa-building",
		fields: [
			{
				fieldname: "governing_body",
				label: __("Governing Body"),
				fieldtype: "Data",
				reqd: 1,
				placeholder: "ỦY BAN NHÂN DÂN TỈNH …",
				description: __("Printed at the top left of every form, e.g. ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH"),
			},
			{
				fieldname: "centre_name",
				label: __("Centre Name"),
				fieldtype: "Data",
				reqd: 1,
				placeholder: "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH …",
			},
			{
				fieldname: "place_name",
				label: __("Place Name"),
				fieldtype: "Data",
				reqd: 1,
				description: __("The place written before the date of every form, e.g. Quảng Ninh"),
			},
		],
	});
});
