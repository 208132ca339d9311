// Copyright (c) 2026, xinfang_app contributors
// License: MIT. See license.txt

frappe.query_reports["Staff Finding Tally"] = {
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
		{ fieldname: "staff_user", label: __("Staff Member (User)"), fieldtype: "Link", options: "User" },
	],
};
