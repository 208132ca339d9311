// Copyright (c) 2026, xinfang_app contributors
// License: MIT. See license.txt

frappe.query_reports["Mediation Register"] = {
	filters: [
		...xinfang.period_filters().filter((f) => f.fieldname !== "handling_office"),
		{ fieldname: "route", label: __("Route", null, "Mediation"), fieldtype: "Select", options: ["", "Negotiation", "People's Mediation", "Administrative Mediation", "Judicial"] },
		{ fieldname: "mediation_organization", label: __("Mediation Organization"), fieldtype: "Link", options: "Mediation Organization" },
	],
};
