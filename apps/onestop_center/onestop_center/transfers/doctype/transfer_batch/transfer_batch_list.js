// Copyright (c) 2026, OneStop Center contributors
// License: MIT. See license.txt

const TRANSFER_NOW_ROLES = [
	"General Affairs Officer",
	"Centre Leader",
	"OneStop Administrator",
	"System Manager",
];

frappe.listview_settings["Transfer Batch"] = {
	onload(listview) {
		if (!frappe.user.has_role(TRANSFER_NOW_ROLES)) return;
		// the scheduled windows run by themselves; this sends what is waiting right away
		listview.page.add_inner_button(__("Transfer Received Dossiers Now"), () => {
			frappe.confirm(__("Send every received dossier to its department now?"), () =>
				frappe
					.call({ method: "onestop_center.transfers.windows.transfer_now", freeze: true })
					.then(({ message: batches }) => {
						frappe.show_alert({
							message: batches.length
								? __("{0} transfer batches handed over", [batches.length])
								: __("No received dossier is waiting for transfer"),
							indicator: batches.length ? "green" : "blue",
						});
						listview.refresh();
					})
			);
		});
	},
};
