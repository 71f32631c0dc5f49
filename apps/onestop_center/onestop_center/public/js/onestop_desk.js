// Copyright (c) 2026, OneStop Center contributors
// License: MIT. See license.txt

// Date-time inputs: Frappe formats seconds ("hh:ii:ss") with its own fork of air-datepicker.
// Where the setup had to fall back to npm's air-datepicker (the fork lives on GitHub only), that
// token is unknown and inputs show a literal "ss"; give it the seconds of the date shown.
(function () {
	const Datepicker = window.jQuery && jQuery.fn.datepicker && jQuery.fn.datepicker.Constructor;
	if (!Datepicker || Datepicker.prototype.onestop_seconds) return;
	const format_date = Datepicker.prototype.formatDate;
	Datepicker.prototype.formatDate = function (string, date) {
		const shown = date || this.date;
		if (shown && /\bss\b/.test(string)) {
			string = string.replace(/\bss\b/g, String(shown.getSeconds()).padStart(2, "0"));
		}
		return format_date.call(this, string, date);
	};
	Datepicker.prototype.onestop_seconds = true;
})();

// Date-time fields: Frappe appends the user's time zone ("Asia/Ho_Chi_Minh", an English
// identifier) to every description. Officers work in the centre's time zone: show nothing then,
// and a Vietnamese note only for a user whose time zone differs from the system's.
(function () {
	const Datetime = frappe.ui && frappe.ui.form && frappe.ui.form.ControlDatetime;
	if (!Datetime || Datetime.prototype.onestop_time_zone) return;
	const set_description = Datetime.prototype.set_description;
	Datetime.prototype.set_description = function () {
		const zones = frappe.boot.time_zone || {};
		const user_zone = zones.user || zones.system;
		this.df.hide_timezone = 1;
		if (user_zone && zones.system && user_zone !== zones.system) {
			const note = __("Times in the time zone {0}", [user_zone]);
			const description = this.df.description || "";
			if (!description.includes(note)) {
				this.df.description = description ? `${description}<br>${note}` : note;
			}
		}
		return set_description.call(this);
	};
	Datetime.prototype.onestop_time_zone = true;
})();

// List headers: Frappe's tooltip on the title column names the field by its English label
// ("Click to sort by Applicant Name"); name it as the header itself does, translated.
(function () {
	const ListView = frappe.views && frappe.views.ListView;
	if (!ListView || ListView.prototype.onestop_sort_title) return;
	const get_header_html = ListView.prototype.get_header_html;
	ListView.prototype.get_header_html = function () {
		const html = get_header_html.call(this);
		const subject = this.columns && this.columns[0] && this.columns[0].df;
		if (!html || !subject || !subject.label) return html;
		const english = __("Click to sort by {0}", [subject.label]);
		const translated = __("Click to sort by {0}", [__(subject.label)]);
		return html.split(english).join(translated);
	};
	ListView.prototype.onestop_sort_title = true;
})();

// Lists of records named by a code that already has its own column (agency identifier, counter
// number, procedure code) or by a neutral hash (applicants): no extra "ID" column of identifiers.
(function () {
	const ListView = frappe.views && frappe.views.ListView;
	if (!ListView || ListView.prototype.onestop_name_column) return;
	const WITHOUT_NAME_COLUMN = ["Applicant", "Agency", "Counter", "Procedure"];
	const setup_columns = ListView.prototype.setup_columns;
	ListView.prototype.setup_columns = function () {
		if (WITHOUT_NAME_COLUMN.includes(this.doctype)) this.settings.hide_name_column = true;
		return setup_columns.call(this);
	};
	ListView.prototype.onestop_name_column = true;
})();

// Names, not identifiers, around a form: the last breadcrumb of a record named by a code or a hash
// (agency, counter, procedure, applicant) shows its title; a form titled by a link (a transfer
// batch by its agency) shows the linked record's name; a role shows in Vietnamese.
(function () {
	if (!frappe.breadcrumbs || frappe.breadcrumbs.onestop_titles) return;
	const set_form_breadcrumb = frappe.breadcrumbs.set_form_breadcrumb;
	frappe.breadcrumbs.set_form_breadcrumb = function (breadcrumbs, view) {
		set_form_breadcrumb.call(this, breadcrumbs, view);
		const doctype = breadcrumbs.doctype;
		const docname = frappe.get_route().slice(2).join("/");
		const meta = frappe.get_meta(doctype);
		const doc = locals[doctype] && locals[doctype][docname];
		const title = meta && meta.show_title_field_in_link && doc && doc[meta.title_field];
		if (title) this.$breadcrumbs.find("li").last().find("a").text(title);
	};
	frappe.breadcrumbs.onestop_titles = true;
})();

(function () {
	const Toolbar = frappe.ui.form && frappe.ui.form.Toolbar;
	if (!Toolbar || Toolbar.prototype.onestop_link_title) return;
	const set_title = Toolbar.prototype.set_title;
	Toolbar.prototype.set_title = function () {
		set_title.call(this);
		const frm = this.frm;
		const df = frm.meta.title_field && frappe.meta.get_docfield(frm.doctype, frm.meta.title_field);
		const value = df && df.fieldtype === "Link" && !frm.is_new() && frm.doc[df.fieldname];
		const title = value && frappe.utils.get_link_title(df.options, value);
		if (title) this.page.set_title(title);
	};
	Toolbar.prototype.onestop_link_title = true;
})();

frappe.form.link_formatters["Role"] = (value) => (value ? __(value) : value);

// Field descriptions with "<…>" placeholders: Frappe stores them HTML-escaped, so the escaped text
// is looked up in the translations and misses; look the original text up, show it escaped.
(function () {
	const ControlInput = frappe.ui.form && frappe.ui.form.ControlInput;
	if (!ControlInput || ControlInput.prototype.onestop_escaped_description) return;
	const set_description = ControlInput.prototype.set_description;
	const unescape = (text) =>
		text
			.replace(/&lt;/g, "<")
			.replace(/&gt;/g, ">")
			.replace(/&quot;/g, '"')
			.replace(/&#39;/g, "'")
			.replace(/&amp;/g, "&");
	ControlInput.prototype.set_description = function (description) {
		const text = description !== undefined ? description : this.df.description;
		if (typeof text === "string" && text.includes("&")) {
			const original = unescape(text);
			if (original !== text && frappe._messages && frappe._messages[original]) {
				description = frappe.utils.escape_html(frappe._messages[original]);
			}
		}
		return set_description.call(this, description);
	};
	ControlInput.prototype.onestop_escaped_description = true;
})();
