// Copyright (c) 2026, xinfang_app contributors
// License: MIT. See license.txt

frappe.query_reports["KPI Scorecard"] = {
	filters: xinfang.period_filters(),
};
