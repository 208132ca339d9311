// Select values shown read-only (forms, list and report views) are translated with their DocType as
// context when such a translation exists, as editable selects already are: "Report" reads 检举控告 on
// a petition and keeps Frappe's meaning everywhere else.
const select_formatter = frappe.form.formatters.Select;

frappe.form.formatters.Select = function (value, df, options, doc) {
	if (value && df && df.parent) {
		const key = `${value}:${df.parent}`;
		if (frappe._messages && frappe._messages[key]) {
			return select_formatter(frappe._messages[key], df, options, doc);
		}
	}
	return select_formatter(value, df, options, doc);
};

// Filters the petition reports share: a period (the last twelve months by default) and an office.
frappe.provide("xinfang");
xinfang.period_filters = (extra = []) => [
	{
		fieldname: "from_date",
		label: __("From Date"),
		fieldtype: "Date",
		default: frappe.datetime.add_months(frappe.datetime.month_start(), -11),
		reqd: 1,
	},
	{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today(), reqd: 1 },
	{ fieldname: "handling_office", label: __("Handling Office"), fieldtype: "Link", options: "Petition Office" },
	...extra,
];

// While the hospital's name is not set, notices print no hospital and an empty seal line: the petition
// desk and the notices' print buttons say where to enter it.
xinfang.warn_missing_institution = () => {
	if (frappe.boot.xinfang_institution || frappe.session.user === "Guest") return false;
	frappe.show_alert(
		{
			message: __(
				"The hospital's name is not set: notices print no hospital and an empty seal line. Enter it in {0}.",
				[`<a href="${frappe.utils.get_form_link("Petition Settings", "Petition Settings")}">${__("Petition Settings")}</a>`],
			),
			indicator: "orange",
		},
		15,
	);
	return true;
};
$(document).on("app_ready", () => {
	if (!frappe.router || !frappe.router.on) return;
	let warned = false;
	const check = () => {
		const route = frappe.get_route() || [];
		if (!warned && route[0] === "Workspaces" && /petition.desk|信访工作台/i.test(route[1] || "")) {
			warned = xinfang.warn_missing_institution();
		}
	};
	frappe.router.on("change", check);
	check();
});
