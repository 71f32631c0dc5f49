// The counter's calling page (/app/goi-so): call next, recall, no-show, transfer, finish, and
// start a dossier from the ticket being served.
const QUEUE = "onestop_center.counter_queue.calling.";

frappe.pages["goi-so"].on_page_load = function (wrapper) {
	const page = frappe.ui.make_app_page({ parent: wrapper, title: __("Call Queue Numbers"), single_column: true });
	const desk = new QueueDesk(page);
	wrapper.queue_desk = desk;
	desk.load();
};

frappe.pages["goi-so"].on_page_show = function (wrapper) {
	wrapper.queue_desk && wrapper.queue_desk.load();
};

class QueueDesk {
	constructor(page) {
		this.page = page;
		this.counter = frappe.utils.get_url_arg("counter") || null;
		this.$body = $(`<div class="onestop-queue-desk" style="max-width: 960px">
			<div class="form-group" style="max-width: 320px"><label class="control-label">${__("Counter")}</label>
				<select class="form-control" data-role="counter"></select></div>
			<div class="frappe-card" style="padding: 24px; margin-bottom: 16px">
				<div class="text-muted">${__("Now serving")}</div>
				<div data-role="current" style="font-size: 56px; font-weight: 700; line-height: 1.2">—</div>
				<div data-role="details" class="text-muted"></div>
			</div>
			<div data-role="buttons" style="display: flex; flex-wrap: wrap; gap: 8px; margin-bottom: 16px"></div>
			<div class="frappe-card" style="padding: 16px"><div class="text-muted" style="margin-bottom: 8px">${__("Waiting")}</div>
				<div data-role="waiting"></div></div>
		</div>`).appendTo(page.main);
		this.$body.find("[data-role=counter]").on("change", (e) => {
			this.counter = e.target.value;
			this.load();
		});
		this.make_buttons();
		// waiting counts change as visitors take numbers: a light refresh while the page is open
		setInterval(() => this.visible() && this.load(), 20000);
	}

	visible() {
		return frappe.get_route_str() === "goi-so";
	}

	make_buttons() {
		const actions = [
			["call_next", __("Call next"), "btn-primary", () => this.act("call_next")],
			["recall", __("Recall"), "btn-default", () => this.act("recall", true)],
			["no_show", __("No show"), "btn-default", () => this.act("mark_no_show", true)],
			["transfer", __("Transfer"), "btn-default", () => this.transfer()],
			["finish", __("Finish"), "btn-default", () => this.act("finish", true)],
			["dossier", __("Start a dossier"), "btn-success", () => this.start_dossier()],
		];
		const $buttons = this.$body.find("[data-role=buttons]");
		this.buttons = {};
		for (const [key, label, style, handler] of actions) {
			this.buttons[key] = $(`<button class="btn ${style} btn-lg" data-action="${key}"></button>`)
				.text(label).on("click", handler).appendTo($buttons);
		}
	}

	load() {
		return frappe.call({ method: QUEUE + "get_counter_state", type: "GET", args: { counter: this.counter } })
			.then((r) => this.render(r.message));
	}

	act(method, with_ticket) {
		const args = { counter: this.counter };
		if (with_ticket) args.ticket = this.state.current && this.state.current.name;
		return frappe.call({ method: QUEUE + method, args, freeze: true }).then((r) => {
			this.render({ ...this.state, ...r.message });
			if (r.message.message) frappe.show_alert({ message: r.message.message, indicator: "orange" });
		});
	}

	transfer() {
		const s = this.state;
		const dialog = new frappe.ui.Dialog({
			title: __("Transfer"),
			fields: [
				{ fieldname: "service", fieldtype: "Select", label: __("Queue Service"),
				  options: [""].concat(s.services.map((x) => ({ value: x.name, label: x.service_name }))) },
				{ fieldname: "to_counter", fieldtype: "Select", label: __("Counter"),
				  options: [""].concat(s.counters.filter((c) => c.name !== s.counter).map((c) => ({ value: c.name, label: c.counter_name || c.counter_number }))) },
			],
			primary_action_label: __("Transfer"),
			primary_action: (values) => {
				frappe.call({ method: QUEUE + "transfer", args: { counter: this.counter, ticket: s.current.name, ...values }, freeze: true })
					.then((r) => { dialog.hide(); this.render({ ...this.state, ...r.message }); });
			},
		});
		dialog.show();
	}

	start_dossier() {
		frappe.call({ method: QUEUE + "start_dossier", args: { counter: this.counter, ticket: this.state.current.name } })
			.then((r) => {
				const values = { channel: "Counter", counter: this.counter, queue_ticket: r.message.queue_ticket };
				if (r.message.applicant) values.applicant = r.message.applicant;
				frappe.new_doc("Dossier", values);
			});
	}

	render(state) {
		this.state = state;
		this.counter = state.counter;
		const $select = this.$body.find("[data-role=counter]").empty();
		for (const c of state.my_counters || []) {
			$("<option>").val(c.name).text(c.counter_name || c.counter_number).appendTo($select);
		}
		$select.val(state.counter);
		const current = state.current;
		this.$body.find("[data-role=current]").text(current ? current.ticket_number : "—");
		const details = current
			? [current.service_name, current.priority_group ? __("Priority") + ": " + current.priority_group : "",
			   current.dossier ? __("Dossier") + ": " + current.dossier : ""].filter(Boolean).join(" · ")
			: __("No number being served");
		this.$body.find("[data-role=details]").text(details);
		for (const key of ["recall", "no_show", "transfer", "finish"]) this.buttons[key].prop("disabled", !current);
		this.buttons.dossier.prop("disabled", !current || !!current.dossier);
		const $waiting = this.$body.find("[data-role=waiting]").empty();
		for (const w of state.waiting || []) {
			$("<div>").text(`${w.service_name}: ${w.waiting}`).attr("data-service", w.service).appendTo($waiting);
		}
	}
}
