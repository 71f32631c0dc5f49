// Copyright (c) 2026, OneStop Center contributors
// License: MIT. See license.txt

frappe.query_reports["Transfer Book"] = onestop_center.leaders.report_settings([
	{ fieldname: "applicant_name", label: __("Applicant"), fieldtype: "Data" },
]);
