// Copyright (c) 2026, xinfang_app contributors
// License: MIT. See license.txt

frappe.ui.form.on("Responsibility Finding", {
	setup(frm) {
		// Only accepted petitions are found on (the controller says why otherwise).
		frm.set_query("petition", () => ({ filters: { acceptance: "Accepted" } }));
	},
});
