// Online petition pages. Everything typed by a person is put on the page as text, never as HTML.
window.xinfang_portal = (() => {
	const msgs = window.xf_msgs || {};
	const $ = (id) => document.getElementById(id);
	const fmt = (text, args) => (text || "").replace(/\{(\d+)\}/g, (m, i) => (args[i] ?? ""));

	function csrf() {
		return (window.frappe && frappe.csrf_token) || "";
	}

	async function post(method, body) {
		const response = await fetch(`/api/method/${method}`, {
			method: "POST",
			headers: { "X-Frappe-CSRF-Token": csrf(), Accept: "application/json" },
			body,
		});
		return read(response);
	}

	// One filled form is one submission: its key goes with every attempt (a double tap, the page's own
	// retry after a timeout or a "please try again" answer), and the server answers every copy with the
	// first petition's number and tracking code.
	function new_submission_key() {
		const bytes = new Uint8Array(16);
		crypto.getRandomValues(bytes);
		return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
	}

	const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

	async function post_submission(body, attempts = 3) {
		for (let attempt = 1; ; attempt++) {
			let response;
			try {
				response = await fetch("/api/method/xinfang_app.api.portal.submit", {
					method: "POST",
					headers: { "X-Frappe-CSRF-Token": csrf(), Accept: "application/json" },
					body,
				});
			} catch (e) {
				// no answer (a weak connection): the same submission again, with the same key
				if (attempt >= attempts) throw new Error(msgs.network);
				await wait(1500 * attempt);
				continue;
			}
			if ([502, 503, 504].includes(response.status) && attempt < attempts) {
				await wait(1500 * attempt);
				continue;
			}
			return read(response);
		}
	}

	async function get(method, params) {
		const response = await fetch(`/api/method/${method}?${new URLSearchParams(params)}`, {
			headers: { Accept: "application/json" },
		});
		return read(response);
	}

	async function read(response) {
		let data = {};
		try {
			data = await response.json();
		} catch (e) {
			data = {};
		}
		if (response.ok) return data.message;
		throw new Error(server_message(data) || msgs.network);
	}

	function server_message(data) {
		try {
			const list = JSON.parse(data._server_messages || "[]").map((m) => JSON.parse(m).message);
			const text = list.join(" ");
			const box = document.createElement("div");
			box.innerHTML = text; // server messages are our own translated texts; read them as plain text
			return box.textContent.trim();
		} catch (e) {
			return data.exception || "";
		}
	}

	function show_error(text) {
		const box = $("xf-error");
		box.textContent = text;
		box.style.display = "block";
		box.scrollIntoView({ behavior: "smooth", block: "center" });
	}

	// Each required field left empty is marked and says so beside itself, not only by the button.
	function missing_fields(form) {
		const missing = [];
		for (const input of form.querySelectorAll("[data-required]")) {
			clear_field_error(input);
			if (input.offsetParent === null || input.value.trim()) continue; // hidden (anonymous) or filled
			const label = form.querySelector(`label[for="${input.id}"]`);
			const name = label ? label.firstChild.textContent.replace("*", "").trim() : "";
			field_error(input, fmt(msgs.required, [name]));
			missing.push(input);
		}
		return missing;
	}

	function field_error(input, text) {
		clear_field_error(input);
		input.classList.add("xf-invalid");
		input.setAttribute("aria-invalid", "true");
		const note = document.createElement("div");
		note.className = "xf-field-error";
		note.id = `${input.id}-error`;
		note.textContent = text;
		input.setAttribute("aria-describedby", note.id);
		const anchor = input.type === "checkbox" ? input.closest("label") : input;
		anchor.insertAdjacentElement("afterend", note);
	}

	function clear_field_error(input) {
		if (!input || !input.id) return;
		input.classList.remove("xf-invalid");
		input.removeAttribute("aria-invalid");
		const note = document.getElementById(`${input.id}-error`);
		if (note) note.remove();
	}

	function submit_page() {
		const form = $("xf-submit");
		if (!form) return;
		const kind = $("matter_kind");
		const anonymous = $("is_anonymous");
		const toggle = () => {
			const may = kind.value !== "Appeal";
			$("anonymous-row").style.display = may ? "flex" : "none";
			if (!may) anonymous.checked = false;
			$("identity").style.display = anonymous.checked ? "none" : "block";
		};
		kind.addEventListener("change", toggle);
		anonymous.addEventListener("change", toggle);
		toggle();
		form.addEventListener("input", (event) => clear_field_error(event.target));
		const submission_key = new_submission_key();
		form.addEventListener("submit", async (event) => {
			event.preventDefault();
			$("xf-error").style.display = "none";
			const missing = missing_fields(form);
			if (!$("consent").checked) field_error($("consent"), msgs.consent);
			if (missing.length || !$("consent").checked) {
				const first = missing[0] || $("consent");
				first.scrollIntoView({ behavior: "smooth", block: "center" });
				first.focus({ preventScroll: true });
				return;
			}
			const button = $("xf-send");
			button.disabled = true;
			button.textContent = msgs.sending;
			try {
				const body = new FormData(form);
				body.set("submission_key", submission_key);
				const result = await post_submission(body);
				form.style.display = "none";
				$("done-name").textContent = result.name;
				$("done-code").textContent = result.tracking_code;
				$("done-track").href = `/xinfang/track?code=${encodeURIComponent(result.tracking_code)}`;
				$("xf-done").style.display = "block";
				window.scrollTo(0, 0);
			} catch (error) {
				show_error(error.message);
			} finally {
				button.disabled = false;
				button.textContent = msgs.submit;
			}
		});
	}

	function render(view) {
		$("result").style.display = "block";
		$("r-name").textContent = view.name;
		$("r-subject").textContent = view.subject;
		const steps = $("r-steps");
		steps.replaceChildren();
		for (const step of view.milestones) {
			const li = document.createElement("li");
			const title = document.createElement("div");
			title.textContent = msgs[step.key] || step.key;
			const on = document.createElement("div");
			on.className = "xf-step-date";
			on.textContent = step.on;
			li.append(title, on);
			if (step.detail) {
				const detail = document.createElement("div");
				detail.className = "xf-step-detail";
				detail.textContent = step.key === "accepted" ? fmt(msgs.due, [step.detail]) : step.detail;
				li.append(detail);
			}
			if (step.key === "replied" && view.outcome) {
				const outcome = document.createElement("div");
				outcome.textContent = `${msgs.outcome}：${view.outcome}`;
				li.append(outcome);
				if (view.legal_basis) {
					const basis = document.createElement("div");
					basis.textContent = `${msgs.legal_basis}：${view.legal_basis}`;
					li.append(basis);
				}
			}
			steps.append(li);
		}
		if (view.decision_due) {
			const li = document.createElement("li");
			li.className = "xf-step-next";
			li.textContent = fmt(msgs.decision_due, [view.decision_due]);
			steps.append(li);
		}
		$("rate-box").style.display = view.may_rate ? "block" : "none";
		$("rated").textContent = view.satisfaction ? fmt(msgs.rated, [view.satisfaction]) : "";
		// the review route set by the hospital, as the written opinion says it; filed here only on its own route
		const route = view.review_route;
		$("review-box").style.display = route ? "block" : "none";
		$("review-route").textContent = route ? route.text : "";
		$("review-form").style.display = view.may_request_review ? "block" : "none";
		$("review-confirm").style.display = "none";
	}

	function track_page() {
		const form = $("xf-track");
		const params = new URLSearchParams(location.search);
		if (params.get("code")) $("code").value = params.get("code");
		const credentials = () => ({ code: $("code").value, last_four: $("last_four").value });
		form.addEventListener("submit", async (event) => {
			event.preventDefault();
			$("xf-error").style.display = "none";
			$("result").style.display = "none";
			try {
				render(await get("xinfang_app.api.portal.track", credentials()));
			} catch (error) {
				show_error(error.message);
			}
		});
		document.querySelectorAll("[data-rating]").forEach((button) =>
			button.addEventListener("click", async () => {
				const body = new FormData();
				Object.entries({ ...credentials(), satisfaction: button.dataset.rating }).forEach(([k, v]) => body.append(k, v));
				try {
					render(await post("xinfang_app.api.portal.rate", body));
				} catch (error) {
					show_error(error.message);
				}
			}),
		);
		// 申请复查: the reasons are required, then the request is shown once more to be confirmed
		$("review-send").addEventListener("click", () => {
			const reasons = $("review-request").value.trim();
			const error = $("review-request-error");
			if (!reasons) {
				error.textContent = fmt(msgs.required, [msgs.review_reasons]);
				error.style.display = "block";
				$("review-request").setAttribute("aria-invalid", "true");
				$("review-request").focus();
				return;
			}
			error.style.display = "none";
			$("review-request").removeAttribute("aria-invalid");
			$("review-confirm-text").textContent = fmt(msgs.review_confirm, [reasons]);
			$("review-form").style.display = "none";
			$("review-confirm").style.display = "block";
		});
		$("review-back").addEventListener("click", () => {
			$("review-confirm").style.display = "none";
			$("review-form").style.display = "block";
		});
		$("review-confirm-send").addEventListener("click", async () => {
			const body = new FormData();
			Object.entries({ ...credentials(), request: $("review-request").value.trim() }).forEach(([k, v]) => body.append(k, v));
			const button = $("review-confirm-send");
			button.disabled = true;
			try {
				const result = await post("xinfang_app.api.portal.request_review", body);
				$("review-box").style.display = "none";
				$("review-done").textContent = fmt(msgs.review_sent, [result.review, result.tracking_code, result.stage]);
			} catch (error) {
				show_error(error.message);
			} finally {
				button.disabled = false;
			}
		});
		if (params.get("code") && params.get("last_four") !== null) form.requestSubmit();
	}

	return { submit_page, track_page };
})();
