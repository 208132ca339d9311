// Copyright (c) 2026, xinfang_app contributors
// License: MIT. See license.txt

frappe.query_reports["Department Ranking"] = {
	filters: xinfang.period_filters(),
};
