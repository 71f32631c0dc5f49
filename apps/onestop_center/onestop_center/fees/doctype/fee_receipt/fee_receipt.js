// Copyright (c) 2026, OneStop Center contributors
// License: MIT. See license.txt

// The fees come from the dossier's frozen copy of the procedure: choosing the dossier fills the
// payer, the items and the amount, so the officer only checks them and takes the payment.
frappe.ui.form.on("Fee Receipt", {
	async dossier(frm) {
		if (!frm.doc.dossier || frm.doc.docstatus !== 0) return;
		const dossier = await frappe.db.get_doc("Dossier", frm.doc.dossier);
		frm.set_value("payer", dossier.applicant_name);
		frm.clear_table("items");
		let total = 0;
		for (const fee of dossier.fees || []) {
			frm.add_child("items", { fee_name: fee.fee_name, fee_kind: fee.fee_kind, amount: fee.amount });
			total += fee.amount || 0;
		}
		frm.refresh_field("items");
		frm.set_value("amount", total);
	},
});
