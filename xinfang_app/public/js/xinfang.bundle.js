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

// The number cards and charts of the app's workspaces come with the boot (overrides/desk_pages.py), those the
// user may read: while a workspace is drawn, their widgets take them from there instead of asking the server
// for each one. Anywhere else (a card's own form) they are asked for as before.
if (frappe.model && frappe.model.with_doc && !frappe.model.with_doc.xinfang) {
	const with_doc = frappe.model.with_doc;
	frappe.model.with_doc = function (doctype, name, callback) {
		const booted = ((frappe.boot && frappe.boot.xinfang_widget_docs) || {})[doctype] || {};
		const doc = booted[name || doctype];
		const route = frappe.get_route() || [];
		if (doc && route[0] === "Workspaces") {
			if (route[1] && route[1] !== "private") xinfang.prefetch_figures(route[1]);
			if (!(locals[doctype] && locals[doctype][doc.name])) frappe.model.add_to_locals({ ...doc });
			callback && callback(doc.name);
			return Promise.resolve(frappe.get_doc(doctype, doc.name));
		}
		return with_doc.apply(this, arguments);
	};
	frappe.model.with_doc.xinfang = true;
}
// The figures of those cards and charts come in one request (overrides/desk_figures.py), each as its widget's
// own call would answer it; a widget that asks with other arguments (filters the user chose, another period)
// or whose figure is not there asks the server itself, as before.
xinfang.figure_key = (method, name, filters) =>
	`${method}\n${name}\n${JSON.stringify(filters && Object.keys(filters).length ? filters : null)}`;
