// Copyright (c) 2026, OneStop Center contributors
// License: MIT. See license.txt

// "Chờ tôi xử lý": the dossiers at my agency whose current step is for my role, assigned to me
// (or not yet to anyone), due soonest first. No filters: it is always the signed-in officer's list.
frappe.query_reports["Waiting for Me"] = {
	filters: [],
};
