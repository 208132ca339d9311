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

// 同案同处: what the office's concluded petitions suggest (xinfang_app/api/assist.py). At intake the officer
// sees the likely categories and handling offices, each with the words that led to it, and sets one with a
// click (nothing is set without one); the handler sees similar concluded cases with their outcome and reply
// and can start the reply from one.
const xf_assist = {
	ask(frm) {
		const text = ["subject", "request", "facts"].map((f) => frm.doc[f] || "").join("");
		if (!text.trim()) return Promise.resolve(null);
		// the text only: a petition still open is not among the concluded cases, so nothing need be left out
		const args = { subject: frm.doc.subject, request: frm.doc.request, facts: frm.doc.facts };
		return frappe.xcall("xinfang_app.api.assist.suggest", args).catch(() => null);
	},
	words(item) {
		return item.words && item.words.length
			? `<span class="text-muted small">${__("because of: {0}", [
					item.words.map((w) => frappe.utils.escape_html(w)).join("、"),
				])}</span>`
			: "";
	},
	choices(frm, label, items, field, key) {
		if (!items.length) return "";
		const buttons = items
			.slice(0, 3)
			.map(
				(item) =>
					`<button type="button" class="btn btn-xs btn-default xf-assist-choice" data-field="${field}"
						data-value="${frappe.utils.escape_html(item[key])}" style="margin: 2px 6px 2px 0">
						${frappe.utils.escape_html(__(item[key]))}</button>${xf_assist.words(item)}`,
			)
			.join("<br>");
		return `<div class="xf-assist-group" style="margin-bottom: 6px"><div class="small">${label}</div>${buttons}</div>`;
	},
	show_intake(frm, answer) {
		if (frm.$xf_intake) frm.$xf_intake.remove();
		frm.$xf_intake = null;
		if (!answer || (!answer.categories.length && !answer.offices.length)) return;
		const html = `<div class="xf-assist-intake form-message blue" style="margin: 0 0 12px 0">
			<div class="bold small" style="margin-bottom: 4px">${__("Suggested from concluded petitions (click to choose)")}</div>
			${xf_assist.choices(frm, __("Category", null, "Petition"), answer.categories, "category", "category")}
			${xf_assist.choices(frm, __("Handling Office"), answer.offices, "handling_office", "office")}
		</div>`;
		frm.$xf_intake = $(html).insertAfter(frm.fields_dict.category.$wrapper);
		frm.$xf_intake.on("click", ".xf-assist-choice", function () {
			frm.set_value($(this).attr("data-field"), $(this).attr("data-value"));
		});
	},
	intake(frm) {
		// only while registering: a new petition, or one not yet given a category
		if (!frm.fields_dict.category || !(frm.is_new() || !frm.doc.category)) return;
		clearTimeout(frm.xf_assist_timer);
		frm.xf_assist_timer = setTimeout(
			() => xf_assist.ask(frm).then((answer) => xf_assist.show_intake(frm, answer)),
			500,
		);
	},
	start_reply(frm, c) {
		const copy = () => {
			frm.set_value("reply", c.reply);
			frm.scroll_to_field("reply");
			frappe.show_alert({ message: __("Reply started from {0}: edit it for this petition.", [c.name]), indicator: "blue" });
		};
		if (frm.doc.reply) frappe.confirm(__("Replace the reply written so far with the reply of {0}?", [c.name]), copy);
		else copy();
	},
	show_similar(frm, answer) {
		if (frm.$xf_similar) frm.$xf_similar.remove();
		frm.$xf_similar = null;
		if (!answer || !answer.similar.length) return;
		const may_reply = frm.fields_dict.reply && frm.perm[0]?.write && !frm.fields_dict.reply.df.read_only;
		const rows = answer.similar
			.map(
				(c, i) => `<div class="xf-similar-case" style="padding: 6px 0; border-bottom: 1px solid var(--border-color)">
				<a href="/app/petition/${encodeURIComponent(c.name)}" target="_blank">${frappe.utils.escape_html(c.name)}</a>
				${frappe.utils.escape_html(c.subject || "")}
				${c.outcome ? `<span class="indicator-pill blue">${frappe.utils.escape_html(__(c.outcome, null, "Petition"))}</span>` : ""}
				${c.concluded_on ? `<span class="text-muted small">${__("concluded {0}", [frappe.datetime.str_to_user(c.concluded_on)])}</span>` : ""}
				${c.reply_excerpt ? `<div class="text-muted small">${frappe.utils.escape_html(c.reply_excerpt)}</div>` : ""}
				${may_reply && c.reply ? `<button type="button" class="btn btn-xs btn-default xf-start-reply" data-index="${i}">${__("Start Reply from This Case")}</button>` : ""}
			</div>`,
			)
			.join("");
		frm.$xf_similar = frm.dashboard.add_section(rows, __("Similar Concluded Cases"));
		frm.$xf_similar.on("click", ".xf-start-reply", function () {
			xf_assist.start_reply(frm, answer.similar[Number($(this).attr("data-index"))]);
		});
		frm.dashboard.show();
	},
	similar(frm) {
		if (frm.is_new() || frm.doc.concluded_on) return;
		const name = frm.doc.name;
		xf_assist.ask(frm).then((answer) => frm.doc.name === name && xf_assist.show_similar(frm, answer));
	},
};

frappe.ui.form.on("Petition", {
	refresh(frm) {
		xf_assist.intake(frm);
		xf_assist.similar(frm);
	},
	subject: (frm) => xf_assist.intake(frm),
	request: (frm) => xf_assist.intake(frm),
	facts: (frm) => xf_assist.intake(frm),
});
