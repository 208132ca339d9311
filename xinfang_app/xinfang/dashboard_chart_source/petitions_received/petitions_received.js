frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Petitions Received"] = {
	method: "xinfang_app.xinfang.dashboard_chart_source.petitions_received.petitions_received.get",
	filters: [
		{
			fieldname: "handling_office",
			label: __("Handling Office"),
			fieldtype: "Link",
			options: "Petition Office",
		},
		{
			fieldname: "category",
			label: __("Category", null, "Petition"),
			fieldtype: "Link",
			options: "Petition Category",
		},
		{
			fieldname: "matter_kind",
			label: __("Matter Kind"),
			fieldtype: "Select",
			options: [
				{ value: "", label: "" },
				...["Appeal", "Suggestion", "Report"].map((kind) => ({
					value: kind,
					label: __(kind, null, "Petition"),
				})),
			],
		},
	],
};
