// The whole chain in a real browser, as the hospital's people who read Chinese would walk it: 登记 → 受理 →
// 交办 → 提交答复 → 审批 → 办结 → 打印 as the officer, handler, department head and leader at 1440×900, then
// 网上信访 → 查询 → 复查 as a guest on a 390×844 phone. On every screen walked no English word and no e-mail
// address may show (a short allow-list: petition numbers, PDF …), and each step is photographed.
// Needs a served site: XINFANG_URL, XINFANG_BENCH, XINFANG_SITE. Takes about two minutes.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { BASE, BENCH, SITE, assert_chinese, desk_page as signed_in_desk, form_drawn, launch, shooter } from "./support.mjs";

const PASSWORD = "Xinfang-Chain-2026!"; // xinfang_app/tests/chain_support.py
const INSTITUTION = "示例市第一人民医院";
const COMMISSION = "示例市卫生健康委员会";
const COMMISSION_ADDRESS = "示例市人民路1号";
// Latin words allowed on a screen: petition numbers (XF-2026-00001), file kinds, Frappe's key names, its ID column.
const ALLOWED = new Set(["XF", "PDF", "Ctrl", "Shift", "Alt", "Esc", "Enter", "CT", "MB", "ID"]);
const created = [];
const test_state = {}; // the concluded petition, for the guest's review request
const shot = shooter("chain");

function server(fn, ...args) {
	const call = ["--site", SITE, "execute", `xinfang_app.tests.chain_support.${fn}`];
	if (args.length) call.push("--args", JSON.stringify(args));
	const out = execFileSync("bench", call, { cwd: BENCH, stdio: ["ignore", "pipe", "pipe"] }).toString();
	const last = out.trim().split("\n").pop();
	try {
		return JSON.parse(last);
	} catch (e) {
		return null;
	}
}

async function desk_page(browser, user) {
	return signed_in_desk(browser, user, PASSWORD);
}

// The app's script runs on the desk; if it does not, the assets were rebuilt under the server (say so).
async function app_script(page) {
	await page
		.waitForFunction(() => window.xinfang, null, { timeout: 15000 })
		.catch(() => assert.fail("xinfang.bundle.js did not load: were the assets rebuilt during the run?"));
}

async function open_petition(page, name) {
	await page.goto(`${BASE}/app/petition/${name}`);
	await app_script(page);
	await form_drawn(page, name);
}

// A Script Report has run and drawn: its data is in, nothing is frozen (on Frappe 15 and 16 alike).
async function report_drawn(page) {
	await page.waitForFunction(
		() =>
			window.frappe &&
			frappe.query_report &&
			Array.isArray(frappe.query_report.data) &&
			!document.querySelector(".freeze"),
		null,
		{ timeout: 60000 },
	);
	await page.waitForLoadState("networkidle");
}

async function take_action(page, action, state) {
	await page.locator(".page-actions button:visible", { hasText: "操作" }).first().click();
	await page.locator(".dropdown-menu.show .dropdown-item", { hasText: action }).first().click();
	try {
		await page.waitForFunction(
			(s) => window.cur_frm && cur_frm.doc.workflow_state === s && !document.querySelector(".freeze"),
			state,
			{ timeout: 60000 },
		);
	} catch (error) {
		// what the screen showed instead (a dialog, a message), for whoever reads the failure
		await shot(page, `failed-${action}`);
		const seen = await page.evaluate(() => document.body.innerText.slice(0, 600));
		throw new Error(`${action} did not reach ${state}; the page showed: ${seen}`);
	}
	await page.waitForLoadState("networkidle");
}

