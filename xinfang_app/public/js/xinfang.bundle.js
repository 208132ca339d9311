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

// Charts (workspace charts and report charts) in the user's words: Frappe names months in English
// ("Dec 2025"), and counts get fractional axis ticks (0.5, 1, 1, 1.5) and tooltips like "500.00".
xinfang.MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
xinfang.chart_label = (label) => {
	if (typeof label !== "string" || !(frappe.boot.lang || "").startsWith("zh")) return label;
	let m = label.match(/^([A-Z][a-z]{2}) (\d{4})$/);
	if (m && xinfang.MONTHS.includes(m[1])) return `${m[2]}年${xinfang.MONTHS.indexOf(m[1]) + 1}月`;
	m = label.match(/^Quarter (\d) (\d{4})$/);
	if (m) return `${m[2]}年第${m[1]}季度`;
	return label;
};
xinfang.localize_chart_data = (data) => {
	if (data && Array.isArray(data.labels)) data.labels = data.labels.map(xinfang.chart_label);
	return data;
};
xinfang.is_count_data = (data) => {
	const values = ((data && data.datasets) || []).flatMap((d) => d.values || []);
	return values.length > 0 && values.every((v) => Number.isInteger(Number(v)));
};
xinfang.localize_chart = (options) => {
	xinfang.localize_chart_data(options.data);
	if (!xinfang.is_count_data(options.data)) return options;
	const values = options.data.datasets.flatMap((d) => d.values.map(Number));
	options.axisOptions = options.axisOptions || {};
	if (Math.max(...values) <= 5 && ["line", "bar", "axis-mixed", undefined].includes(options.type)) {
		// 0 … 5 in whole steps, not 0, 0.5, 1, 1.5
		options.axisOptions.yAxisRange = { max: 5, ...(options.axisOptions.yAxisRange || {}) };
	}
	const tooltip = options.tooltipOptions && options.tooltipOptions.formatTooltipY;
	const plain = (text) => /^1([.,]0+)?$/.test(String(text).replace(/<[^>]*>/g, "").trim());
	if (!tooltip || plain(tooltip(1))) {
		// a plain number formatter (no currency): counts are whole numbers
		options.tooltipOptions = {
			...(options.tooltipOptions || {}),
			formatTooltipY: (value) => format_number(value, null, 0),
		};
	}
	return options;
};
if (frappe.Chart && !frappe.Chart.xinfang) {
	// Every chart is made by frappe.Chart (workspace widgets, query reports, report view, form dashboards).
	const Chart = frappe.Chart;
	frappe.Chart = function (parent, options = {}) {
		const chart = new Chart(parent, xinfang.localize_chart(options));
		if (chart && chart.update) {
			const update = chart.update.bind(chart);
			chart.update = (data, ...rest) => update(xinfang.localize_chart_data(data), ...rest);
		}
		return chart;
	};
	frappe.Chart.xinfang = true;
}

// The petition reports' filters keep their label above the value: Frappe shows it only as a placeholder,
// so a filled filter reads as a bare date or office.
xinfang.REPORTS = [
	"Department Ranking",
	"Hot Topics",
	"KPI Scorecard",
	"Mediation Register",
	"Overdue and Due Soon",
	"Petition Statistics",
	"Repeat Petitioners",
	"Staff Finding Tally",
	"Unit Evaluation",
];
if (frappe.ui.Page && frappe.ui.Page.prototype.add_field) {
	const add_field = frappe.ui.Page.prototype.add_field;
	frappe.ui.Page.prototype.add_field = function (df, parent) {
		const field = add_field.call(this, df, parent);
		const route = frappe.get_route() || [];
		if (
			field &&
			field.wrapper &&
			df.label &&
			route[0] === "query-report" &&
			xinfang.REPORTS.includes(route[1]) &&
			!["Check", "Button", "HTML"].includes(df.fieldtype)
		) {
			$('<div class="xf-filter-label text-muted small"></div>')
				.text(__(df.label, null, df.parent))
				.css({ "font-size": "11px", "line-height": "14px", "white-space": "nowrap" })
				.prependTo(field.wrapper);
		}
		return field;
	};
}

// The hospital works in one time zone: its date-time fields carry no time zone name beneath them
// ("Asia/Shanghai"); Frappe 15 reads hide_timezone from the field but does not store it.
xinfang.hide_time_zones = () => {
	const control = frappe.ui.form && frappe.ui.form.ControlDatetime;
	if (!control || control.prototype.xinfang_zone) return;
	const set_description = control.prototype.set_description;
	control.prototype.set_description = function (...args) {
		const meta = this.df && this.df.parent && locals.DocType && locals.DocType[this.df.parent];
		if (meta && meta.module === "Xinfang") this.df.hide_timezone = 1;
		return set_description.apply(this, args);
	};
	control.prototype.xinfang_zone = true;
};
xinfang.hide_time_zones();
$(document).on("app_ready form-load", xinfang.hide_time_zones);
frappe.ui.form.on &&
	["Petition", "Joint Meeting", "Mediation", "Early Warning"].forEach((doctype) =>
		frappe.ui.form.on(doctype, { setup: xinfang.hide_time_zones }),
	);

