// Copyright (c) 2026, OneStop Center contributors
// License: MIT. See license.txt

// Reception counter: find the applicant by ID number or tax code, find the procedure, tick the
// documents handed in, print the forms. Status changes stay with the Workflow's action buttons.

const PRINT_FORMATS = {
	stop_notice: "Thông báo dừng giải quyết hồ sơ",
	receipt: "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
	guidance: "Phiếu hướng dẫn hoàn thiện hồ sơ",
	control_slip: "Phiếu kiểm soát quá trình giải quyết hồ sơ",
	refusal: "Phiếu từ chối tiếp nhận hồ sơ",
	fee_receipt: "Biên lai thu phí, lệ phí",
};
// The kinds of the lifecycle's states and actions ("Lifecycle Kinds", dossiers/state_kinds.py), sent
// with the boot info: the form keys on a state's kind, never on its name, so that states the
// administrator adds or renames in the workflow behave as their kind.
function lifecycle_kinds() {
	return (
		frappe.boot.onestop_lifecycle || {
			states: {},
			actions: {},
			not_received: ["Draft", "Needs Completion", "Pending Reception"],
			final: ["Returned", "Refused", "Stopped"],
			department: ["Transferred", "In Progress", "Supplement Requested", "Result Ready"],
		}
	);
}
const state_kind = (status) => lifecycle_kinds().states[status] || status;
const action_kind = (action) => lifecycle_kinds().actions[action] || action;
// a new dossier (no status yet) is not received either
const is_not_received = (status) => !status || lifecycle_kinds().not_received.includes(status);
const is_closed = (status) => lifecycle_kinds().final.includes(status);
const is_at_department = (status) => lifecycle_kinds().department.includes(status);

function open_pdf(frm, print_format) {
	const params = new URLSearchParams({
		doctype: frm.doctype,
		name: frm.doc.name,
		format: print_format,
		no_letterhead: 1,
		_lang: "vi",
	});
	window.open(`/api/method/frappe.utils.print_format.download_pdf?${params.toString()}`);
}

function add_print_buttons(frm) {
	if (frm.is_new()) return;
	const status = frm.doc.status;
	const group = __("Print Forms");
	if (state_kind(status) === "Stopped") {
		// TT 03/2025 Mẫu 05, dated by the stop and signed by the officer who recorded it
		frm.add_custom_button(__("Stop Notice"), () => open_pdf(frm, PRINT_FORMATS.stop_notice), group);
	}
	const refused = state_kind(status) === "Refused";
	const received = status && !is_not_received(status) && !refused;
	if (received) {
		frm.add_custom_button(__("Receipt"), () => open_pdf(frm, PRINT_FORMATS.receipt), group);
		frm.add_custom_button(
			__("Control Slip"),
			() => open_pdf(frm, PRINT_FORMATS.control_slip),
			group
		);
	}
	if (!received && !refused) {
		frm.add_custom_button(__("Guidance"), () => open_pdf(frm, PRINT_FORMATS.guidance), group);
	}
	if (state_kind(status) === "Supplement Requested") {
		frm.add_custom_button(__("Guidance"), () => open_pdf(frm, PRINT_FORMATS.guidance), group);
	}
	if (refused) {
		frm.add_custom_button(__("Refusal"), () => open_pdf(frm, PRINT_FORMATS.refusal), group);
	}
}

// The dossier's fee receipt (biên lai thu phí, lệ phí): open it and print it, or create it.
async function add_fee_receipt_buttons(frm) {
	const received = frm.doc.status && !is_not_received(frm.doc.status);
	if (frm.is_new() || !received || !(frm.doc.total_fee > 0)) return;
	if (!frappe.model.can_read("Fee Receipt")) return;
	const receipts = await frappe.db.get_list("Fee Receipt", {
		filters: { dossier: frm.doc.name, docstatus: ["!=", 2] },
		fields: ["name", "docstatus"],
		order_by: "creation desc",
	});
	const receipt = receipts[0];
	if (receipt) {
		frm.add_custom_button(__("Fee Receipt"), () => frappe.set_route("Form", "Fee Receipt", receipt.name));
		if (receipt.docstatus === 1) {
			frm.add_custom_button(
				__("Fee Receipt"),
				() => open_pdf({ doctype: "Fee Receipt", doc: { name: receipt.name } }, PRINT_FORMATS.fee_receipt),
				__("Print Forms")
			);
		}
	} else if (!is_closed(frm.doc.status) && frappe.model.can_create("Fee Receipt")) {
		frm.add_custom_button(__("Create Fee Receipt"), () =>
			frappe.new_doc("Fee Receipt", { dossier: frm.doc.name })
		);
	}
}

