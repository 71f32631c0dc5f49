// Copyright (c) 2026, OneStop Center contributors
// License: MIT. See license.txt

// Calls of the citizens' pages (survey, kiosk survey, feedback) to the app's methods, without the
// desk's libraries: returns {ok, message, error} with the server's Vietnamese message on refusal.
window.onestop_call = async function (method, params, options) {
	options = options || {};
	const body = new URLSearchParams(params);
	const url = "/api/method/" + method;
	const headers = { Accept: "application/json" };
	if (options.csrf_token) headers["X-Frappe-CSRF-Token"] = options.csrf_token;
	let response;
	try {
		response =
			options.method === "GET"
				? await fetch(url + "?" + body.toString(), { headers })
				: await fetch(url, { method: "POST", headers, body });
	} catch (e) {
		return { ok: false, error: options.fallback || "" };
	}
	const data = await response.json().catch(() => ({}));
	if (response.ok) return { ok: true, message: data.message };
	let error = "";
	try {
		error = JSON.parse(JSON.parse(data._server_messages)[0]).message;
	} catch (e) {
		error = "";
	}
	return { ok: false, error: error || options.fallback || "" };
};
