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