function set_applicant(frm, applicant) {
	frm.set_value("applicant", applicant.name);
	frappe.show_alert({
		message: __("Applicant found: {0}", [applicant.full_name]),
		indicator: "green",
	});
}

function register_applicant(frm, key) {
	const compact = (key || "").replace(/\s+/g, "");
	const is_id_number = /^\d{12}$/.test(compact);
	// As the link field's own "create new" does: once the applicant is saved, the form comes back
	// here with the new applicant (a neutral name, shown by its full name) in the Applicant field.
	frappe._from_link = frappe.utils.deep_clone(frm.fields_dict.applicant);
	frappe._from_link_scrollY = $(document).scrollTop();
	frappe.new_doc("Applicant", {
		applicant_type: is_id_number ? "Citizen" : "Organisation",
		id_number: is_id_number ? compact : undefined,
		tax_code: is_id_number ? undefined : compact,
	});
}

function find_applicant_dialog(frm) {
	const dialog = new frappe.ui.Dialog({
		title: __("Find Applicant"),
		fields: [
			{
				fieldname: "key",
				fieldtype: "Data",
				label: __("ID Number or Tax Code"),
				reqd: 1,
				description: __("12-digit ID number, or tax code (10 digits, or 13 for a branch)"),
			},
		],
		primary_action_label: __("Find"),
		async primary_action({ key }) {
			const { message: applicant } = await frappe.call({
				method: "onestop_center.onestop_printing.reception.find_applicant",
				args: { key },
			});
			if (applicant) {
				dialog.hide();
				set_applicant(frm, applicant);
				return;
			}
			frappe.confirm(
				__("No applicant is registered with {0}. Register a new applicant?", [key]),
				() => {
					dialog.hide();
					register_applicant(frm, key);
				}
			);
		},
	});
	dialog.show();
}

function mark_document(frm, row, received) {
	frappe.model.set_value(row.doctype, row.name, {
		received: received ? 1 : 0,
		originals_received: received ? row.required_originals || 0 : 0,
		copies_received: received ? row.required_copies || 0 : 0,
	});
}

// The headline area of the form: Frappe appends each message to it, so every refresh (and every
// ticked document) clears it first; the warning is shown once, with the documents still missing.
function show_missing_documents(frm) {
	frm.dashboard.clear_headline();
	if (!frm.doc.documents || !frm.doc.documents.length) return;
	const missing = frm.doc.documents.filter((row) => row.mandatory && !row.received);
	if (missing.length && (frm.is_new() || is_not_received(frm.doc.status))) {
		frm.dashboard.set_headline(
			__("Mandatory documents not ticked yet: {0}", [
				missing.map((row) => frappe.utils.escape_html(row.document_name)).join(", "),
			]),
			"orange"
		);
	}
}

// The officer's counter (their Counter, or the one they cover or are seconded to), known at login.
function fill_officer_counter(frm) {
	const counter = frappe.boot.onestop_counter;
	if (frm.is_new() && counter && frm.doc.channel === "Counter" && !frm.doc.counter) {
		frm.set_value("counter", counter);
	}
}

// The due date counted with the statutory days off of a year whose official calendar is not
// loaded yet (issue 7): say so above the form; recomputing after the calendar is loaded clears it.
function show_provisional_due_date(frm) {
	if (!frm.doc.due_at_provisional || !frm.doc.due_at || is_not_received(frm.doc.status)) return;
	frm.dashboard.set_headline(
		__(
			"Provisional due date: {0} was counted with the statutory days off only, because the official working calendar of that year is not loaded yet. It may change when the calendar is loaded and the deadline recomputed.",
			[frappe.datetime.str_to_user(frm.doc.due_at)]
		),
		"orange"
	);
}

// The explicit, audited recomputation of the promise on the calendar's current edition (e.g. once
// the official calendar of a provisional year is loaded); the server checks the roles again.
const RECOMPUTE_ROLES = ["OneStop Administrator", "Centre Leader", "System Manager"];

