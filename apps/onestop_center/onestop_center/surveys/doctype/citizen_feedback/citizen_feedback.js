// Copyright (c) 2026, OneStop Center contributors
// License: MIT. See license.txt

// The answering officer sees the deadline at a glance; publishing needs the public wording.
frappe.ui.form.on("Citizen Feedback", {
	refresh(frm) {
		if (frm.doc.timeliness === "Overdue") {
			frm.dashboard.set_headline_alert(__("The answer is overdue"), "red");
		}
		frm.set_df_property("public_question", "reqd", frm.doc.published ? 1 : 0);
	},
	published(frm) {
		frm.set_df_property("public_question", "reqd", frm.doc.published ? 1 : 0);
	},
});