test("the chain from registration to print in the desk, each step by the one who takes it", async () => {
	const users = server("setup");
	const petition = server("draft", users.officer);
	created.push(petition.name);
	const browser = await launch();
	try {
		// 登记: the officer's desk, the new-petition form behind 登记来信来访, then the letter entered
		const officer = await desk_page(browser, users.officer);
		await officer.goto(`${BASE}/app/petition-desk`);
		await app_script(officer);
		await officer.waitForFunction(() => document.body.innerText.includes("登记来信来访"), null, {
			timeout: 60000,
		});
		await officer.waitForLoadState("networkidle");
		await shot(officer, "01-officer-workspace");
		await assert_chinese(officer, "信访工作台", ALLOWED);
		await officer.locator(".widget.shortcut-widget-box", { hasText: "登记来信来访" }).first().click();
		await officer.waitForFunction(() => window.cur_frm && cur_frm.is_new(), null, { timeout: 60000 });
		await shot(officer, "02-officer-new-petition");
		await assert_chinese(officer, "登记来信来访", ALLOWED);

		await open_petition(officer, petition.name);
		await shot(officer, "03-officer-draft");
		await assert_chinese(officer, "草稿", ALLOWED);
		await take_action(officer, "登记", "Registered");
		// 受理
		server("fill", petition.name, users.officer, JSON.stringify({ acceptance: "Accepted" }));
		await open_petition(officer, petition.name);
		await take_action(officer, "受理", "Accepted");
		await shot(officer, "04-officer-accepted");
		await assert_chinese(officer, "已受理", ALLOWED);
		// 交办
		server("fill", petition.name, users.officer, JSON.stringify({ handler: users.handler }));
		await open_petition(officer, petition.name);
		await take_action(officer, "交办", "In Progress");
		await officer.locator(".form-tabs .nav-link", { hasText: "受理与办理" }).first().click();
		await shot(officer, "05-officer-assigned");
		await assert_chinese(officer, "交办", ALLOWED);
		assert.match(await officer.innerText("body"), /李承办/);

		// 提交答复: the handler writes the findings and the reply
		const handler = await desk_page(browser, users.handler);
		server(
			"fill",
			petition.name,
			users.handler,
			JSON.stringify({
				findings: "收费系统故障导致重复收费，已核实。",
				outcome: "Supported",
				legal_basis: "《医疗机构投诉管理办法》第三十一条",
				reply: "经核实，11月20日门诊确有重复收取CT检查费的情况，已原路退还。",
			}),
		);
		await open_petition(handler, petition.name);
		await shot(handler, "06-handler-in-progress");
		await assert_chinese(handler, "承办人办理", ALLOWED);
		await take_action(handler, "提交答复", "Pending Approval");
		await shot(handler, "07-handler-submitted");
		await assert_chinese(handler, "提交答复", ALLOWED);

		// 审批: the department head hears of the waiting reply in the bell, and finds it under 待我审批
		const head = await desk_page(browser, users.head);
		await head.goto(`${BASE}/app/petition-desk`);
		await app_script(head);
		const card = head.locator(".widget.number-widget-box", { hasText: "待我审批" }).first();
		await card.waitFor({ timeout: 60000 });
		await head.waitForFunction(
			() => {
				const box = [...document.querySelectorAll(".widget.number-widget-box")].find((w) =>
					w.innerText.includes("待我审批"),
				);
				const number = box && box.querySelector(".number");
				return number && Number(number.innerText.trim()) >= 1;
			},
			null,
			{ timeout: 60000 },
		);
		await head.waitForLoadState("networkidle");
		// the bell: in the navbar on Frappe 15, the sidebar's 通知 on Frappe 16 (which opens and closes a panel)
		const bell_button = head
			.locator(".dropdown-notifications .notifications-icon:visible, .sidebar-notification:visible")
			.first();
		await bell_button.click();
		const bell = head.locator(".notification-item", { hasText: petition.name }).first();
		await bell.waitFor({ timeout: 30000 });
		assert.match(await bell.innerText(), /信访件 XF-\d{4}-\d{5} 待您处理（审批通过 \/ 退回重办）：门诊多收CT检查费/);
		await shot(head, "07b-head-bell");
		await assert_chinese(head, "通知（待审批）", ALLOWED);
		await head.keyboard.press("Escape");
		if (await head.locator(".sidebar-notification:visible").count()) {
			if (await head.locator(".dropdown-notifications:not(.hidden)").count()) await bell_button.click();
		}
		await card.click();
		await head.waitForSelector(`.list-row-container a[data-name="${petition.name}"]`, { timeout: 60000 });
		await head.waitForLoadState("networkidle");
		await shot(head, "07c-head-awaiting-my-approval");
		await assert_chinese(head, "待我审批列表", ALLOWED);
		// the list behind the card: the replies waiting in 待审批
		const filters = await head.evaluate(() => cur_list.filters.map((f) => [f[1], f[2], f[3]]));
		assert.deepEqual(filters, [["workflow_state", "=", "Pending Approval"]]);
		await open_petition(head, petition.name);
		await shot(head, "08-head-pending");
		await assert_chinese(head, "科室负责人审批", ALLOWED);
		await take_action(head, "审批通过", "Replied");
		await shot(head, "09-head-approved");
		await assert_chinese(head, "审批通过", ALLOWED);

		// the leader reads the petition and the figures
		const leader = await desk_page(browser, users.leader);
		await open_petition(leader, petition.name);
		await shot(leader, "10-leader-petition");
		await assert_chinese(leader, "院领导查看", ALLOWED);
		// the walk's own office (xinfang_app/tests/chain_support.py): the site's other petitions are the tests'
		await leader.goto(`${BASE}/app/query-report/Overdue and Due Soon?handling_office=${encodeURIComponent("门诊服务中心")}`);
		await report_drawn(leader);
		await leader.waitForLoadState("networkidle");
		await shot(leader, "11-leader-overdue-report");
		await assert_chinese(leader, "超期与临期", ALLOWED);
		await leader.goto(`${BASE}/app/query-report/KPI Scorecard`);
		await report_drawn(leader);
		await leader.waitForLoadState("networkidle");
		await shot(leader, "11b-leader-kpi-scorecard");
		await assert_chinese(leader, "考核指标", ALLOWED);

		// 办结 and 打印: the officer concludes and prints the written opinion
		await open_petition(officer, petition.name);
		await take_action(officer, "办结", "Concluded");
		await shot(officer, "12-officer-concluded");
		await assert_chinese(officer, "办结", ALLOWED);
		// the written opinion has not gone out: the form reminds the officer, the petitioner reads no reply yet
		assert.match(await officer.innerText("body"), /信访事项处理意见书尚未送达/);
		const phone = await (
			await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "zh-CN" })
		).newPage();
		const look_up = async () => {
			await phone.goto(`${BASE}/xinfang/track?code=${petition.code}`);
			await phone.fill("#last_four", petition.last_four);
			await phone.click("#xf-track button[type=submit]");
			await phone.waitForSelector("#result", { state: "visible" });
		};
		await look_up();
		const before = await phone.textContent("#r-steps");
		assert.match(before, /已办结/);
		assert.doesNotMatch(before, /书面答复/);
		assert.equal(await phone.isVisible("#review-box"), false);
		await shot(phone, "12c-guest-tracking-before-the-opinion");
		await assert_chinese(phone, "查询（处理意见书未送达）", ALLOWED);
		// 告知书 → 登记信访事项处理意见书已邮寄
		await officer.locator('.inner-group-button button:visible', { hasText: "告知书" }).first().click();
		await officer
			.locator(".inner-group-button .dropdown-menu.show .dropdown-item", { hasText: "登记信访事项处理意见书已邮寄" })
			.first()
			.click();
		await officer.locator(".modal.show .btn-primary", { hasText: "是" }).first().click();
		await officer.waitForFunction(() => window.cur_frm && cur_frm.doc.opinion_sent_on, null, { timeout: 60000 });
		await officer.waitForLoadState("networkidle");
		assert.doesNotMatch(await officer.innerText("body"), /信访事项处理意见书尚未送达/);
		await shot(officer, "12d-officer-opinion-posted");
		await assert_chinese(officer, "处理意见书已邮寄", ALLOWED);
		await look_up();
		await phone.waitForSelector("#review-box", { state: "visible" });
		const after = await phone.textContent("#r-steps");
		assert.match(after, /已书面答复/);
		assert.match(await phone.textContent("#review-route"), new RegExp(`向${INSTITUTION}申请复查`));
		await shot(phone, "12e-guest-tracking-after-the-opinion");
		await assert_chinese(phone, "查询（处理意见书已送达）", ALLOWED);
		// the officer's list: numbers and dates whole, the channel filter in the form's words
		await officer.goto(`${BASE}/app/petition`);
		await officer.waitForSelector(".list-row-container", { timeout: 60000 });
		await officer.waitForLoadState("networkidle");
		const options = await officer.$$eval('.standard-filter-section select[data-fieldname="channel"] option', (o) =>
			o.map((x) => x.textContent.trim()),
		);
		assert.ok(options.includes("网上信访") && !options.includes("线上"), options.join(","));
		const number = officer.locator(".list-row .level-left > .list-row-col:last-child span").first();
		assert.ok(await number.evaluate((e) => e.scrollWidth <= e.clientWidth), "the petition number is cut");
		await shot(officer, "12b-officer-petition-list");
		await assert_chinese(officer, "信访件列表", ALLOWED);
		await officer.goto(`${BASE}/app/print/Petition/${petition.name}`);
		const picker = officer.locator('.print-preview-sidebar input[data-fieldname="print_format"]');
		await picker.waitFor({ timeout: 60000 });
		await officer.waitForFunction(
			() => document.querySelector('.print-preview-sidebar input[data-fieldname="print_format"]').value,
			null,
			{ timeout: 60000 },
		);
		assert.equal(await picker.inputValue(), "信访处理单"); // the DocType's default format
		await officer.waitForFunction(
			() => {
				const frame = document.querySelector(".print-format-container");
				return frame && frame.contentDocument && frame.contentDocument.body.innerText.includes("信访处理单");
			},
			null,
			{ timeout: 60000 },
		);
		await shot(officer, "13a-officer-print-default");
		await assert_chinese(officer, "打印（默认格式）", ALLOWED);
		await picker.fill("意见书");
		await officer.waitForSelector('.awesomplete [role="option"]:has-text("信访事项处理意见书")', {
			timeout: 30000,
		});
		await shot(officer, "13b-officer-print-picker");
		await assert_chinese(officer, "打印格式搜索", ALLOWED);
		await officer.goto(
			`${BASE}/printview?doctype=Petition&name=${petition.name}&format=${encodeURIComponent("信访事项处理意见书")}&_lang=zh`,
		);
		const opinion = await officer.innerText("body");
		assert.match(opinion, new RegExp(`${INSTITUTION}（盖章）`));
		assert.match(opinion, new RegExp(`向${INSTITUTION}申请复查`));
		await shot(officer, "14-officer-written-opinion");
		await assert_chinese(officer, "处理意见书", ALLOWED);
	} finally {
		await browser.close();
	}
	// the next test asks for a review of this petition
	test_state.concluded = petition;
});


