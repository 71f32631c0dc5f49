// Copyright (c) 2026, OneStop Center contributors
// License: MIT. See license.txt

frappe.ui.form.on("Apology Letter", {
	setup(frm) {
		frm.set_query("dossier", () => ({ filters: { apology_letter: ["is", "not set"] } }));
	},
	refresh(frm) {
		if (frm.doc.docstatus === 1 && !frm.doc.notice_sent_at && frm.doc.notice_note) {
			frm.dashboard.set_headline_alert(frm.doc.notice_note, "orange");
		}
	},
});
