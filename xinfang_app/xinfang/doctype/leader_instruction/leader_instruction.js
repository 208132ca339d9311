// Copyright (c) 2026, xinfang_app contributors
// License: MIT. See license.txt

frappe.ui.form.on("Leader Instruction", {
	refresh(frm) {
		const mine = (frm.doc.assignees || []).find((r) => r.user === frappe.session.user && r.status === "Open");
		if (!mine || frm.is_new()) return;
		frm.add_custom_button(__("Report What Was Done"), () =>
			frappe.prompt(
				{ fieldname: "report", fieldtype: "Small Text", label: __("What Was Done"), reqd: 1 },
				({ report }) =>
					frappe
						.call("xinfang_app.xinfang.doctype.leader_instruction.leader_instruction.report_back", {
							instruction: frm.doc.name,
							report,
						})
						.then(() => frm.reload_doc()),
				__("Report What Was Done"),
			),
		);
	},
});
