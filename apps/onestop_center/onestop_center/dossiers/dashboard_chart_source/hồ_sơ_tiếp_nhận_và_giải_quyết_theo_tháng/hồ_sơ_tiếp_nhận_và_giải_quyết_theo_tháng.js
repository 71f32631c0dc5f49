// Copyright (c) 2026, OneStop Center contributors
// License: MIT. See license.txt

frappe.dashboards.chart_sources["Hồ sơ tiếp nhận và giải quyết theo tháng"] = {
	method: "onestop_center.leadership.dashboards.received_resolved_chart",
	filters: [],
	// the list or report behind the chart (onestop_leaders.js adds the action)
	onestop_link: {"route": ["List", "Dossier", "List"], "route_options": {"due_at": ["is", "set"]}},
};
