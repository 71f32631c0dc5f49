// Copyright (c) 2026, OneStop Center contributors
// License: MIT. See license.txt

frappe.dashboards.chart_sources["Kết quả giải quyết theo cơ quan"] = {
	method: "onestop_center.leadership.dashboards.timeliness_by_agency_chart",
	filters: [],
	// the list or report behind the chart (onestop_leaders.js adds the action)
	onestop_link: {"route": ["query-report", "Periodic Statistics"], "route_options": {}},
};
