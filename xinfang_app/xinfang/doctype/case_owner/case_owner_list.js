// Copyright (c) 2026, xinfang_app contributors
// License: MIT. See license.txt

frappe.listview_settings["Case Owner"] = {
	add_fields: ["status", "target_date"],
	// A leader opens the list on their own cases.
	onload(listview) {
		if (frappe.user.has_role("Hospital Leader") && !listview.filters.length) {
			listview.filter_area.add([["Case Owner", "leader", "=", frappe.session.user]]);
		}
	},
	get_indicator(doc) {
		const colours = { Active: "orange", Resolved: "green", "Petitioning Stopped": "green", Escalated: "red" };
		return [__(doc.status, null, "Case Owner"), colours[doc.status] || "gray", `status,=,${doc.status}`];
	},
};
