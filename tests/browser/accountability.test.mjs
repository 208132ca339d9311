// Findings, suggestions, rectification and evaluation in a real browser, as a petition manager who reads
// Chinese: the suggestion letter 信访工作建议书, the rectification notice 整改通知书, the Unit Evaluation report and
// its circular 考评通报.
// Needs a served site: XINFANG_URL, XINFANG_BENCH, XINFANG_SITE. About half a minute.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { chromium } from "playwright-core";

const BASE = process.env.XINFANG_URL || "http://xinfang-test.localhost:8000";
const BENCH = process.env.XINFANG_BENCH || "/opt/xinfang-bench";
const SITE = process.env.XINFANG_SITE || "xinfang-test.localhost";
const SHOTS = process.env.XINFANG_SCREENSHOTS || "artifacts/screenshots";
const PASSWORD = "Xinfang-Desk-2026!"; // xinfang_app/tests/desk_support.py
mkdirSync(SHOTS, { recursive: true });

function records() {
	const out = execFileSync(
		"bench",
		["--site", SITE, "execute", "xinfang_app.tests.accountability_support.records"],
		{ cwd: BENCH, stdio: "pipe" },
	).toString();
	// bench execute prints the returned dict (flat: no braces inside) as JSON, on one line or several
	return JSON.parse(out.slice(out.lastIndexOf("{")).trim());
}

async function signed_in_page(user) {
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
		args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
	});
	const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, locale: "zh-CN" });
	const login = await page.request.post(`${BASE}/api/method/login`, { form: { usr: user, pwd: PASSWORD } });
	assert.equal(login.status(), 200, await login.text());
	return { browser, page };
}

async function visible_text(page, words, timeout = 60000) {
	await page.waitForFunction((w) => document.body.innerText.includes(w), words, { timeout });
}

function printview(doctype, name, format) {
	const q = new URLSearchParams({ doctype, name, format, no_letterhead: "1", _lang: "zh" });
	return `${BASE}/printview?${q}`;
}

test("the suggestion letter, the rectification notice and the unit evaluation, in Chinese", async () => {
	const made = records();
	const { browser, page } = await signed_in_page(made.user);
	try {
		await page.goto(printview("Petition Suggestion", made.suggestion, "信访工作建议书"));
		for (const words of ["改进工作建议书", "所涉信访事项", "门诊候诊时间过长", "请于"]) await visible_text(page, words);
		await page.screenshot({ path: `${SHOTS}/suggestion-letter.png`, fullPage: true });

		await page.goto(printview("Rectification", made.rectification, "整改通知书"));
		for (const words of ["整改通知书", "整改事项", "增设导诊岗位", "整改中"]) await visible_text(page, words);
		await page.screenshot({ path: `${SHOTS}/rectification-notice.png`, fullPage: true });

		await page.goto(`${BASE}/app/query-report/Unit Evaluation`);
		for (const words of ["单位考评", "投诉件数", "得分", "考评通报"]) await visible_text(page, words);
		await page.waitForTimeout(1500);
		await page.screenshot({ path: `${SHOTS}/unit-evaluation.png`, fullPage: true });

		// The button 考评通报 opens the circular for the leaders in a window of its own.
		const [circular] = await Promise.all([
			page.waitForEvent("popup"),
			page.getByRole("button", { name: "考评通报" }).click(),
		]);
		for (const words of ["信访工作月度考评通报", "排名", "得分", "信访办公室"]) await visible_text(circular, words);
		await circular.screenshot({ path: `${SHOTS}/evaluation-circular.png`, fullPage: true });
	} finally {
		await browser.close();
	}
});
