// Copyright (c) 2026, xinfang_app contributors
// License: MIT. See license.txt

frappe.listview_settings["Mediation"] = {
	add_fields: ["deadline_status", "workflow_state", "route"],
	formatters: {
		route: (value) => __(value, null, "Mediation"),
		outcome: (value) => __(value, null, "Mediation"),
	},
	get_indicator(doc) {
		const colours = { "On Track": "green", "Due Soon": "orange", Overdue: "red", Paused: "gray", Met: "blue", Missed: "red" };
		if (doc.workflow_state) {
			return [__(doc.workflow_state), colours[doc.deadline_status] || "gray", `workflow_state,=,${doc.workflow_state}`];
		}
	},
};
