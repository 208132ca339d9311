// Copyright (c) 2026, xinfang_app contributors
// License: MIT. See license.txt

frappe.query_reports["Repeat Petitioners"] = {
	filters: xinfang.period_filters([
		{ fieldname: "minimum", label: __("At Least (petitions)"), fieldtype: "Int", default: 2 },
	]),
};
