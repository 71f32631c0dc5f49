// Copyright (c) 2026, OneStop Center contributors
// License: MIT. See license.txt

frappe.ui.form.on("Dossier", {
	// At the counter, list the procedure's required documents so the officer can tick what was
	// handed in before saving; the server freezes the procedure copy on insert and keeps the ticks.
	async procedure(frm) {
		if (!frm.is_new() || !frm.doc.procedure) return;
		const procedure = await frappe.db.get_doc("Procedure", frm.doc.procedure);
		frm.clear_table("documents");
		for (const doc of procedure.documents || []) {
			frm.add_child("documents", {
				document_name: doc.document_name,
				mandatory: doc.mandatory,
				required_originals: doc.originals,
				required_copies: doc.copies,
			});
		}
		frm.clear_table("fees");
		for (const fee of procedure.fees || []) {
			frm.add_child("fees", { fee_name: fee.fee_name, fee_kind: fee.fee_kind, amount: fee.amount });
		}
		frm.refresh_fields(["documents", "fees"]);
	},
});
