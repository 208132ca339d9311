// Copyright (c) 2026, xinfang_app contributors
// License: MIT. See license.txt

frappe.query_reports["Petition Statistics"] = {
	filters: xinfang.period_filters([
		{
			fieldname: "group_by",
			label: __("Count By"),
			fieldtype: "Select",
			options: ["Month", "Channel", "Category", "Matter Kind", "Handling Office", "Department Concerned"],
			default: "Month",
			reqd: 1,
		},
	]),
};
