// What the browser tests share: the served site they walk, Chromium, a desk page signed in, a form drawn and
// the photographs of the screens. Not a test itself (the runner takes tests/browser/*.test.mjs).
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { chromium } from "playwright-core";

export const BASE = process.env.XINFANG_URL || "http://xinfang-test.localhost:8000";
export const BENCH = process.env.XINFANG_BENCH || "/opt/xinfang-bench";
export const SITE = process.env.XINFANG_SITE || "xinfang-test.localhost";
export const SHOTS = process.env.XINFANG_SCREENSHOTS || "artifacts/screenshots";

export async function launch() {
	return chromium.launch({
		executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
		args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
	});
}

// A desk page at 1440×900 in Chinese, signed in as the user (with the page's default timeout, if given).
export async function desk_page(browser, user, password, timeout) {
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "zh-CN" });
	const page = await context.newPage();
	if (timeout) page.setDefaultTimeout(timeout);
	const login = await page.request.post(`${BASE}/api/method/login`, { form: { usr: user, pwd: password } });
	assert.equal(login.status(), 200, await login.text());
	return page;
}

// The form of the document `name` is drawn and the page has settled.
export async function form_drawn(page, name) {
	await page.waitForFunction(
		(n) => window.cur_frm && cur_frm.doc && cur_frm.doc.name === n && document.querySelector(".form-layout"),
		name,
		{ timeout: 60000 },
	);
	await page.waitForLoadState("networkidle");
}

// A function that photographs the whole page, once it has settled, as SHOTS/<prefix>-<name>.png.
export function shooter(prefix) {
	mkdirSync(SHOTS, { recursive: true });
	return async (page, name) => {
		await page.waitForTimeout(300);
		await page.screenshot({ path: `${SHOTS}/${prefix}-${name}.png`, fullPage: true });
	};
}
