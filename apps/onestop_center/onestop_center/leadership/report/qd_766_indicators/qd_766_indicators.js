// Copyright (c) 2026, OneStop Center contributors
// License: MIT. See license.txt

frappe.query_reports["QD 766 Indicators"] = onestop_center.leaders.report_settings([
	{ fieldname: "by_agency", label: __("Each agency"), fieldtype: "Check" },
]);
