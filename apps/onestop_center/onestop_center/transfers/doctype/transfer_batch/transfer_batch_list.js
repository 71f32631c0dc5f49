// Copyright (c) 2026, OneStop Center contributors
// License: MIT. See license.txt

const TRANSFER_NOW_ROLES = [
	"General Affairs Officer",
	"Centre Leader",
	"OneStop Administrator",
	"System Manager",
];
const TRANSFER_NOW = "onestop_center.transfers.windows";
const POLL_MS = 1000;
const POLL_LIMIT = 1800; // half an hour: then the job goes on, the page stops asking

frappe.listview_settings["Transfer Batch"] = {
	onload(listview) {
		if (!frappe.user.has_role(TRANSFER_NOW_ROLES)) return;
		// the scheduled windows run by themselves; this sends what is waiting right away, in a
		// background job whose progress is shown here (the request itself locks nothing)
		listview.page.add_inner_button(__("Transfer Received Dossiers Now"), () => {
			frappe.confirm(__("Send every received dossier to its department now?"), () =>
				frappe
					.call({ method: `${TRANSFER_NOW}.transfer_now`, type: "POST" })
					.then(({ message: status }) => follow_transfer(listview, status, 0))
			);
		});
	},
};

function follow_transfer(listview, status, polls) {
	const title = __("Transferring received dossiers");
	if (status.state === "done" || status.state === "failed") {
		frappe.hide_progress();
		show_transfer_result(status);
		listview.refresh();
		return;
	}
	if (polls >= POLL_LIMIT) {
		frappe.hide_progress();
		frappe.show_alert({
			message: __("Still running: the transfer goes on in the background"),
			indicator: "blue",
		});
		return;
	}
	const total = status.total || 0;
	frappe.show_progress(title, status.done || 0, total || 1, total ? `${status.done}/${total}` : "");
	setTimeout(
		() =>
			frappe
				.call({ method: `${TRANSFER_NOW}.transfer_now_status`, type: "GET" })
				.then(({ message }) => follow_transfer(listview, message, polls + 1)),
		POLL_MS
	);
}

function show_transfer_result(status) {
	if (status.state === "failed") {
		frappe.msgprint({ message: __("Transfer failed: see the Error Log"), indicator: "red" });
		return;
	}
	const batches = status.batches || [];
	frappe.show_alert({
		message: batches.length
			? __("{0} transfer batches handed over", [batches.length])
			: __("No received dossier is waiting for transfer"),
		indicator: batches.length ? "green" : "blue",
	});
	if ((status.failed || []).length) {
		frappe.msgprint({
			message: __("{0} dossiers could not be transferred: see the Error Log", [
				status.failed.length,
			]),
			indicator: "orange",
		});
	}
}