test("网上信访 → 查询 → 复查 on a phone, as a guest", async () => {
	const browser = await launch();
	try {
		const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "zh-CN" });
		const page = await context.newPage();
		await page.goto(`${BASE}/xinfang`);
		assert.match(await page.innerText(".xf-org"), new RegExp(INSTITUTION));
		// an empty submit: each required field says what is missing beside itself
		await page.click("#xf-send");
		for (const field of ["petitioner_name", "petitioner_phone", "subject", "request", "consent"]) {
			await page.waitForSelector(`#${field}-error`, { state: "visible" });
		}
		assert.equal(await page.getAttribute("#petitioner_phone", "aria-invalid"), "true");
		await shot(page, "15-guest-empty-submit");
		await assert_chinese(page, "网上信访（空表提交）", ALLOWED);

		await page.fill("#petitioner_name", "吴网民");
		await page.fill("#petitioner_phone", "13566667777");
		await page.fill("#subject", "住院部夜间噪音大");
		await page.fill("#request", "请改善夜间病房的安静环境");
		await page.check("#consent");
		await page.click("#xf-send");
		await page.waitForSelector("#xf-done", { state: "visible" });
		const name = (await page.textContent("#done-name")).trim();
		const code = (await page.textContent("#done-code")).trim();
		created.push(name);
		await shot(page, "16-guest-submitted");
		await assert_chinese(page, "网上信访（已提交）", ALLOWED);

		// 查询: before a decision the page tells the date by which the petitioner is told it
		await page.goto(`${BASE}/xinfang/track?code=${code}`);
		await page.fill("#last_four", "7777");
		await page.click("#xf-track button[type=submit]");
		await page.waitForSelector("#result", { state: "visible" });
		assert.match(await page.textContent("#r-steps"), /前书面告知您/);
		await shot(page, "17-guest-tracking");
		await assert_chinese(page, "查询", ALLOWED);

		// 复查: the concluded petition from the desk, its opinion delivered
		const concluded = test_state.concluded;
		if (concluded) {
			// on the supervising commission's route the page tells where to go and files nothing
			server("review_route", "Supervising Health Commission", COMMISSION, COMMISSION_ADDRESS);
			try {
				await page.goto(`${BASE}/xinfang/track?code=${concluded.code}`);
				await page.fill("#last_four", concluded.last_four);
				await page.click("#xf-track button[type=submit]");
				await page.waitForSelector("#review-box", { state: "visible" });
				const where = await page.textContent("#review-route");
				assert.ok(where.includes(COMMISSION) && where.includes(COMMISSION_ADDRESS), where);
				assert.equal(await page.isVisible("#review-form"), false);
				await shot(page, "18a-guest-review-route-commission");
				await assert_chinese(page, "复查途径（卫生健康委）", ALLOWED);
			} finally {
				server("review_route", "Hospital Re-examination");
			}
			await page.goto(`${BASE}/xinfang/track?code=${concluded.code}`);
			await page.fill("#last_four", concluded.last_four);
			await page.click("#xf-track button[type=submit]");
			await page.waitForSelector("#review-form", { state: "visible" });
			assert.match(await page.textContent("#review-route"), new RegExp(`向${INSTITUTION}申请复查`));
			// no reasons: said beside the field, nothing sent
			await page.click("#review-send");
			await page.waitForSelector("#review-request-error", { state: "visible" });
			await shot(page, "18b-guest-review-without-reasons");
			await assert_chinese(page, "复查（未填理由）", ALLOWED);
			await page.fill("#review-request", "退费金额不对，申请复查");
			await page.click("#review-send");
			await page.waitForSelector("#review-confirm", { state: "visible" });
			assert.match(await page.textContent("#review-confirm-text"), /退费金额不对/);
			await shot(page, "18c-guest-review-confirm");
			await assert_chinese(page, "复查（确认）", ALLOWED);
			await page.click("#review-confirm-send");
			await page.waitForFunction(() => document.getElementById("review-done").textContent.includes("XF-"));
			await shot(page, "18-guest-review-requested");
			await assert_chinese(page, "复查", ALLOWED);
		}
	} finally {
		await browser.close();
	}
});

after(() => {
	if (created.length) server("cleanup", JSON.stringify(created));
});
