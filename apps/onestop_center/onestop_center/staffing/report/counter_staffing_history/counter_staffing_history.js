// Copyright (c) 2026, OneStop Center contributors
// License: MIT. See license.txt

frappe.query_reports["Counter Staffing History"] = {
	filters: [
		{ fieldname: "counter", label: __("Counter"), fieldtype: "Link", options: "Counter" },
		{ fieldname: "officer", label: __("Officer"), fieldtype: "Link", options: "User" },
		{ fieldname: "from_date", label: __("From Date"), fieldtype: "Date" },
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date" },
	],
};
