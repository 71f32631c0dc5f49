// Copyright (c) 2026, OneStop Center contributors
// License: MIT. See license.txt

frappe.query_reports["Officer Performance"] = onestop_center.leaders.report_settings([
	onestop_center.leaders.select_filter("group_by", "Group By", ["Officer", "Agency"], "Officer"),
]);