// A list's filters show a Select field's options in the words of its form: the filter's own field
// carries no DocType, so "Online" read 线上 there and 网上信访 on the form.
if (frappe.ui.form.add_options && !frappe.ui.form.add_options.xinfang) {
	const add_options = frappe.ui.form.add_options;
	frappe.ui.form.add_options = function (input, options_list, sort, doctype) {
		const in_filters = input && $(input).closest(".page-form, .filter-box, .filter-popover").length;
		if (!doctype && in_filters && window.cur_list && cur_list.doctype) doctype = cur_list.doctype;
		return add_options.call(this, input, options_list, sort, doctype);
	};
	frappe.ui.form.add_options.xinfang = true;
}

// Lists of petitions and their papers: the number column is wide enough for XF-2026-00001.
xinfang.NUMBERED = ["Petition", "Mediation", "Case Owner", "Supervision Order", "Joint Meeting", "Leader Instruction"];
$("<style>")
	.text(
		xinfang.NUMBERED.map((doctype) =>
			[".list-row", ".list-row-head"]
				.map((row) => `body[data-route^="List/${doctype}/"] ${row} .level-left > .list-row-col:last-child`)
				.join(", "),
		).join(", ") + " { flex: 0 0 132px; max-width: 132px; }",
	)
	.appendTo(document.head);

// Classes Frappe defines in scripts it loads later (the print page, the form's sidebar) are adjusted as they
// are defined.
xinfang.when_defined = (namespace, name, adjust) => {
	let current = namespace[name];
	if (current) adjust(current);
	Object.defineProperty(namespace, name, {
		configurable: true,
		enumerable: true,
		get: () => current,
		set: (value) => {
			current = value;
			if (value) adjust(value);
		},
	});
};
frappe.provide("frappe.ui.form");

// The print page's language box shows the language's name (简体中文), not its code (zh), and reads the code
// back from the name the picker shows.
xinfang.when_defined(frappe.ui.form, "PrintView", (PrintView) => {
	const proto = PrintView.prototype;
	if (proto.xinfang_adjusted) return;
	proto.xinfang_adjusted = true;
	const add_sidebar_item = proto.add_sidebar_item;
	proto.add_sidebar_item = function (df, ...rest) {
		const control = add_sidebar_item.call(this, df, ...rest);
		if (df && df.fieldname === "language") this.xinfang_language = control;
		return control;
	};
	const set_default_print_language = proto.set_default_print_language;
	proto.set_default_print_language = function () {
		set_default_print_language.call(this);
		if (this.xinfang_language && this.lang_code) this.xinfang_language.set_formatted_input(this.lang_code);
	};
	const set_user_lang = proto.set_user_lang;
	proto.set_user_lang = function () {
		set_user_lang.call(this);
		if (this.xinfang_language) this.lang_code = this.xinfang_language.get_input_value() || this.lang_code;
	};
});

// This app's documents cannot be followed (overrides/follow.py): the form offers no 关注, neither the link
// beside the likes nor the followers' section.
xinfang.is_app_form = (frm) => {
	const meta = frm && frappe.get_meta(frm.doctype);
	return Boolean(meta && (frappe.boot.xinfang_modules || []).includes(meta.module));
};
xinfang.when_defined(frappe.ui.form, "DocumentFollow", (DocumentFollow) => {
	const proto = DocumentFollow.prototype;
	if (proto.xinfang_adjusted) return;
	proto.xinfang_adjusted = true;
	const render_sidebar = proto.render_sidebar;
	proto.render_sidebar = function () {
		if (xinfang.is_app_form(this.frm)) {
			this.hide_follow_section();
			return;
		}
		return render_sidebar.call(this);
	};
});
xinfang.when_defined(frappe.ui.form, "Sidebar", (Sidebar) => {
	const proto = Sidebar.prototype;
	if (proto.xinfang_adjusted) return;
	proto.xinfang_adjusted = true;
	const refresh_follow = proto.refresh_follow;
	proto.refresh_follow = function (...args) {
		const result = refresh_follow.apply(this, args);
		if (this.follow_button && xinfang.is_app_form(this.frm)) this.follow_button.hide();
		return result;
	};
});
