// The reception's queue of online submissions (Chờ tiếp nhận), oldest first.
frappe.query_reports["Online Submissions"] = {
	filters: [
		{
			fieldname: "include_completion_requests",
			label: __("Include Completion Requests"),
			fieldtype: "Check",
			default: 0,
		},
	],
};
