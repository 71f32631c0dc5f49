// Copyright (c) 2026, OneStop Center contributors
// License: MIT. See license.txt

frappe.query_reports["Fee Statistics"] = onestop_center.leaders.report_settings([
	onestop_center.leaders.select_filter(
		"group_by",
		"Group By",
		["Agency", "Procedure", "Counter", "Collector", "Payment Method"],
		"Agency"
	),
]);