function add_recompute_button(frm) {
	const open = frm.doc.due_at && !frm.doc.finished_at && !is_not_received(frm.doc.status);
	if (frm.is_new() || !open || !frappe.user.has_role(RECOMPUTE_ROLES)) return;
	frm.add_custom_button(__("Recompute Deadline"), () => {
		frappe.prompt(
			{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason"), reqd: 1 },
			async ({ reason }) => {
				await frappe.call({
					method: "onestop_center.dossiers.deadline.recompute_deadline",
					args: { dossier: frm.doc.name, reason },
					freeze: true,
				});
				frm.reload_doc();
			},
			__("Recompute Deadline"),
			__("Recompute")
		);
	});
}

// Department tools on the form (issue 11 item 10): the head's directive and assignment of an
// officer of the agency, the consulted agency's answer. The server decides who may
// (lifecycle.add_directive / answer_consultation, assignment.assign_specialist); the buttons
// show only where they can work.

function call_and_reload(frm, method, args) {
	return frappe
		.call({ method, args: { dossier: frm.doc.name, ...args }, freeze: true })
		.then(() => frm.reload_doc());
}

function add_department_buttons(frm) {
	const status = frm.doc.status;
	if (frm.is_new() || is_closed(status) || is_not_received(status)) return;
	const group = __("Processing");
	const has = (role) => frappe.user_roles.includes(role);
	if (has("Department Head") || has("Centre Leader")) {
		frm.add_custom_button(
			__("Give Directive"),
			() =>
				frappe.prompt(
					[{ fieldname: "text", fieldtype: "Small Text", label: __("Directive"), reqd: 1 }],
					({ text }) => call_and_reload(frm, "onestop_center.dossiers.lifecycle.add_directive", { text }),
					__("Give Directive"),
					__("Save")
				),
			group
		);
	}
	if (has("Department Head") && is_at_department(status)) {
		frm.add_custom_button(__("Assign Officer"), () => assign_officer_dialog(frm), group);
	}
	const open = (frm.doc.consultations || []).filter((row) => !row.answered_at);
	if (open.length && (has("Department Specialist") || has("Department Head"))) {
		const agencies = open.map((row) => ({
			value: row.agency,
			label: frappe.utils.get_link_title("Agency", row.agency) || row.agency,
		}));
		frm.add_custom_button(
			__("Answer Consultation"),
			() =>
				frappe.prompt(
					[
						{
							fieldname: "agency",
							fieldtype: "Select",
							label: __("Agency"),
							options: agencies,
							default: agencies[0].value,
							reqd: 1,
						},
						{ fieldname: "opinion", fieldtype: "Small Text", label: __("Opinion"), reqd: 1 },
					],
					({ agency, opinion }) =>
						call_and_reload(frm, "onestop_center.dossiers.lifecycle.answer_consultation", {
							agency,
							opinion,
						}),
					__("Answer Consultation"),
					__("Send")
				),
			group
		);
	}
}

function assign_officer_dialog(frm) {
	frappe
		.call({
			method: "onestop_center.dossiers.assignment.officers_of_dossier",
			args: { dossier: frm.doc.name },
		})
		.then((r) => {
			const officers = (r.message || []).map((row) => ({ value: row.user, label: row.full_name }));
			frappe.prompt(
				[
					{
						fieldname: "user",
						fieldtype: "Select",
						label: __("Officer"),
						options: officers,
						reqd: 1,
					},
				],
				({ user }) =>
					call_and_reload(frm, "onestop_center.dossiers.assignment.assign_specialist", { user }),
				__("Assign Officer"),
				__("Assign")
			);
		});
}

frappe.ui.form.on("Dossier", {
	setup(frm) {
		// procedure search by name, code (the document name) or field: active procedures only
		frm.set_query("procedure", () => ({ filters: { is_active: 1 } }));
	},

	onload(frm) {
		fill_officer_counter(frm);
	},

	channel(frm) {
		fill_officer_counter(frm);
	},

	refresh(frm) {
		add_print_buttons(frm);
		add_fee_receipt_buttons(frm);
		// a closed dossier is a record: only an administrator's audited correction changes it
		if (is_closed(frm.doc.status)) frm.disable_save();
		if (frm.is_new() || is_not_received(frm.doc.status)) {
			frm.add_custom_button(__("Find Applicant"), () => find_applicant_dialog(frm));
			if (frm.doc.documents && frm.doc.documents.length) {
				frm.add_custom_button(__("Tick All Documents"), () => {
					frm.doc.documents.forEach((row) => mark_document(frm, row, true));
				});
			}
		}
		show_missing_documents(frm);
		show_provisional_due_date(frm);
		add_recompute_button(frm);
		add_department_buttons(frm);
	},

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
		frm.trigger("refresh");
	},
});

