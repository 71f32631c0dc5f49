// Copyright (c) 2026, OneStop Center contributors
// License: MIT. See license.txt

frappe.query_reports["Dossier Tracking Ledger"] = {
	filters: [
		{
			fieldname: "agency",
			label: __("Agency"),
			fieldtype: "Link",
			options: "Agency",
		},
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.month_start(),
			reqd: 1,
		},
		{
			fieldname: "to_date",
			label: __("To Date"),
			fieldtype: "Date",
			default: frappe.datetime.month_end(),
			reqd: 1,
		},
		{
			fieldname: "channel",
			label: __("Channel"),
			fieldtype: "Select",
			options: ["", "Counter", "Post", "Online"].map((value) => ({
				value,
				label: value ? __(value) : "",
			})),
		},
	],
};
