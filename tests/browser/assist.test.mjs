// 同案同处 in a real browser: a petition officer registering a letter sees the suggested categories and
// handling offices with the words behind them and takes one with a click; the case handler sees similar
// concluded cases beside the petition and starts the reply from one, then edits it. Needs a served site:
// XINFANG_URL, XINFANG_BENCH, XINFANG_SITE.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { chromium } from "playwright-core";

const BASE = process.env.XINFANG_URL || "http://xinfang-test.localhost:8000";
const BENCH = process.env.XINFANG_BENCH || "/opt/xinfang-bench";
const SITE = process.env.XINFANG_SITE || "xinfang-test.localhost";
const SHOTS = process.env.XINFANG_SCREENSHOTS || "artifacts/screenshots";
const PASSWORD = "Xinfang-Assist-2026!"; // xinfang_app/tests/assist_support.py
mkdirSync(SHOTS, { recursive: true });

function server(fn) {
	const out = execFileSync("bench", ["--site", SITE, "execute", `xinfang_app.tests.assist_support.${fn}`], {
		cwd: BENCH,
		stdio: ["ignore", "pipe", "pipe"],
	});
	return out.toString().trim().split("\n").pop().replace(/^"|"$/g, "");
}

async function signed_in(user) {
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
		args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
	});
	const page = await browser.newPage({ viewport: { width: 1440, height: 1100 }, locale: "zh-CN" });
	const login = await page.request.post(`${BASE}/api/method/login`, { form: { usr: user, pwd: PASSWORD } });
	assert.equal(login.status(), 200, await login.text());
	return { browser, page };
}

async function type_into(page, fieldname, text) {
	const input = page.locator(
		`.frappe-control[data-fieldname="${fieldname}"] input, .frappe-control[data-fieldname="${fieldname}"] textarea`,
	);
	await input.first().fill(text);
	await input.first().dispatchEvent("change");
}

// The seeded history leaves with the test: later tests see no similar case of it beside their petitions.
after(() => server("assist_cleanup"));

test("the officer takes a suggested category and office with a click", async () => {
	server("assist_users");
	const { browser, page } = await signed_in("browser_assist_officer@xf.test");
	try {
		await page.goto(`${BASE}/app/petition/new`);
		await page.waitForSelector('.frappe-control[data-fieldname="subject"] input', { timeout: 60000 });
		await type_into(page, "subject", "自助缴费机扣了我两回钱");
		await type_into(page, "request", "把多扣的钱退给我");
		await type_into(page, "facts", "在门诊大厅的机器上交检查费，屏幕说没交成功我又扫码付了一次，结果微信扣了两笔。");
		const box = page.locator(".xf-assist-intake");
		await box.waitFor({ timeout: 60000 });
		const text = await box.innerText();
		assert.match(text, /根据已办结案件建议/);
		assert.match(text, /收费与价格/);
		assert.match(text, /依据：/);
		// nothing is set before a click
		const category = page.locator('.frappe-control[data-fieldname="category"] input');
		assert.equal(await category.inputValue(), "");
		await box.scrollIntoViewIfNeeded();
		await page.screenshot({ path: `${SHOTS}/assist-intake-suggestions.png`, fullPage: false });
		await box.locator('.xf-assist-choice[data-field="category"]').first().click();
		await page.waitForFunction(
			() => document.querySelector('.frappe-control[data-fieldname="category"] input').value === "收费与价格",
			null,
			{ timeout: 20000 },
		);
		await box.locator('.xf-assist-choice[data-field="handling_office"]').first().click();
		await page.waitForFunction(
			() => !!document.querySelector('.frappe-control[data-fieldname="handling_office"] input').value,
			null,
			{ timeout: 20000 },
		);
		await category.scrollIntoViewIfNeeded();
		await page.screenshot({ path: `${SHOTS}/assist-intake-chosen.png`, fullPage: false });
	} finally {
		await browser.close();
	}
});

test("the handler reads similar concluded cases and starts the reply from one", async () => {
	server("assist_users");
	const name = server("handler_case");
	const { browser, page } = await signed_in("browser_assist_handler@xf.test");
	try {
		await page.goto(`${BASE}/app/petition/${name}`);
		await page.waitForFunction(() => document.body.innerText.includes("相似已办结案件"), null, {
			timeout: 60000,
		});
		const cases = page.locator(".xf-similar-case");
		await cases.first().waitFor({ timeout: 60000 });
		const first = await cases.first().innerText();
		assert.match(first, /AS-H041/); // the earlier case of the same matter, first
		assert.equal(await cases.first().locator("a").getAttribute("href"), "/app/petition/AS-H041");
		await page.screenshot({ path: `${SHOTS}/assist-similar-cases.png`, fullPage: false });
		await cases.first().locator(".xf-start-reply").click();
		const reply = page.locator('.frappe-control[data-fieldname="reply"] textarea');
		await page.waitForFunction(
			() => (document.querySelector('.frappe-control[data-fieldname="reply"] textarea')?.value || "").includes("夜班"),
			null,
			{ timeout: 20000 },
		);
		await reply.fill(`${await reply.inputValue()}本次已向您当面致歉。`);
		assert.match(await reply.inputValue(), /本次已向您当面致歉。$/);
		await reply.scrollIntoViewIfNeeded();
		await page.screenshot({ path: `${SHOTS}/assist-reply-started.png`, fullPage: false });
	} finally {
		await browser.close();
	}
});
