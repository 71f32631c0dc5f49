// Copyright (c) 2026, OneStop Center contributors
// License: MIT. See license.txt

// Overdue feedback stands out in the list, as overdue dossiers do.
frappe.listview_settings["Citizen Feedback"] = {
	add_fields: ["status", "timeliness"],
	get_indicator(doc) {
		if (doc.timeliness === "Overdue") return [__("Overdue"), "red", "timeliness,=,Overdue"];
		const colours = { New: "orange", Assigned: "blue", Answered: "purple", Published: "green", Refused: "gray" };
		return [__(doc.status), colours[doc.status] || "gray", `status,=,${doc.status}`];
	},
};
