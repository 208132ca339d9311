// The desk in a real browser, as a petition manager who reads Chinese: the workspace 信访工作台 with its
// number cards and shortcuts, the statistics it leads to (信访统计, with its chart), and the desk's home page,
// on Frappe 15 (/app) and 16 (/desk, which also answers /app). Needs a served site: XINFANG_URL,
// XINFANG_BENCH, XINFANG_SITE.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { chromium } from "playwright-core";

const BASE = process.env.XINFANG_URL || "http://xinfang-test.localhost:8000";
const BENCH = process.env.XINFANG_BENCH || "/opt/xinfang-bench";
const SITE = process.env.XINFANG_SITE || "xinfang-test.localhost";
const SHOTS = process.env.XINFANG_SCREENSHOTS || "artifacts/screenshots";
const USER = "browser_desk@xf.test";
const PASSWORD = "Xinfang-Desk-2026!"; // xinfang_app/tests/desk_support.py
mkdirSync(SHOTS, { recursive: true });

function server(fn) {
	execFileSync("bench", ["--site", SITE, "execute", `xinfang_app.tests.desk_support.${fn}`], {
		cwd: BENCH,
		stdio: "pipe",
	});
}

async function signed_in_page() {
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
		args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
	});
	const page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, locale: "zh-CN" });
	const login = await page.request.post(`${BASE}/api/method/login`, { form: { usr: USER, pwd: PASSWORD } });
	assert.equal(login.status(), 200, await login.text());
	return { browser, page };
}

async function visible_text(page, words, timeout = 60000) {
	await page.waitForFunction((w) => document.body.innerText.includes(w), words, { timeout });
}

async function loaded(page) {
	// Cards and charts say "Loading..." until their figures arrive: 正在加载 on Frappe 15, 载入中 on 16. A
	// chart is drawn once it has its figures (an SVG in its wrapper) or says it has none.
	await page.waitForFunction(
		() => {
			if (/正在加载|载入中/.test(document.body.innerText)) return false;
			return [...document.querySelectorAll(".widget.dashboard-widget-box")].every(
				(chart) => chart.querySelector(".chart-container svg") || /无数据/.test(chart.innerText),
			);
		},
		null,
		{ timeout: 60000 },
	);
	// Frappe's charts are drawn at zero first and animated to their figures a moment later: wait until
	// no animation runs and the drawing has stayed the same for two seconds.
	const samples = [];
	for (let i = 0; i < 30; i++) {
		await page.waitForTimeout(1000);
		samples.push(
			await page.evaluate(() =>
				document.querySelector(".chart-container svg animate")
					? `animating ${Math.random()}`
					: [...document.querySelectorAll(".chart-container svg")].map((svg) => svg.outerHTML).join(""),
			),
		);
		const [a, b, c] = samples.slice(-3);
		if (samples.length >= 3 && a === b && b === c) break;
	}
}

test("the workspace 信访工作台: number cards and shortcuts in Chinese, and its statistics", async () => {
	server("desk_user");
	const { browser, page } = await signed_in_page();
	try {
		await page.goto(`${BASE}/app/petition-desk`);
		for (const words of ["信访工作台", "今日新收", "待受理", "已超期"]) {
			await visible_text(page, words);
		}
		await visible_text(page, "信访件"); // a shortcut
		await loaded(page);
		await page.screenshot({ path: `${SHOTS}/desk-workspace.png`, fullPage: true });
		const text = await page.innerText("body");
		assert.ok(!text.includes("Petition Desk"), "an English title is left on the page");
		assert.equal(
			await page.locator(".widget.number-widget-box .percentage-stat-area").count(),
			0,
			"a number card shows a percentage against a period it did not compare",
		);
		// The workspace draws what waits, not trends: those are one click away, in 信访统计 (its 统计 card),
		// counted by month with a chart, and by category, office or matter kind as the reader chooses.
		assert.equal(await page.locator(".widget.dashboard-widget-box").count(), 0, "a chart on the workspace");
		await page.locator(".widget.links-widget-box .link-item", { hasText: "信访统计" }).first().click();
		await page.waitForURL(/query-report\/Petition(%20| )Statistics/, { timeout: 60000 });
		await visible_text(page, "统计维度");
		// its figures counted: the summary (收到, 已办结, 已超期), with the chart and rows when the period has any
		await page.waitForFunction(
			() => [...document.querySelectorAll(".report-summary")].some((e) => /收到[\s\S]*已办结/.test(e.innerText)),
			null,
			{ timeout: 60000 },
		);
		await page.waitForTimeout(1000); // the chart's animation
		await page.screenshot({ path: `${SHOTS}/desk-statistics.png`, fullPage: true });
		// On a phone (390 px) the cards stack, still in Chinese.
		await page.setViewportSize({ width: 390, height: 844 });
		await page.goto(`${BASE}/app/petition-desk`);
		await visible_text(page, "今日新收");
		await loaded(page);
		await page.screenshot({ path: `${SHOTS}/desk-workspace-phone.png`, fullPage: true });
		assert.ok(!(await page.innerText("body")).includes("Petition Desk"), "an English title on the phone");
	} finally {
		await browser.close();
	}
});

test("the desk's home page leads to 信访工作台", async () => {
	const { browser, page } = await signed_in_page();
	try {
		await page.goto(`${BASE}/app`);
		await visible_text(page, "信访工作台");
		// Frappe 15 opens the workspace itself (its cards are on the page before they are waited for);
		// Frappe 16 opens its desktop at /desk, where 信访工作台 is an icon.
		await page.waitForFunction(
			() =>
				location.pathname.startsWith("/desk") ||
				["今日新收", "待受理", "已超期"].every((w) => document.body.innerText.includes(w)),
			null,
			{ timeout: 60000 },
		);
		await loaded(page);
		await page.screenshot({ path: `${SHOTS}/desk-home.png`, fullPage: true });
	} finally {
		await browser.close();
	}
});
