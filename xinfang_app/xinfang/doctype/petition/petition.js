// Copyright (c) 2026, xinfang_app contributors
// License: MIT. See license.txt

const PETITION_FORM_COLOURS = {
	"On Track": "green",
	"Due Soon": "orange",
	Overdue: "red",
	Met: "green",
	Missed: "red",
};

// The print format of each written notice (xinfang_app/services/notices.py names the same ones).
function notice_print_format(frm, notice) {
	if (notice === "acceptance")
		return frm.doc.acceptance === "Accepted" ? "受理告知书" : "不予受理告知书";
	return { extension: "延期告知书", opinion: "信访事项处理意见书" }[notice];
}

function print_notice(frm, notice) {
	// Frappe's print page for one format, opened with the browser's print dialog.
	const params = new URLSearchParams({
		doctype: frm.doctype,
		name: frm.doc.name,
		format: notice_print_format(frm, notice),
		no_letterhead: "0",
		trigger_print: "1",
		_lang: "zh",
	});
	const opened = window.open(`/printview?${params}`);
	if (!opened) frappe.msgprint(__("Please enable pop-ups"));
	xinfang.warn_missing_institution && xinfang.warn_missing_institution();
}

frappe.ui.form.on("Petition", {
	refresh(frm) {
		frm.trigger("show_guidance");
		frm.trigger("show_deadline");
		frm.trigger("add_review_button");
		frm.trigger("add_notice_buttons");
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

	show_guidance(frm) {
		// What the current step needs and who acts next, read from the workflow (services/guidance.py).
		if (frm.is_new()) return;
		const show = (g) => {
			// one guidance block: a later answer replaces the earlier one
			if (frm.$xf_guidance) frm.$xf_guidance.remove();
			frm.$xf_guidance = null;
			if (!g) return;
			// an approved reply is changed only after the petition is sent back for revision
			for (const field of g.lockable || [])
				frm.set_df_property(field, "read_only", (g.locked || []).includes(field) ? 1 : 0);
			frm.set_intro(g.text, g.indicator);
			frm.$xf_guidance = frm.layout.message.children(".form-message").last();
		};
		const loaded = frm.doc.__onload && frm.doc.__onload.guidance;
		if (loaded !== undefined && !frm.doc.__unsaved) return show(loaded);
		const name = frm.doc.name;
		frappe
			.xcall("xinfang_app.api.petition.guidance", { petition: name })
			.then((g) => frm.doc.name === name && show(g));
	},

	after_workflow_action(frm) {
		// the document a workflow action returns carries no guidance: ask for the new step's
		if (frm.doc.__onload) delete frm.doc.__onload.guidance;
		frm.trigger("show_guidance");
	},

	show_deadline(frm) {
		// once: a refresh after the first save keeps the dashboard, and its indicator with it
		if (frm.xf_deadline_indicator) frm.xf_deadline_indicator.remove();
		frm.xf_deadline_indicator = null;
		const status = frm.doc.deadline_status;
		if (!status || frm.is_new()) return;
		const due = frm.doc.due_date || frm.doc.notice_due;
		frm.xf_deadline_indicator = frm.dashboard.add_indicator(
			__("{0}: due {1}", [__(status, null, "Petition"), frappe.datetime.str_to_user(due)]),
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
					{
						// how the request came; by default the way the reviewed petition came
						fieldname: "channel",
						fieldtype: "Select",
						label: __(frappe.meta.get_label("Petition", "channel")),
						options: frappe.meta.get_docfield("Petition", "channel").options,
						default: frm.doc.channel,
						reqd: 1,
					},
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

	add_notice_buttons(frm) {
		// Written notices to the petitioner: PDF by email, or printed and posted; both are recorded.
		if (frm.is_new() || !frm.perm[0]?.write) return;
		const notices = [];
		if (frm.doc.acceptance)
			notices.push([
				"acceptance",
				frm.doc.acceptance === "Accepted" ? __("Acceptance Notice") : __("Non-Acceptance Notice"),
			]);
		if (frm.doc.extension_days) notices.push(["extension", __("Extension Notice")]);
		if (frm.doc.outcome || frm.doc.reply) notices.push(["opinion", __("Written Opinion")]);
		const run = (method, notice, done) =>
			frappe
				.call({
					method: `xinfang_app.api.notices.${method}`,
					args: { petition: frm.doc.name, notice },
					freeze: true,
				})
				.then(() => {
					frappe.show_alert({ message: done, indicator: "green" });
					frm.reload_doc();
				});
		for (const [notice, label] of notices) {
			frm.add_custom_button(
				__("Print {0}", [label]),
				() => print_notice(frm, notice),
				__("Notices"),
			);
			if (frm.doc.petitioner_email) {
				frm.add_custom_button(
					__("Email {0} as PDF", [label]),
					() => run("send_notice", notice, __("{0} sent to the petitioner.", [label])),
					__("Notices"),
				);
			}
			frm.add_custom_button(
				__("Record {0} as Posted", [label]),
				() =>
					frappe.confirm(__("Was the printed {0} posted to the petitioner?", [label]), () =>
						run("record_posted", notice, __("Posting of the {0} recorded.", [label])),
					),
				__("Notices"),
			);
			frm.add_custom_button(
				__("Record {0} as Handed Over in Person", [label]),
				() =>
					frappe.confirm(
						__("Was the printed {0} handed to the petitioner in person?", [label]),
						() =>
							run(
								"record_in_person",
								notice,
								__("Handing over of the {0} recorded.", [label]),
							),
					),
				__("Notices"),
			);
		}
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
