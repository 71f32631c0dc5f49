// Copyright (c) 2026, OneStop Center contributors
// License: MIT. See license.txt

frappe.query_reports["Uncollected Results"] = {
	filters: [
		{
			fieldname: "agency",
			label: __("Agency"),
			fieldtype: "Link",
			options: "Agency",
		},
		{
			fieldname: "min_days",
			label: __("Waiting at Least (Days)"),
			fieldtype: "Int",
		},
	],
};
