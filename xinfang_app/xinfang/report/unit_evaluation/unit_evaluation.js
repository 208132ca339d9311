// Copyright (c) 2026, xinfang_app contributors
// License: MIT. See license.txt

frappe.query_reports["Unit Evaluation"] = {
	filters: [
		{
			fieldname: "period",
			label: __("Period"),
			fieldtype: "Select",
			options: [
				{ value: "Month", label: __("Month") },
				{ value: "Quarter", label: __("Quarter") },
				{ value: "Year", label: __("Year") },
			],
			default: "Month",
			reqd: 1,
		},
		{
			fieldname: "year",
			label: __("Year"),
			fieldtype: "Int",
			default: Number(frappe.datetime.get_today().slice(0, 4)),
			reqd: 1,
		},
		{
			fieldname: "number",
			label: __("Month or Quarter"),
			fieldtype: "Int",
			default: Number(frappe.datetime.get_today().slice(5, 7)),
		},
		{ fieldname: "unit", label: __("Unit"), fieldtype: "Link", options: "Petition Office" },
	],
	onload(report) {
		report.page.add_inner_button(__("Evaluation Circular"), () => {
			frappe
				.xcall("xinfang_app.xinfang.report.unit_evaluation.unit_evaluation.circular", {
					filters: report.get_filter_values(),
				})
				.then((html) => {
					const w = window.open();
					if (!w) {
						frappe.msgprint(__("Please enable pop-ups"));
						return;
					}
					w.document.write(html);
					w.document.close();
				});
		});
	},
};
