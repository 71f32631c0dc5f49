// Copyright (c) 2026, OneStop Center contributors
// License: MIT. See license.txt

// The counter records the citizen's satisfaction survey of a received dossier (channel Counter).
// A dossier has one survey response: answering again replaces it (the response's history keeps
// the earlier answers). Loaded with the Dossier form (hooks.py doctype_js).

const SURVEY_ROLES = ["Reception Officer", "General Affairs Officer", "OneStop Administrator"];
// states before reception, from the lifecycle's kinds (boot info, dossiers/state_kinds.py)
const survey_not_received = () =>
	(frappe.boot.onestop_lifecycle || {}).not_received || ["Draft", "Needs Completion", "Pending Reception"];

function open_counter_survey(frm) {
	frappe
		.xcall("onestop_center.surveys.api.get_counter_survey", { dossier: frm.doc.name })
		.then((form) => {
			const options = form.levels.map((l) => ({ value: l.value, label: l.label }));
			const fields = [
				{
					fieldname: "satisfaction",
					fieldtype: "Select",
					label: __("Overall Satisfaction"),
					options: options,
					reqd: 1,
					default: form.satisfaction,
				},
			];
			form.questions.forEach((q) => {
				fields.push({
					fieldname: `q_${q.code.replace(/[^A-Za-z0-9]/g, "_")}`,
					fieldtype: "Select",
					label: q.question,
					options: options,
					reqd: 1,
					default: (form.answers || {})[q.code],
				});
			});
			fields.push({
				fieldname: "comment",
				fieldtype: "Small Text",
				label: __("Comment"),
				default: form.comment,
			});
			const dialog = new frappe.ui.Dialog({
				title: form.rated ? __("Replace the Satisfaction Survey") : __("Satisfaction Survey"),
				fields: fields,
				primary_action_label: __("Save"),
				primary_action(values) {
					const answers = {};
					form.questions.forEach((q) => {
						answers[q.code] = values[`q_${q.code.replace(/[^A-Za-z0-9]/g, "_")}`];
					});
					frappe
						.xcall("onestop_center.surveys.api.record_counter_survey", {
							dossier: frm.doc.name,
							satisfaction: values.satisfaction,
							answers: answers,
							comment: values.comment,
						})
						.then((r) => {
							dialog.hide();
							frappe.show_alert({
								message: r.replaced
									? __("The survey replaced the earlier one")
									: __("Survey recorded"),
								indicator: "green",
							});
						});
				},
			});
			dialog.show();
		});
}

frappe.ui.form.on("Dossier", {
	refresh(frm) {
		if (frm.is_new() || survey_not_received().includes(frm.doc.status)) return;
		if (!SURVEY_ROLES.some((role) => frappe.user.has_role(role))) return;
		frm.add_custom_button(__("Satisfaction Survey"), () => open_counter_survey(frm));
	},
});
