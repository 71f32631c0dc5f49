// Copyright (c) 2026, OneStop Center contributors
// License: MIT. See license.txt

frappe.dashboards.chart_sources["Xu hướng mức độ hài lòng"] = {
	method: "onestop_center.leadership.dashboards.satisfaction_trend_chart",
	filters: [],
	// the list or report behind the chart (onestop_leaders.js adds the action)
	onestop_link: {"route": ["List", "Survey Response", "List"], "route_options": {}},
};
