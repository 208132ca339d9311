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

// Attachments' kinds are named by their extensions; the tracking code (16 letters and digits) is a code.
const FILE_KINDS = /^(pdf|jpe?g|png|gif|docx?|xlsx?|txt|ofd|zip)$/i;

// The words on the screen a person reads: no English word outside `allowed`, no e-mail address.
export async function assert_chinese(page, where, allowed) {
	// what shows on the screen; text only for screen readers (Frappe's search box status) is left out
	const text = await page.evaluate(() => {
		const style = document.createElement("style");
		// (and the tracking code, letters by design, on the page and on the form)
		// (and the field names Frappe keeps in hidden tooltips, and on Frappe 16 the signed-in user's own
		// account under their name in the sidebar)
		style.textContent =
			".visually-hidden, .sr-only, .tooltip-content, .xf-code, [data-fieldname=tracking_code], " +
			".body-sidebar-bottom .avatar-name-email .text-secondary { display: none !important; }";
		document.head.append(style);
		const shown = document.body.innerText;
		style.remove();
		return shown;
	});
	const words_text = text.replace(/\b[2-9A-HJ-NP-Z]{16}\b/g, " ");
	const emails = text.match(/[\w.+-]+@[\w-]+\.[\w.]+/g) || [];
	assert.deepEqual(emails, [], `${where}: an e-mail address shows where a name belongs`);
	const words = [
		...new Set((words_text.match(/[A-Za-z]{2,}/g) || []).filter((w) => !allowed.has(w) && !FILE_KINDS.test(w))),
	];
	assert.deepEqual(words, [], `${where}: English on the screen`);
}
