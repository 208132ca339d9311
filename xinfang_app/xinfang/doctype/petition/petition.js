// Copyright (c) 2026, xinfang_app contributors
// License: MIT. See license.txt

const PETITION_FORM_COLOURS = {
	"On Track": "green",
	"Due Soon": "orange",
	Overdue: "red",
	Met: "green",
	Missed: "red",
};

frappe.ui.form.on("Petition", {
	refresh(frm) {
		frm.trigger("show_deadline");
		frm.trigger("add_review_button");
		if (frm.doc.not_to_be_accepted) {
			frm.dashboard.set_headline_alert(
				__("A re-review of this matter has concluded: the same matter is not accepted again."),
				"red",
			);
		} else if (frm.doc.is_repeat && frm.doc.original_petition) {
			frm.dashboard.set_headline_alert(
				__("Repeat petition: the same petitioner raised a similar matter in {0}.", [
					frm.doc.original_petition,
				]),
				"orange",
			);
		}
	},

	show_deadline(frm) {
		const status = frm.doc.deadline_status;
		if (!status || frm.is_new()) return;
		const due = frm.doc.due_date || frm.doc.notice_due;
		frm.dashboard.add_indicator(
			__("{0}: due {1}", [__(status), frappe.datetime.str_to_user(due)]),
			PETITION_FORM_COLOURS[status] || "gray",
		);
	},

	add_review_button(frm) {
		if (frm.is_new() || !frm.doc.replied_on || frm.doc.review_stage === "Re-review") return;
		if (!frappe.model.can_create("Petition")) return;
		const label = frm.doc.review_stage === "Review" ? __("Request Re-review") : __("Request Review");
		frm.add_custom_button(label, () => {
			frappe.prompt(
				[
					{
						fieldname: "requested_at",
						fieldtype: "Datetime",
						label: __("Request Received At"),
						reqd: 1,
						default: frappe.datetime.now_datetime(),
					},
					{ fieldname: "request", fieldtype: "Small Text", label: __("Request", null, "Petition") },
				],
				(values) =>
					frappe
						.call("xinfang_app.api.petition.request_review", {
							petition: frm.doc.name,
							...values,
						})
						.then((r) => frappe.set_route("Form", "Petition", r.message)),
				label,
			);
		});
	},

	category(frm) {
		if (!frm.doc.category) return;
		frappe.db
			.get_value("Petition Category", frm.doc.category, ["default_office", "default_matter_kind"])
			.then(({ message }) => {
				if (message.default_office && !frm.doc.handling_office)
					frm.set_value("handling_office", message.default_office);
				if (message.default_matter_kind && !frm.doc.matter_kind)
					frm.set_value("matter_kind", message.default_matter_kind);
			});
	},
});