frappe.ui.form.on("Dossier Document", {
	// ticking a document fills in the required counts; the officer corrects them if needed
	received(frm, cdt, cdn) {
		const row = locals[cdt][cdn];
		if (row.received && !row.originals_received && !row.copies_received) {
			mark_document(frm, row, true);
		}
		show_missing_documents(frm);
	},
});

// What a workflow action needs from the officer, asked for before it runs: [fieldname, required],
// by the action's kind.
const ACTION_FIELDS = {
	Refuse: () => [["refusal_reason", 1]],
	"Send Back": () => [["sent_back_reason", 1]],
	// an online dossier's completion request lists the missing items (the citizen reads it online)
	"Request Completion": (frm) => [["supplement_request", state_kind(frm.doc.status) === "Pending Reception" ? 1 : 0]],
	"Request Supplement": () => [["supplement_request", 1]],
	"Finish Step": () => [
		["result_number", 0],
		["result_summary", 0],
		["result_file", 0],
	],
	"Return Result": (frm) => return_fields(frm),
	"Return by Department": (frm) => return_fields(frm),
	Withdraw: () => [
		["withdrawal_requested_by", 0],
		["stop_reason", 1],
	],
	"Stop Processing": () => [["stop_reason", 1]],
};

function return_fields(frm) {
	// an electronic result is downloaded by the citizen: nobody signs for it at the counter
	if (frm.doc.result_delivery === "Electronic") return [];
	return frm.doc.result_delivery === "Post"
		? [
				["postal_tracking_number", 1],
				["postage", 1],
		  ]
		: [
				["receiver_name", 1],
				["receiver_id_number", 1],
		  ];
}

function action_dialog_fields(frm, action) {
	const kind = action_kind(action);
	const fields = ACTION_FIELDS[kind] ? ACTION_FIELDS[kind](frm) : [];
	return fields.map(([fieldname, reqd]) => {
		const df = frappe.meta.get_docfield("Dossier", fieldname);
		return {
			fieldname,
			reqd,
			fieldtype: df.fieldtype,
			label: __(df.label),
			options: df.options,
			default: frm.doc[fieldname],
		};
	});
}

// Run a workflow action with its data through lifecycle.take_action and end on the dossier under
// the name it has afterwards (its dossier code after a reception).
function take_action(frm, action, values) {
	return frappe
		.call({
			method: "onestop_center.dossiers.lifecycle.take_action",
			args: { dossier: frm.doc.name, action, data: values || {} },
			freeze: true,
		})
		.then((r) => {
			frm.selected_workflow_action = null;
			const name = r.message && r.message.name;
			if (name && name !== frm.doc.name) {
				frappe.set_route("Form", "Dossier", name);
			} else {
				frm.reload_doc();
			}
		});
}

frappe.ui.form.on("Dossier", {
	// Every action runs through lifecycle.take_action (the server refuses a status changed by
	// Frappe's generic apply_workflow): actions that need data open a dialog first; the data and
	// the transition are applied together. Frappe's own call is left out (the promise returned
	// here never settles), so a refused action changes nothing and, after a reception, the form
	// ends on the dossier's new name (its code).
	before_workflow_action(frm) {
		const action = frm.selected_workflow_action;
		const fields = action_dialog_fields(frm, action);
		frappe.dom.unfreeze();
		return new Promise(() => {
			if (!fields.length) {
				take_action(frm, action);
				return;
			}
			const dialog = new frappe.ui.Dialog({
				title: __(action),
				fields,
				primary_action_label: __(action),
				primary_action(values) {
					take_action(frm, action, values).then(() => dialog.hide());
				},
			});
			dialog.show();
		});
	},
});
