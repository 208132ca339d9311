// Copyright (c) 2026, xinfang_app contributors
// License: MIT. See license.txt

frappe.listview_settings["Petition"] = {
	add_fields: ["deadline_status", "due_date", "workflow_state"],
	has_indicator_for_draft: true,
	get_indicator(doc) {
		const colours = {
			"On Track": "green",
			"Due Soon": "orange",
			Overdue: "red",
			Met: "green",
			Missed: "red",
		};
		if (doc.deadline_status) {
			return [__(doc.deadline_status), colours[doc.deadline_status], `deadline_status,=,${doc.deadline_status}`];
		}
	},
};
