// Copyright (c) 2026, xinfang_app contributors
// License: MIT. See license.txt

frappe.ui.form.on("Petition Settings", {
	refresh(frm) {
		// Notices, written opinions and the website name the hospital: ask for it while it is missing.
		if (!frm.doc.institution_name) {
			frm.set_intro(
				__(
					"Enter the hospital's name under Institution Name: it heads every notice, signs the written opinion's seal line and names the hospital on the website.",
				),
				"orange",
			);
		} else {
			frm.set_intro("");
		}
		// Told here while it lasts (and once a day in the Error Log): SMS waiting for a gateway, a mailbox not reached.
		for (const line of frm.doc.__onload?.delivery_problems || []) {
			frm.dashboard.add_comment(frappe.utils.escape_html(line.text), "orange", true);
		}
	},
});
