// Copyright (c) 2026, OneStop Center contributors
// License: MIT. See license.txt

frappe.query_reports["Periodic Statistics"] = onestop_center.leaders.report_settings(
	[
		{ fieldname: "procedure", label: __("Procedure"), fieldtype: "Link", options: "Procedure" },
		{ fieldname: "applicant_name", label: __("Applicant"), fieldtype: "Data" },
		{ fieldname: "live", label: __("Current figures (ignore the closing)"), fieldtype: "Check" },
	],
	{
		tree: true,
		name_field: "key",
		parent_field: "parent_key",
		initial_depth: 3,
		onload(report) {
			onestop_center.leaders.load_heading(report);
			if (!frappe.user.has_role(["Centre Leader", "OneStop Administrator", "System Manager"])) return;
			report.page.add_inner_button(__("Close the Period"), () => {
				const f = report.get_filter_values();
				frappe
					.xcall("onestop_center.leadership.closing.period_dates", { filters: f })
					.then((dates) =>
						frappe.new_doc("Statistics Period Closing", {
							period_type: f.period_type,
							from_date: dates[0],
							to_date: dates[1],
						})
					);
			});
		},
	}
);
