// Integration Delivery form: "Gửi lại" for a failed or abandoned message, "Bỏ qua" for a pending or
// failed one (the OneStop Administrator; see onestop_center/integration/outbox.py).
frappe.ui.form.on("Integration Delivery", {
	refresh(frm) {
		const call = (method) =>
			frappe
				.xcall("onestop_center.integration.outbox." + method, { deliveries: [frm.doc.name] })
				.then(() => frm.reload_doc());
		if (["Failed", "Abandoned"].includes(frm.doc.status)) {
			frm.add_custom_button(__("Send Again"), () => call("retry")).addClass("btn-primary");
		}
		if (["Pending", "Failed"].includes(frm.doc.status)) {
			frm.add_custom_button(__("Give Up"), () => call("abandon"));
		}
	},
});
