// The door rule in a real browser: a case handler and a department head walk the desk as every day — the
// workspace, the petition list (sidebar counts, the report view), a petition's form, a link field's search —
// while every API call the page makes is recorded. None may be refused by the door rule (a refusal would show
// as 该功能不对信访件及其相关记录开放。), none may fail with a 5xx; the calls recorded are the ones the vetted
// list (xinfang_app/overrides/door_vetted.py) holds. Needs a served site: XINFANG_URL, XINFANG_BENCH, XINFANG_SITE.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { chromium } from "playwright-core";

const BASE = process.env.XINFANG_URL || "http://xinfang-test.localhost:8000";
const BENCH = process.env.XINFANG_BENCH || "/opt/xinfang-bench";
const SITE = process.env.XINFANG_SITE || "xinfang-test.localhost";
const SHOTS = process.env.XINFANG_SCREENSHOTS || "artifacts/screenshots";
const REFUSED = "该功能不对信访件及其相关记录开放。";
mkdirSync(SHOTS, { recursive: true });

const setup = JSON.parse(
	execFileSync("bench", ["--site", SITE, "execute", "xinfang_app.tests.door_walk_support.walkers"], {
		cwd: BENCH,
		encoding: "utf8",
	})
		.trim()
		.split("\n")
		.pop(),
);

async function walk(user, steps) {
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
		args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
	});
	const page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, locale: "zh-CN" });
	const calls = [];
	page.on("response", async (response) => {
		const url = new URL(response.url());
		if (!url.pathname.startsWith("/api/")) return;
		let body = "";
		try {
			body = await response.text();
		} catch {
			body = "";
		}
		calls.push({ path: url.pathname, status: response.status(), refused: body.includes(REFUSED) || body.includes("\\u8be5\\u529f\\u80fd") });
	});
	const login = await page.request.post(`${BASE}/api/method/login`, { form: { usr: user, pwd: setup.password } });
	assert.equal(login.status(), 200, await login.text());
	try {
		await steps(page);
	} finally {
		await browser.close();
	}
	return calls;
}

async function settle(page, ms = 4000) {
	await page.waitForLoadState("networkidle", { timeout: 60000 }).catch(() => {});
	await page.waitForTimeout(ms);
}

async function everyday(page, who) {
	await page.goto(`${BASE}/app/petition-desk`);
	await settle(page);
	await page.screenshot({ path: `${SHOTS}/door-walk-${who}-workspace.png`, fullPage: false });
	await page.goto(`${BASE}/app/petition`);
	await settle(page);
	// The sidebar's group-by counts: "assigned to" and "created by".
	for (const label of ["指派给", "创建者"]) {
		const button = page.locator(".list-group-by-fields .group-by-dropdown", { hasText: label }).first();
		if (await button.count()) {
			await button.click();
			await settle(page, 1500);
			await page.keyboard.press("Escape");
		}
	}
	await page.screenshot({ path: `${SHOTS}/door-walk-${who}-list.png`, fullPage: false });
	await page.goto(`${BASE}/app/petition/view/report`);
	await settle(page);
	await page.goto(`${BASE}/app/petition/${setup.petition}`);
	await settle(page);
	await page.screenshot({ path: `${SHOTS}/door-walk-${who}-form.png`, fullPage: false });
	await page.goto(`${BASE}/app/query-report/Petition Statistics`);
	await settle(page);
}

for (const [who, user] of [
	["handler", setup.handler],
	["head", setup.head],
]) {
	test(`the ${who} walks the desk and no call is refused`, async () => {
		const calls = await walk(user, (page) => everyday(page, who));
		writeFileSync(`${SHOTS}/door-walk-${who}-calls.json`, JSON.stringify(calls, null, 1));
		const methods = [...new Set(calls.map((c) => c.path))].sort();
		console.log(`${who}: ${calls.length} API calls, ${methods.length} methods:\n  ${methods.join("\n  ")}`);
		assert.ok(calls.length > 10, "the desk made its calls");
		assert.deepEqual(
			calls.filter((c) => c.refused || c.status === 403),
			[],
			"a call of the everyday desk was refused",
		);
		assert.deepEqual(
			calls.filter((c) => c.status >= 500),
			[],
			"a call failed",
		);
	});
}
