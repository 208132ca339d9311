// The screens each role meets, in a real browser at 1440 px in Chinese: the workspace and sidebar a petition
// role uses (no 登记来信来访 for a case handler, none of Frappe's framework workspaces), the petition form's
// 承办人 picker (the handling office's staff) and 处理结果 (the outcomes of the matter kind), no 关注, who created
// an online petition (网上信访), a suggestion issued with the names of who issued it and of the unit's head,
// its print icon opening the letter with the language named, a responsibility finding's matter kind, the unit
// evaluation's 得分 on screen, Frappe's pages for the system manager, and the portal's 首页 for a guest. On every
// screen no English word and no e-mail address where a name belongs (a short allow-list).
// Needs a served site: XINFANG_URL, XINFANG_BENCH, XINFANG_SITE.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { BASE, BENCH, SITE, assert_chinese, desk_page as signed_in_desk, form_drawn, launch, shooter } from "./support.mjs";

const PASSWORD = "Xinfang-Screens-2026!"; // xinfang_app/tests/screens_support.py
// Latin words allowed on a screen: register numbers (XF-2026-00001, JY-…, ZR-…), Frappe's key names, its ID column.
const ALLOWED = new Set(["XF", "JY", "ZR", "ZG", "Ctrl", "Shift", "Alt", "Esc", "Enter", "ID", "PDF"]);
const shot = shooter("screens");

function setup() {
	const out = execFileSync("bench", ["--site", SITE, "execute", "xinfang_app.tests.screens_support.setup"], {
		cwd: BENCH,
		stdio: ["ignore", "pipe", "pipe"],
	}).toString();
	return JSON.parse(out.trim().split("\n").pop());
}

async function desk_page(browser, user) {
	return signed_in_desk(browser, user, PASSWORD, 60000);
}

async function visible_text(page, words, timeout = 60000) {
	await page.waitForFunction((w) => document.body.innerText.includes(w), words, { timeout });
}

// The print page shows its preview in a frame of its own.
async function text_in_a_frame(page, words, timeout = 60000) {
	const until = Date.now() + timeout;
	while (Date.now() < until) {
		for (const frame of page.frames()) {
			const text = await frame.evaluate(() => document.body && document.body.innerText).catch(() => "");
			if (text && text.includes(words)) return frame;
		}
		await page.waitForTimeout(500);
	}
	assert.fail(`${words} does not show in the print preview`);
}

async function app_script(page) {
	await page
		.waitForFunction(() => window.xinfang && window.frappe && frappe.boot && frappe.boot.xinfang_outcomes, null, {
			timeout: 30000,
		})
		.catch(() => assert.fail("xinfang.bundle.js did not load: were the assets rebuilt during the run?"));
}

async function open_form(page, doctype, name) {
	await page.goto(`${BASE}/app/${doctype}/${encodeURIComponent(name)}`);
	await app_script(page);
	await form_drawn(page, name);
}

async function sidebar_items(page) {
	return page.evaluate(() =>
		[...document.querySelectorAll(".desk-sidebar .sidebar-item-label, .body-sidebar .sidebar-item-label")]
			.map((e) => e.innerText.trim())
			.filter(Boolean),
	);
}

const made = {};
function ensure_made() {
	if (!made.users) Object.assign(made, setup());
}

// A walk on the desk: the site's people made once, a browser of its own and a page signed in as one of them
// (made.users[key]); the browser is closed whatever happens.
async function on_desk(key, walk) {
	ensure_made();
	const browser = await launch();
	try {
		await walk(await desk_page(browser, made.users[key]), browser);
	} finally {
		await browser.close();
	}
}

test("the handler's workspace and sidebar: what a case handler uses", () =>
	on_desk("handler", async (page, browser) => {
		await page.goto(`${BASE}/app/petition-desk`);
		await app_script(page);
		await visible_text(page, "信访工作台");
		await visible_text(page, "信访件");
		await page.waitForLoadState("networkidle");
		await shot(page, "handler-workspace");
		const text = await page.evaluate(() => document.body.innerText);
		assert.ok(!text.includes("登记来信来访"), "a case handler is offered 登记来信来访");
		const items = await sidebar_items(page);
		for (const name of ["用户列表", "网站", "工具", "集成", "构建"]) {
			assert.ok(!items.includes(name), `the handler's sidebar shows ${name}: ${items}`);
		}
		await assert_chinese(page, "the handler's workspace", ALLOWED);

		const officer = await desk_page(browser, made.users.officer);
		await officer.goto(`${BASE}/app/petition-desk`);
		await app_script(officer);
		await visible_text(officer, "登记来信来访");
		await shot(officer, "officer-workspace");
	}),
);

