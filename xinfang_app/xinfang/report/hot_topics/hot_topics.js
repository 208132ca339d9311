// Copyright (c) 2026, xinfang_app contributors
// License: MIT. See license.txt

frappe.query_reports["Hot Topics"] = {
	filters: xinfang.period_filters([{ fieldname: "top", label: __("Terms"), fieldtype: "Int", default: 30 }]),
};
