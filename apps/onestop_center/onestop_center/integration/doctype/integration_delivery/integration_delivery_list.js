// Integration Delivery list: failed messages first, and "Gửi lại" / "Bỏ qua" on the selected ones
// (see onestop_center/integration/outbox.py).
frappe.listview_settings["Integration Delivery"] = {
	filters: [["status", "=", "Failed"]],
	get_indicator(doc) {
		const colour = { Pending: "orange", Delivered: "green", Failed: "red", Abandoned: "gray" }[doc.status];
		return [__(doc.status), colour, "status,=," + doc.status];
	},
	onload(listview) {
		const act = (method, label) =>
			listview.page.add_actions_menu_item(label, () => {
				const names = listview.get_checked_items(true);
				if (!names.length) return;
				frappe
					.xcall("onestop_center.integration.outbox." + method, { deliveries: names })
					.then(() => {
						frappe.show_alert({ message: __("Done"), indicator: "green" });
						listview.refresh();
					});
			});
		act("retry", __("Send Again"));
		act("abandon", __("Give Up"));
	},
};
