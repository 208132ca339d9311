// Copyright (c) 2026, xinfang_app contributors
// License: MIT. See license.txt

frappe.query_reports["Overdue and Due Soon"] = {
	filters: [
		{
			fieldname: "handling_office",
			label: __("Handling Office"),
			fieldtype: "Link",
			options: "Petition Office",
		},
	],
};
