// The desk timed in a real browser (Debian's Chromium) as a petition officer uses it: login to a drawn
// workspace, the overdue list opened from its number card, a petition form, the KPI Scorecard for a year.
// Each is timed from the action to "usable": its content drawn and its last request answered, the network
// then quiet for 500 ms. First, the login to the app's 信访工作台 beside the same login to Frappe's own plain
// workspace (工具), alternately, each in a new browser context: their medians and ratio. Run by
// scripts/browser-benchmark (nginx in front of gunicorn); prints one line per step and JSON summaries.
// Needs XINFANG_URL, XINFANG_USER, XINFANG_PASSWORD, XINFANG_PETITION; XINFANG_DESK (/app or /desk);
// XINFANG_COMPARE_USER (an officer who also sees Frappe's workspaces; default XINFANG_USER),
// XINFANG_LOGIN_PAIRS (5); XINFANG_TRACE=1 prints the requests slower than 300 ms.
import { chromium } from "playwright-core";

const BASE = process.env.XINFANG_URL;
const DESK = process.env.XINFANG_DESK || "/app";
const USER = process.env.XINFANG_USER;
const PASSWORD = process.env.XINFANG_PASSWORD;
const PETITION = process.env.XINFANG_PETITION;
const RUNS = Number(process.env.XINFANG_RUNS || 3);
const COMPARE_USER = process.env.XINFANG_COMPARE_USER || USER;
const PAIRS = Number(process.env.XINFANG_LOGIN_PAIRS || 5);
const TIMEOUT = 120000;

async function idle(page) {
	// Network idle: no request open and none for 500 ms. Frappe's realtime client keeps retrying where no
	// socket.io server runs; that does not count against the page. (Playwright's "networkidle" is reached once
	// per page load: a desk that draws after a quiet moment would pass it before its last requests.)
	await page.waitForLoadState("networkidle", { timeout: TIMEOUT }).catch(() => {});
	const until = Date.now() + TIMEOUT;
	const quiet = () => Date.now() - lastActivity;
	// (a request left unanswered 10 s, such as a stream, is not waited for)
	while (Date.now() < until && (quiet() < 500 || (open > 0 && quiet() < 10000))) await page.waitForTimeout(50);
}

// The moment of the page's last network activity (socket.io's retries aside) and of its content drawn: a
// step is usable at the later of the two, once the network has then stayed quiet for 500 ms (those 500 ms
// of quiet are the proof, not part of the step).
let lastActivity = 0;
let drawnAt = 0;
let open = 0; // requests sent and not yet answered

function watch(page) {
	open = 0;
	const seen = (delta) => (r) => {
		if (r.url().includes("socket.io")) return;
		lastActivity = Date.now();
		open += delta;
	};
	page.on("request", seen(1));
	page.on("requestfinished", seen(-1));
	page.on("requestfailed", seen(-1));
}

async function drawn(page, check, arg = null) {
	await page.waitForFunction(check, arg, { timeout: TIMEOUT });
	drawnAt = Date.now();
	await idle(page);
}

const workspace_drawn = () => {
	if (/正在加载|载入中|Loading/.test(document.body.innerText)) return false;
	if (document.querySelector(".workspace-skeleton")) return false;
	const cards = [...document.querySelectorAll(".widget.number-widget-box .widget-content")];
	// Each chart, if the workspace has any, drawn (Frappe Charts draws an SVG), or saying it has no data.
	const charts = [...document.querySelectorAll(".widget.dashboard-widget-box")];
	return (
		cards.length > 0 &&
		cards.every((c) => /\d/.test(c.innerText)) &&
		document.querySelectorAll(".widget.shortcut-widget-box:not(.skeleton-card) .widget-title").length > 0 &&
		charts.every((w) => w.querySelector(".chart-container svg") || /无数据|No Data/.test(w.innerText))
	);
};

// Frappe's 工具 workspace: its shortcuts and link cards drawn. (While the layout loads, Frappe shows a skeleton
// of grey shortcut and link boxes of the same classes: those are not the workspace drawn.)
const plain_workspace_drawn = () =>
	!/正在加载|载入中|Loading/.test(document.body.innerText) &&
	!document.querySelector(".workspace-skeleton") &&
	document.querySelectorAll(".widget.shortcut-widget-box:not(.skeleton-card) .widget-title").length > 0 &&
	document.querySelectorAll(".widget.links-widget-box:not(.skeleton-card) .link-item").length > 0;

async function step(name, page, action) {
	const start = Date.now();
	lastActivity = drawnAt = start;
	try {
		await action();
	} catch (error) {
		const where = process.env.XINFANG_SHOTS || "/tmp";
		await page.screenshot({ path: `${where}/browser-benchmark-failed.png`, fullPage: true }).catch(() => {});
		console.log(`${name}: not usable at ${page.url()} (screenshot in ${where})`);
		throw error;
	}
	const waited = Date.now() - start;
	const ms = Math.max(drawnAt, lastActivity) - start;
	console.log(`${name.padEnd(34)} ${String(ms).padStart(7)} ms  (${waited} ms with the quiet window)  ${page.url()}`);
	return ms;
}

