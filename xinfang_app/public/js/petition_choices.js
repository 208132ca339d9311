// The petition form offers only the choices that fit: the 承办人 picker lists the staff of the handling
// office (api/pickers.py), and 处理结果 lists the outcomes of the petition's matter kind (rules/outcomes.py,
// sent in the boot as xinfang_outcomes).
frappe.ui.form.on("Petition", {
	setup(frm) {
		frm.set_query("handler", () => ({
			query: "xinfang_app.api.pickers.office_staff",
			filters: frm.doc.handling_office ? { office: frm.doc.handling_office } : {},
		}));
	},
	refresh(frm) {
		xinfang_fit_outcomes(frm);
	},
	matter_kind(frm) {
		xinfang_fit_outcomes(frm);
	},
});

function xinfang_fit_outcomes(frm) {
	const fitting = (frappe.boot.xinfang_outcomes || {})[frm.doc.matter_kind];
	if (!fitting) return;
	const options = ["", ...fitting];
	// an outcome already recorded stays visible even if it no longer fits (the server refuses to save it)
	if (frm.doc.outcome && !fitting.includes(frm.doc.outcome)) options.push(frm.doc.outcome);
	frm.set_df_property("outcome", "options", options);
}
