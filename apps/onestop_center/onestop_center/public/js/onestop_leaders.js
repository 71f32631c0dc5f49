// Copyright (c) 2026, OneStop Center contributors
// License: MIT. See license.txt

// The leaders' reports and dashboards (module Leadership): shared report filters, the printed
// national heading, and a "filtered list" action on the workspace charts.
frappe.provide("onestop_center.leaders");

onestop_center.leaders.period_filters = function () {
	const today = frappe.datetime.str_to_obj(frappe.datetime.get_today());
	const is = (kind) => `eval:doc.period_type=="${kind}"`;
	return [
		{
			fieldname: "period_type",
			label: __("Period"),
			fieldtype: "Select",
			options: ["Month", "Quarter", "Year", "Date Range"].map((value) => ({
				value,
				label: __(value),
			})),
			default: "Month",
			reqd: 1,
		},
		{
			fieldname: "year",
			label: __("Year"),
			fieldtype: "Int",
			default: today.getFullYear(),
			depends_on: 'eval:doc.period_type!="Date Range"',
		},
		{
			fieldname: "month",
			label: __("Month"),
			fieldtype: "Select",
			options: [...Array(12).keys()].map((i) => String(i + 1)),
			default: String(today.getMonth() + 1),
			depends_on: is("Month"),
		},
		{
			fieldname: "quarter",
			label: __("Quarter"),
			fieldtype: "Select",
			options: ["1", "2", "3", "4"],
			default: String(Math.floor(today.getMonth() / 3) + 1),
			depends_on: is("Quarter"),
		},
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.month_start(),
			depends_on: is("Date Range"),
		},
		{
			fieldname: "to_date",
			label: __("To Date"),
			fieldtype: "Date",
			default: frappe.datetime.month_end(),
			depends_on: is("Date Range"),
		},
		{ fieldname: "agency", label: __("Agency"), fieldtype: "Link", options: "Agency" },
		{
			fieldname: "procedure_field",
			label: __("Field"),
			fieldtype: "Link",
			options: "Procedure Field",
		},
	];
};

// The settings of a leaders' report: the period filters, then ``extra_filters``; bold rows for
// totals; the printed heading loaded on open. ``overrides`` replace or add settings.
onestop_center.leaders.report_settings = function (extra_filters, overrides) {
	return Object.assign(
		{
			filters: [...onestop_center.leaders.period_filters(), ...(extra_filters || [])],
			formatter(value, row, column, data, default_formatter) {
				value = default_formatter(value, row, column, data);
				if (data && (data.bold || data.indent === 0)) value = `<b>${value}</b>`;
				return value;
			},
			onload(report) {
				onestop_center.leaders.load_heading(report);
			},
		},
		overrides || {}
	);
};

// A Select filter whose options show translated.
onestop_center.leaders.select_filter = function (fieldname, label, options, default_value) {
	return {
		fieldname,
		label: __(label),
		fieldtype: "Select",
		options: options.map((value) => ({ value, label: value ? __(value) : "" })),
		default: default_value,
	};
};

// The national heading printed above a report (Frappe prints the report's own html template).
onestop_center.leaders.load_heading = function (report) {
	frappe
		.xcall("onestop_center.leadership.report.periodic_statistics.periodic_statistics.print_heading")
		.then((heading) => (report.onestop_heading = heading));
};

onestop_center.leaders.heading_html = function (report, title, period) {
	const h = (report && report.onestop_heading) || {};
	const esc = frappe.utils.escape_html;
	return `<table style="width:100%;border:0;margin-bottom:12px"><tr>
		<td style="width:40%;text-align:center;border:0;vertical-align:top">
			<div>${esc(h.governing_body || "")}</div><div><b>${esc(h.centre_name || "")}</b></div></td>
		<td style="text-align:center;border:0;vertical-align:top">
			<div><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b></div>
			<div><b><u>Độc lập - Tự do - Hạnh phúc</u></b></div>
			<div><i>${esc(h.place_name || "")}, ${esc(frappe.datetime.str_to_user(frappe.datetime.get_today()))}</i></div></td>
	</tr></table>
	<h3 style="text-align:center;margin:8px 0 2px">${esc(title)}</h3>
	<div style="text-align:center;margin-bottom:10px">${esc(period || "")}</div>`;
};

onestop_center.leaders.period_text = function (filters) {
	if (!filters) return "";
	const kind = filters.period_type || "Date Range";
	if (kind === "Month") return __("Month {0}/{1}", [filters.month, filters.year]);
	if (kind === "Quarter") return __("Quarter {0}/{1}", [filters.quarter, filters.year]);
	if (kind === "Year") return __("Year {0}", [filters.year]);
	return __("From {0} to {1}", [
		frappe.datetime.str_to_user(filters.from_date),
		frappe.datetime.str_to_user(filters.to_date),
	]);
};

// A book or report printed as the official table: national heading, title, period, the columns.
onestop_center.leaders.book_html = function (report, title, filters, columns, data) {
	const esc = (v) => frappe.utils.escape_html(v == null ? "" : String(v));
	const cols = (columns || []).filter((c) => c && c.fieldname && !c.hidden);
	const head = cols.map((c) => `<th>${esc(c.label)}</th>`).join("");
	const body = (data || [])
		.filter((r) => r && typeof r === "object" && !Array.isArray(r))
		.map((r) => {
			const cells = cols.map((c) => {
				let v = r[c.fieldname];
				if (v != null && ["Datetime", "Date"].includes(c.fieldtype)) v = frappe.datetime.str_to_user(v);
				return `<td>${esc(v)}</td>`;
			});
			return `<tr style="${r.bold ? "font-weight:bold" : ""}">${cells.join("")}</tr>`;
		})
		.join("");
	return (
		onestop_center.leaders.heading_html(report, title, onestop_center.leaders.period_text(filters)) +
		`<table class="table table-bordered" style="font-size:10px"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`
	);
};

// Workspace charts: an action opening the list behind the chart with the chart's own filters
// (Frappe's action opens the whole list).
$(document).on("app_ready", function () {
	const ChartWidget = frappe.widget && frappe.widget.widget_factory && frappe.widget.widget_factory.chart;
	if (!ChartWidget || ChartWidget.prototype.onestop_patched) return;
	ChartWidget.prototype.onestop_patched = true;
	const original = ChartWidget.prototype.set_chart_actions;
	ChartWidget.prototype.set_chart_actions = function (actions) {
		const doc = this.chart_doc || {};
		const open_list = (route, route_options) => {
			frappe.route_options = route_options || {};
			frappe.set_route(...route);
		};
		if (doc.chart_type === "Custom" && doc.source) {
			actions = actions.filter((a) => a.action !== "action-list");
			actions.push({
				label: __("Open the filtered list"),
				action: "action-list",
				handler: () => {
					const source = frappe.dashboards.chart_sources[doc.source] || {};
					if (source.onestop_link) {
						open_list(source.onestop_link.route, source.onestop_link.route_options);
					}
				},
			});
		} else if (doc.document_type) {
			actions = actions.filter((a) => a.action !== "action-list");
			actions.push({
				label: __("Open the filtered list"),
				action: "action-list",
				handler: () => {
					const filters = JSON.parse(doc.filters_json || "[]");
					open_list(
						["List", doc.document_type, "List"],
						filters.reduce(
							(acc, f) => Object.assign(acc, { [`${f[0]}.${f[1]}`]: [f[2], f[3]] }),
							{}
						)
					);
				},
			});
		}
		return original.call(this, actions);
	};
});
