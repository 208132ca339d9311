// Copyright (c) 2026, xinfang_app contributors
// License: MIT. See license.txt

frappe.ui.form.on("Petition Suggestion", {
	refresh(frm) {
		if (frm.doc.docstatus !== 1 || !frm.doc.addressed_unit || !frappe.model.can_create("Rectification")) return;
		// An adopted suggestion becomes the unit's corrective plan.
		frm.add_custom_button(__("Rectification"), () => {
			frappe.new_doc("Rectification", {
				source: "Suggestion",
				suggestion: frm.doc.name,
				unit: frm.doc.addressed_unit,
				title: frm.doc.title,
				problem: frm.doc.problem,
			});
		}, __("Create"));
	},
});
