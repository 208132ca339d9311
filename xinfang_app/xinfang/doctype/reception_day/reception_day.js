// Copyright (c) 2026, xinfang_app contributors
// License: MIT. See license.txt

frappe.ui.form.on("Reception Day", {
	refresh(frm) {
		if (frm.is_new() || frm.doc.status === "Cancelled") return;
		if (!frappe.model.can_create("Petition")) return;
		frm.add_custom_button(__("Register a Visitor"), () => {
			frappe.new_doc("Petition", {
				channel: "Leader Reception",
				reception_day: frm.doc.name,
				received_at: `${frm.doc.reception_date} ${frappe.datetime.now_time()}`,
			});
		});
	},
});