xinfang.prefetch_figures = (page) => {
	const now = Date.now();
	const ours = ((frappe.boot && frappe.boot.xinfang_widget_docs) || {}).workspaces || [];
	if (!ours.includes(page)) return;
	if (xinfang.figures && xinfang.figures.page === page && now - xinfang.figures.at < 10000) return;
	const entries = {};
	// fetch, not frappe.call: the workspace waits for the desk's pending frappe.calls before asking its layout.
	const url = `/api/method/xinfang_app.overrides.desk_figures.workspace_figures?page=${encodeURIComponent(page)}`;
	const promise = fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
		.then((r) => (r.ok ? r.json() : {}))
		.then((r) => {
			for (const f of r.message || []) entries[xinfang.figure_key(f.method, f.name, f.filters)] = f;
		})
		.catch(() => {});
	const synced = {};
	xinfang.figures = { page, at: now, entries, synced, promise };
};
// Asked for as soon as the desk starts on such a workspace, while the desk draws its sidebar and layout.
// (The router has not read the address yet: the workspace is found from the path, /app/<its slug> or /app.)
$(document).on("app_ready", () => {
	const parts = location.pathname.split("/").filter(Boolean);
	if (!["app", "desk"].includes(parts[0]) || parts.length > 2) return;
	const page = parts[1] ? (frappe.workspaces || {})[parts[1]] : frappe.boot.user.default_workspace;
	if (page && page.name) xinfang.prefetch_figures(page.name);
	// and the metadata of the DocTypes its charts count, which they need to draw: taken in as Frappe's own
	// with_doctype takes it in (asked by fetch, which the workspace does not wait for)
	if (page && (((frappe.boot.xinfang_widget_docs || {}).workspaces || []).includes(page.name))) {
		const charts = Object.values((frappe.boot.xinfang_widget_docs || {})["Dashboard Chart"] || {});
		for (const doctype of new Set(charts.map((c) => c.document_type).filter(Boolean))) {
			if (locals.DocType[doctype]) continue;
			const url = `/api/method/frappe.desk.form.load.getdoctype?doctype=${encodeURIComponent(doctype)}&with_parent=1`;
			xinfang.early_meta = xinfang.early_meta || {};
			xinfang.early_meta[doctype] = fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
				.then((r) => (r.ok ? r.json() : null))
				.then((r) => {
					if (!r || !r.docs || locals.DocType[doctype]) return;
					frappe.model.sync(r);
					frappe.model.set_in_localstorage(doctype, r.docs);
					frappe.model.init_doctype(doctype);
					if (r.user_settings) {
						frappe.model.user_settings[doctype] = JSON.parse(r.user_settings);
						frappe.model.user_settings[doctype].updated_on = moment().toString();
					}
				})
				.catch(() => {});
		}
	}
	// and the filters script of a chart source, which such a chart asks for before its figure
	if (page && (((frappe.boot.xinfang_widget_docs || {}).workspaces || []).includes(page.name))) {
		const charts = Object.values((frappe.boot.xinfang_widget_docs || {})["Dashboard Chart"] || {});
		frappe.provide("frappe.dashboards.chart_sources");
		for (const source of new Set(charts.filter((c) => c.chart_type === "Custom").map((c) => c.source))) {
			if (!source || frappe.dashboards.chart_sources[source]) continue;
			const method = "frappe.desk.doctype.dashboard_chart_source.dashboard_chart_source.get_config";
			fetch(`/api/method/${method}?name=${encodeURIComponent(source)}`, {
				headers: { Accept: "application/json" },
				credentials: "same-origin",
			})
				.then((r) => (r.ok ? r.json() : {}))
				.then((r) => r.message && !frappe.dashboards.chart_sources[source] && frappe.dom.eval(r.message))
				.catch(() => {});
		}
	}
	// and the user's chart settings, which the workspace asks for only after its layout
	const booted = frappe.boot.xinfang_widget_docs || {};
	if (page && (booted.workspaces || []).includes(page.name) && booted["Dashboard Chart"] && xinfang.dashboard_settings) {
		xinfang.early_settings = { at: Date.now(), promise: xinfang.dashboard_settings.call(frappe.dashboard_utils) };
	}
});
// The charts draw once their DocType's metadata is there, asked for after the layout: asked for as soon as
// the workspace has its layout, while the desk lays it out.
if (frappe.dashboard_utils && frappe.dashboard_utils.get_dashboard_settings) {
	const get_dashboard_settings = frappe.dashboard_utils.get_dashboard_settings;
	xinfang.dashboard_settings = get_dashboard_settings;
	frappe.dashboard_utils.get_dashboard_settings = function () {
		const early = xinfang.early_settings;
		xinfang.early_settings = null;
		const route = frappe.get_route() || [];
		const booted = (frappe.boot && frappe.boot.xinfang_widget_docs) || {};
		if (route[0] === "Workspaces" && (booted.workspaces || []).includes(route[1])) {
			const charts = Object.values(booted["Dashboard Chart"] || {});
			for (const doctype of new Set(charts.map((c) => c.document_type).filter(Boolean))) {
				frappe.model.with_doctype(doctype);
			}
		}
		if (early && Date.now() - early.at < 10000) return early.promise;
		return get_dashboard_settings.apply(this, arguments);
	};
}
// A chart's widget, once drawn, reads its chart again for the time it was counted ("last synced"): the boot's
// copy with the time the batch gave.
if (frappe.db && frappe.db.get_doc && !frappe.db.get_doc.xinfang) {
	const get_doc = frappe.db.get_doc;
	frappe.db.get_doc = function (doctype, name, filters) {
		const batch = xinfang.figures;
		const booted = (((frappe.boot && frappe.boot.xinfang_widget_docs) || {})[doctype] || {})[name];
		if (doctype === "Dashboard Chart" && booted && !filters && batch && name in batch.synced) {
			const last_synced_on = batch.synced[name];
			delete batch.synced[name];
			return Promise.resolve({ ...booted, last_synced_on });
		}
		return get_doc.apply(this, arguments);
	};
	frappe.db.get_doc.xinfang = true;
}
const FIGURE_TIMES = ["time_interval", "timespan", "from_date", "to_date", "heatmap_year"];
xinfang.figure_name = (method, params) => {
	if (!params || typeof params !== "object") return null;
	if (method === "frappe.desk.doctype.number_card.number_card.get_result") {
		return params.doc && !params.to_date ? params.doc.name : null;
	}
	if (params.chart_name) {
		return FIGURE_TIMES.every((key) => params[key] == null) ? params.chart_name : null;
	}
	const keys = Object.keys(params);
	// a custom number card of the app: its widget sends only the filters
	return /^xinfang_app\./.test(method) && keys.length === 1 && keys[0] === "filters" ? "" : null;
};
if (frappe.xcall && !frappe.xcall.xinfang) {
	xinfang.xcall = frappe.xcall;
	frappe.xcall = function (method, params) {
		const batch = xinfang.figures;
		const name = batch && Date.now() - batch.at < 10000 ? xinfang.figure_name(method, params) : null;
		if (name === null) return xinfang.xcall.apply(this, arguments);
		return batch.promise.then(() => {
			const key = xinfang.figure_key(method, name, params.filters);
			const figure = batch.entries[key];
			if (!figure) return xinfang.xcall.call(this, method, params);
			delete batch.entries[key];
			if (figure.last_synced_on !== undefined) batch.synced[name] = figure.last_synced_on;
			return figure.value;
		});
	};
	frappe.xcall.xinfang = true;
}
// Frappe asks for a DocType's metadata once per caller until it has arrived: the workspace's charts of
// petitions asked for it once each, together, at every login. Callers waiting for the same DocType share one
// request.
if (frappe.model && frappe.model.with_doctype && !frappe.model.with_doctype.xinfang) {
	const with_doctype = frappe.model.with_doctype;
	const pending = {};
	frappe.model.with_doctype = function (doctype, callback, async) {
		const early = (xinfang.early_meta || {})[doctype];
		if (early && !locals.DocType[doctype] && async !== false) {
			delete xinfang.early_meta[doctype];
			return early.then(() => frappe.model.with_doctype(doctype, callback, async));
		}
		if (locals.DocType[doctype] || async === false) return with_doctype.apply(this, arguments);
		if (!pending[doctype]) {
			pending[doctype] = new Promise((resolve, reject) => {
				Promise.resolve(with_doctype.call(this, doctype, resolve, async)).catch(reject);
			});
			pending[doctype].then(
				() => delete pending[doctype],
				() => delete pending[doctype],
			);
		}
		return pending[doctype].then((r) => {
			callback && callback(r);
			return r;
		});
	};
	frappe.model.with_doctype.xinfang = true;
}

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
