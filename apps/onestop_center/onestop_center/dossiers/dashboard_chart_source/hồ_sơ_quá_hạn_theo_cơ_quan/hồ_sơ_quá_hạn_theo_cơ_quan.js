// Copyright (c) 2026, OneStop Center contributors
// License: MIT. See license.txt

frappe.dashboards.chart_sources["Hồ sơ quá hạn theo cơ quan"] = {
	method: "onestop_center.leadership.dashboards.overdue_by_agency_chart",
	filters: [],
	// the list or report behind the chart (onestop_leaders.js adds the action)
	onestop_link: {"route": ["List", "Dossier", "List"], "route_options": {"timeliness": "Overdue", "status": ["in", ["Received", "Transferred", "Sent Back", "In Progress", "Supplement Requested"]]}},
};
