// Copyright (c) 2026, xinfang_app contributors
// License: MIT. See license.txt

frappe.ui.form.on("Working Calendar", {
	refresh(frm) {
		if (frm.is_new()) return;
		frm.add_custom_button(__("Add Official Holidays of a Year"), () => {
			frappe.prompt(
				{ fieldname: "year", fieldtype: "Int", label: __("Year", null, "Working Calendar"), reqd: 1, default: new Date().getFullYear() + 1 },
				({ year }) =>
					frappe
						.call({
							method: "xinfang_app.xinfang.doctype.working_calendar.working_calendar.seed_year",
							args: { calendar: frm.doc.name, year },
						})
						.then(() => frm.reload_doc()),
				__("Add Official Holidays"),
			);
		});
	},
});