test("the petition form: 承办人 of the office, 处理结果 of the matter kind, no 关注, who created it", () =>
	on_desk("officer", async (page) => {
		await open_form(page, "petition", made.petition);
		// (Frappe 15: "网上信访创建了…"; Frappe 16: "网上信访 创建了本单据" and "网上信访创建")
		await visible_text(page, "网上信访创建");
		const text = await page.evaluate(() => document.body.innerText);
		assert.ok(!/Guest|Administrator/.test(text), "Frappe's users show by their English names");
		const follow = await page.evaluate(() =>
			[...document.querySelectorAll(".form-sidebar a, .form-sidebar button")].some(
				(e) => e.offsetParent !== null && e.innerText.trim() === "关注",
			),
		);
		assert.equal(follow, false, "关注 is offered on a petition");
		// 处理结果 offers the outcomes of an appeal only
		const outcomes = await page.evaluate(() => cur_frm.fields_dict.outcome.df.options);
		const options = (Array.isArray(outcomes) ? outcomes : String(outcomes).split("\n")).filter(Boolean);
		assert.deepEqual(options, ["Supported", "Explained", "Not Supported"]);
		// the 承办人 picker lists the handling office's staff
		const found = await page.evaluate(async () => {
			const q = cur_frm.fields_dict.handler.get_query();
			const r = await frappe.call({
				method: "frappe.desk.search.search_link",
				args: { doctype: "User", txt: "", query: q.query, filters: q.filters, reference_doctype: "Petition" },
			});
			return (r.message || r.results || []).map((x) => x.value);
		});
		assert.ok(found.includes(made.users.handler), `the office's handler is not offered: ${found}`);
		assert.ok(found.includes(made.users.head), `the office's head is not offered: ${found}`);
		assert.ok(!found.includes(made.users.other_handler), "another office's handler is offered");
		assert.ok(!found.includes(made.users.leader), "a hospital leader is offered as handler");
		await page.evaluate(() => cur_frm.scroll_to_field("handler"));
		await page.locator('[data-fieldname="handler"] input:visible').first().click();
		await page.waitForTimeout(1200);
		await shot(page, "officer-petition-handler-picker");
		await page.keyboard.press("Escape");
		await assert_chinese(page, "the petition form", ALLOWED);
	}),
);

test("a suggestion issued: names, not addresses; its print icon opens the letter with the language named", () =>
	on_desk("officer", async (page) => {
		await open_form(page, "petition-suggestion", made.suggestion);
		page.setDefaultTimeout(60000);
		await page.locator(".page-actions .primary-action", { hasText: "提交" }).first().click();
		await page.locator(".modal.show .btn-modal-primary", { hasText: "是" }).first().click();
		await page.waitForFunction(() => cur_frm.doc.docstatus === 1 && !document.querySelector(".freeze"), null, {
			timeout: 60000,
		});
		await page.waitForLoadState("networkidle");
		await visible_text(page, "周专员"); // 印发人
		await visible_text(page, "陈主任"); // 单位负责人
		await shot(page, "officer-suggestion-issued");
		await assert_chinese(page, "the suggestion right after issuing", ALLOWED);
		// the print icon
		// (in the page head on Frappe 15, beside the title in the form's sidebar on Frappe 16); a click that
		// lands while the submitted form is drawn again goes unheard, as it would for a person, who clicks again
		for (let attempt = 1; ; attempt++) {
			await page
				.locator('button[data-original-title="打印"]:visible, .page-head .btn[title="打印"]:visible')
				.first()
				.click();
			try {
				await page.waitForURL(/\/print\//, { timeout: 15000 });
				break;
			} catch (error) {
				if (attempt === 3) throw error;
			}
		}
		await text_in_a_frame(page, "改进工作建议书");
		await page.waitForFunction(
			// (Frappe 15 names the language zh 简体中文, Frappe 16 中文)
			() => ["简体中文", "中文"].includes(document.querySelector('[data-fieldname="language"] input')?.value),
			null,
			{ timeout: 30000 },
		);
		await page.waitForTimeout(1500);
		await shot(page, "officer-suggestion-print");
		const format = await page.evaluate(() => document.querySelector('[data-fieldname="print_format"] input')?.value);
		assert.equal(format, "信访工作建议书");
		await assert_chinese(page, "the suggestion's print view", ALLOWED);
	}),
);

test("a responsibility finding and the unit evaluation read in Chinese; 得分 on screen", () =>
	on_desk("manager", async (page) => {
		await open_form(page, "responsibility-finding", made.finding);
		await visible_text(page, "申诉求决");
		await shot(page, "manager-finding");
		await assert_chinese(page, "the responsibility finding", ALLOWED);

		await page.goto(`${BASE}/app/query-report/Unit Evaluation`);
		await visible_text(page, "得分");
		await page.waitForLoadState("networkidle");
		await page.waitForTimeout(1500);
		await shot(page, "manager-unit-evaluation");
		const right = await page.evaluate(() => {
			const header = [...document.querySelectorAll(".dt-cell__content, .dt-cell--header")].find(
				(e) => e.innerText.trim() === "得分",
			);
			return header ? header.getBoundingClientRect().right : null;
		});
		assert.ok(right !== null && right <= 1440, `得分 is off the screen (right edge at ${right})`);
	}),
);

test("Frappe's pages for a system manager and the portal's 首页 for a guest", () =>
	on_desk("manager", async (page, browser) => {
		for (const route of ["integrations", "users"]) {
			await page.goto(`${BASE}/app/${route}`);
			// the workspace drawn; Frappe 15's has a "Reports & Masters" heading, Frappe 16's none
			await page.waitForFunction(() => document.querySelector(".ce-block"), null, { timeout: 60000 });
			await page.waitForLoadState("networkidle");
			if (await page.evaluate(() => String(frappe.boot.versions.frappe).startsWith("15"))) {
				await visible_text(page, "报表与主数据");
			}
			const text = await page.evaluate(() => document.body.innerText);
			assert.ok(!text.includes("大师"), `${route}: Frappe's wrong translation shows`);
			await shot(page, `manager-${route}`);
		}
		const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "zh-CN" });
		const guest = await context.newPage();
		await guest.goto(`${BASE}/xinfang/track`);
		await guest.locator(".navbar-brand").first().click();
		await guest.waitForLoadState("networkidle");
		assert.ok(!/\/login/.test(guest.url()), `首页 leads to ${guest.url()}`);
		await visible_text(guest, "网上信访");
		await shot(guest, "guest-home");
	}),
);
