// The online petition pages in a real browser, at phone and desktop widths: submit, track, see the
// reply, rate it and ask for a review. Needs a served site: XINFANG_URL, XINFANG_BENCH, XINFANG_SITE.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const BASE = process.env.XINFANG_URL || "http://xinfang-test.localhost:8000";
const BENCH = process.env.XINFANG_BENCH || "/opt/xinfang-bench";
const SITE = process.env.XINFANG_SITE || "xinfang-test.localhost";
const SHOTS = process.env.XINFANG_SCREENSHOTS || "artifacts/screenshots";
const created = [];
mkdirSync(SHOTS, { recursive: true });

function server(fn, ...args) {
	const call = ["--site", SITE, "execute", `xinfang_app.tests.browser_support.${fn}`];
	if (args.length) call.push("--args", JSON.stringify(args));
	execFileSync("bench", call, { cwd: BENCH, stdio: "pipe" });
}

async function browser_page(width, height) {
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
		args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
	});
	const page = await browser.newPage({ viewport: { width, height }, locale: "zh-CN" });
	page.on("dialog", async (dialog) => {
		await dialog.dismiss();
		throw new Error(`a script in the page opened a dialog: ${dialog.message()}`);
	});
	return { browser, page };
}

// A real one-page PDF: uploads that are not what their extension says are refused.
function minimal_pdf() {
	const objects = [
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
	];
	let body = "%PDF-1.4\n";
	const offsets = [];
	objects.forEach((object, i) => {
		offsets.push(body.length);
		body += `${i + 1} 0 obj\n${object}\nendobj\n`;
	});
	const xref = body.length;
	body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
	for (const offset of offsets) body += `${String(offset).padStart(10, "0")} 00000 n \n`;
	body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return body;
}

const attachment = join(tmpdir(), "缴费凭证.pdf");
writeFileSync(attachment, minimal_pdf());

async function fill_petition(page, subject) {
	await page.goto(`${BASE}/xinfang`);
	await page.selectOption("#matter_kind", "Appeal");
	await page.fill("#petitioner_name", "吴网民");
	await page.fill("#petitioner_phone", "13566667777");
	await page.fill("#subject", subject);
	await page.fill("#request", "要求退还重复收取的CT检查费");
	await page.fill("#facts", '11月20日缴费时被重复收取检查费。<img src=x onerror="alert(1)">');
	await page.setInputFiles("#files", attachment);
}

for (const [label, width, height] of [
	["phone", 360, 780],
	["desktop", 1280, 900],
]) {
	test(`submit, track, rate and ask for a review (${label})`, async () => {
		server("prepare");
		const { browser, page } = await browser_page(width, height);
		try {
			await fill_petition(page, `<script>alert("x")</script>门诊重复收费（${label}）`);
			// without consent the form is refused with a Chinese message and keeps what was typed
			await page.click("#xf-send");
			await page.waitForSelector("#consent-error", { state: "visible" });
			assert.match(await page.textContent("#consent-error"), /同意/);
			assert.equal(await page.inputValue("#petitioner_name"), "吴网民");
			await page.screenshot({ path: `${SHOTS}/portal-consent-refused-${label}.png`, fullPage: true });

			await page.check("#consent");
			await page.click("#xf-send");
			await page.waitForSelector("#xf-done", { state: "visible" });
			const name = (await page.textContent("#done-name")).trim();
			const code = (await page.textContent("#done-code")).trim();
			created.push(name);
			assert.match(name, /^XF-\d{4}-\d{5}$/);
			assert.match(code, /^[2-9A-HJ-NP-Z]{16}$/);
			await page.screenshot({ path: `${SHOTS}/portal-submitted-${label}.png`, fullPage: true });

			// a wrong phone ending gives nothing away
			await page.goto(`${BASE}/xinfang/track?code=${code}`);
			await page.fill("#last_four", "0000");
			await page.click("#xf-track button[type=submit]");
			await page.waitForSelector("#xf-error", { state: "visible" });
			assert.match(await page.textContent("#xf-error"), /没有找到/);

			server("reply_to", name);
			await page.fill("#last_four", "7777");
			await page.click("#xf-track button[type=submit]");
			await page.waitForSelector("#result", { state: "visible" });
			const steps = await page.textContent("#r-steps");
			assert.match(steps, /已书面答复/);
			assert.match(steps, /原路退还/);
			assert.doesNotMatch(steps, /browser_officer|吴网民|收费员操作失误/);
			assert.match(await page.textContent("#r-subject"), /<script>|门诊重复收费/);
			await page.screenshot({ path: `${SHOTS}/portal-replied-${label}.png`, fullPage: true });

			await page.click('[data-rating="Basically Satisfied"]');
			await page.waitForFunction(() => document.getElementById("rated").textContent.includes("基本满意"));
			await page.fill("#review-request", "退费金额少了20元，申请复查");
			await page.click("#review-send");
			// the request is shown once more and confirmed before it goes
			await page.waitForSelector("#review-confirm", { state: "visible" });
			await page.click("#review-confirm-send");
			await page.waitForFunction(() => document.getElementById("review-done").textContent.includes("XF-"));
			await page.screenshot({ path: `${SHOTS}/portal-rated-review-${label}.png`, fullPage: true });
		} finally {
			await browser.close();
		}
	});
}

after(() => {
	if (created.length) server("cleanup", JSON.stringify(created));
});
