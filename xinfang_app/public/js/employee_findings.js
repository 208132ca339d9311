// Copyright (c) 2026, xinfang_app contributors
// License: MIT. See license.txt
// With ERPNext / HRMS: the Employee form shows the tally of the employee's responsibility findings of the last
// twelve months (医德医风), to those who run the Staff Finding Tally.

frappe.ui.form.on("Employee", {
	refresh(frm) {
		if (frm.is_new() || !frappe.user.has_role(["Petition Manager", "Hospital Leader", "HR Manager"])) return;
		frappe
			.xcall("xinfang_app.integrations.staff.employee_tally", { employee: frm.doc.name })
			.then((t) => {
				const parts = Object.entries(t.findings)
					.filter(([, n]) => n)
					.map(([kind, n]) => `${frappe.utils.escape_html(t.labels[kind])} ${n}`);
				const text = parts.length
					? __("{0}; responsibility points {1}", [parts.join("，"), t.points])
					: __("No responsibility finding");
				frm.dashboard.add_comment(
					`${__("Responsibility findings since {0}", [frappe.datetime.str_to_user(t.from_date)])}: ${text}`,
					"blue",
					true,
				);
			});
	},
});