const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
	args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
});
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// A new browser context (no cookies, no cached metadata), as a user arriving for the day.
async function fresh_page() {
	const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: "zh-CN" });
	const page = await context.newPage();
	watch(page);
	page.on("response", (r) => {
		if (r.status() >= 400 && !r.url().includes("socket.io")) console.log(`  ${r.status()} ${r.url().slice(0, 160)}`);
	});
	if (process.env.XINFANG_TRACE) {
		// Requests slower than 300 ms, to see where a step's time goes.
		page.on("requestfinished", (r) => {
			const t = r.timing();
			if (t.responseEnd > 300) console.log(`  ${Math.round(t.responseEnd)} ms ${r.url().slice(0, 140)}`);
		});
	}
	return { context, page };
}

// The login form sent with the workspace as the page to go to after it; timed to that workspace drawn.
async function login_to(name, workspace, check) {
	const { context, page } = await fresh_page();
	try {
		await page.goto(`${BASE}/login?redirect-to=${encodeURIComponent(`${DESK}/${workspace}`)}`);
		await page.fill("#login_email", COMPARE_USER);
		await page.fill("#login_password", PASSWORD);
		return await step(name, page, async () => {
			await page.click(".btn-login");
			await page.waitForURL(new RegExp(`/(app|desk)/${workspace}`), { timeout: TIMEOUT });
			await drawn(page, check);
		});
	} finally {
		await context.close();
	}
}

const figures = {};
try {
	// The login to the app's workspace against the same login to Frappe's plain one, alternately (the
	// order swapped every pair), so that both meet the same server, caches and load.
	const logins = { app_workspace: [], plain_workspace: [] };
	for (let pair = 1; pair <= PAIRS; pair++) {
		console.log(`login pair ${pair}`);
		const order = pair % 2 ? ["app_workspace", "plain_workspace"] : ["plain_workspace", "app_workspace"];
		for (const which of order) {
			logins[which].push(
				which === "app_workspace"
					? await login_to("login → 信访工作台 drawn", "petition-desk", workspace_drawn)
					: await login_to("login → 工具 (Frappe's) drawn", "tools", plain_workspace_drawn),
			);
		}
	}
	const app_ms = median(logins.app_workspace);
	const plain_ms = median(logins.plain_workspace);
	console.log(
		JSON.stringify({
			login_app_workspace: { runs: logins.app_workspace, median_ms: app_ms },
			login_plain_workspace: { runs: logins.plain_workspace, median_ms: plain_ms },
			login_ratio: Math.round((app_ms / plain_ms) * 100) / 100,
		}),
	);

	for (let run = 1; run <= RUNS; run++) {
		console.log(`run ${run}`);
		const { context, page } = await fresh_page();
		await page.goto(`${BASE}/login`);
		await page.fill("#login_email", USER);
		await page.fill("#login_password", PASSWORD);
		const times = {};
		times.login_to_workspace = await step("login → workspace drawn", page, async () => {
			await page.click(".btn-login");
			await page.waitForURL(/\/(app|desk)/, { timeout: TIMEOUT });
			if (!/petition-desk/.test(page.url())) await page.goto(`${BASE}${DESK}/petition-desk`);
			await drawn(page, workspace_drawn);
		});
		times.overdue_list_from_card = await step("overdue list from its card", page, async () => {
			const card = page.locator(".widget.number-widget-box", { hasText: "已超期" }).first();
			await card.click();
			await page.waitForURL(/\/petition/, { timeout: TIMEOUT });
			await drawn(
				page,
				() =>
					document.querySelectorAll(".list-row-container .list-row").length > 0 &&
					/\d/.test(document.querySelector(".list-count")?.innerText || ""),
			);
		});
		times.petition_form = await step("a petition form", page, async () => {
			await page.goto(`${BASE}${DESK}/petition/${PETITION}`);
			await drawn(
				page,
				(name) =>
					document.querySelector(".page-title")?.innerText.length > 0 &&
					location.pathname.endsWith(name) &&
					document.querySelectorAll(".frappe-control[data-fieldname]").length > 10,
				PETITION,
			);
		});
		times.kpi_scorecard_year = await step("KPI Scorecard, a year", page, async () => {
			const to = new Date();
			const from = new Date(to.getTime() - 364 * 86400000);
			const day = (d) => d.toISOString().slice(0, 10);
			await page.goto(
				`${BASE}${DESK}/query-report/KPI Scorecard?from_date=${day(from)}&to_date=${day(to)}`,
			);
			await drawn(page, () => document.querySelectorAll(".dt-row:not(.dt-row-header) .dt-cell").length > 0);
		});
		for (const [key, ms] of Object.entries(times)) (figures[key] ||= []).push(ms);
		await context.close();
	}
} finally {
	await browser.close();
}
console.log(JSON.stringify(Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, { runs: v, median_ms: median(v) }]))));
