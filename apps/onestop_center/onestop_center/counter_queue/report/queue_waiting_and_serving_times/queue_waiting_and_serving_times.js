// Copyright (c) 2026, OneStop Center contributors
// License: MIT. See license.txt

frappe.query_reports["Queue Waiting and Serving Times"] = {
	filters: [
		{ fieldname: "from_date", label: __("From Date"), fieldtype: "Date", default: frappe.datetime.add_days(frappe.datetime.get_today(), -30) },
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today() },
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "Service", label: __("Service") },
				{ value: "Counter", label: __("Counter") },
				{ value: "Officer", label: __("Officer") },
				{ value: "Day", label: __("Day") },
				{ value: "Hour", label: __("Hour") },
			],
			default: "Service",
		},
		{ fieldname: "service", label: __("Queue Service"), fieldtype: "Link", options: "Queue Service" },
		{ fieldname: "counter", label: __("Counter"), fieldtype: "Link", options: "Counter" },
	],
};
