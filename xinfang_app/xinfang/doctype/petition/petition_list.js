// Copyright (c) 2026, xinfang_app contributors
// License: MIT. See license.txt

const PETITION_DEADLINE_COLOURS = {
	"On Track": "green",
	"Due Soon": "orange",
	Overdue: "red",
	Met: "blue",
	Missed: "red",
};

frappe.listview_settings["Petition"] = {
	add_fields: ["deadline_status", "due_date", "workflow_state"],
	has_indicator_for_draft: true,
	formatters: {
		matter_kind: (value) => __(value, null, "Petition"),
		channel: (value) => __(value, null, "Petition"),
	},
	// The workflow state, coloured by how its deadline stands.
	get_indicator(doc) {
		const colour = PETITION_DEADLINE_COLOURS[doc.deadline_status] || "gray";
		if (doc.workflow_state) {
			return [__(doc.workflow_state), colour, `workflow_state,=,${doc.workflow_state}`];
		}
		if (doc.deadline_status) {
			return [__(doc.deadline_status), colour, `deadline_status,=,${doc.deadline_status}`];
		}
	},
};
