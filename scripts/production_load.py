"""Bounded concurrent load against a running site, as guests and staff would use it at once.

Guests submit online petitions with an attachment through the portal endpoint, petition officers
register, accept and assign them through the REST API with their API keys, case handlers save their
replies and submit them; then two users save the same petition. Every request is counted; the run
stops at --max-requests or --max-seconds, whichever comes first. Prints one JSON object and writes the
petitions the server said it stored to --out.

Run with the bench's Python (it has ``requests``):
    env/bin/python scripts/production_load.py --url http://127.0.0.1:8021 --host xf-prod.localhost \
        --keys keys.json --out made.json
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import threading
import time

import requests

SUBMIT = "/api/method/xinfang_app.api.portal.submit"
APPLY = "/api/method/frappe.model.workflow.apply_workflow"


class Load:
	def __init__(self, args):
		self.args = args
		self.keys = json.load(open(args.keys))
		self.lock = threading.Lock()
		self.latencies: dict[str, list[float]] = {}
		self.statuses: dict[int, int] = {}
		self.errors: list[str] = []
		self.made: list[dict] = []
		self.started = time.monotonic()
		self.count = 0
		self.transport_errors = 0
		self.unbounded = False
		self.guests_done = threading.Event()

	def budget_left(self) -> bool:
		if self.unbounded:
			return True
		return self.count < self.args.max_requests and time.monotonic() - self.started < self.args.max_seconds

	def call(
		self, kind: str, method: str, path: str, token: str | None = None, **kw
	) -> requests.Response | None:
		with self.lock:
			if not self.budget_left():
				return None
			self.count += 1
		headers = {"Host": self.args.host, "Accept": "application/json"}
		if token:
			headers["Authorization"] = token
		began = time.monotonic()
		try:
			response = requests.request(method, self.args.url + path, headers=headers, timeout=60, **kw)
		except requests.RequestException as error:
			with self.lock:
				self.errors.append(f"{kind}: {error.__class__.__name__}")
				self.transport_errors += 1
			return None
		elapsed = time.monotonic() - began
		with self.lock:
			self.latencies.setdefault(kind, []).append(elapsed)
			self.statuses[response.status_code] = self.statuses.get(response.status_code, 0) + 1
			if response.status_code >= 500:
				self.errors.append(f"{kind} {response.status_code}: {response.text[:300]}")
		return response

	# guests -------------------------------------------------------------------------------
	def guest(self, g: int):
		for i in range(self.args.per_guest):
			attachment = pdf(f"guest {g} petition {i} {os.urandom(8).hex()}")
			response = self.call(
				"guest submit",
				"POST",
				SUBMIT,
				data={
					"consent": 1,
					"matter_kind": "Appeal",
					"subject": f"门诊排队时间过长（并发提交 {g}-{i}）",
					"request": "希望增加挂号窗口并公布等候时间",
					"facts": "上午在门诊挂号排队近两小时。",
					"petitioner_name": f"访客{g}",
					"petitioner_phone": f"1390000{g:02d}{i:02d}",
				},
				files={"files": (f"evidence-{g}-{i}.pdf", attachment, "application/pdf")},
			)
			if response is None:
				break
			if response.status_code == 200:
				message = response.json()["message"]
				with self.lock:
					self.made.append({"name": message["name"], "tracking_code": message["tracking_code"]})

	# officers -----------------------------------------------------------------------------
	def apply(self, token, name, action, kind):
		return self.call(
			kind, "POST", APPLY, token, json={"doc": {"doctype": "Petition", "name": name}, "action": action}
		)

	def put(self, token, name, values, kind):
		return self.call(kind, "PUT", f"/api/resource/Petition/{name}", token, json=values)

	def officer(self, o: int, officers: int):
		token = self.keys[f"prod_officer{'' if o == 0 else o + 1}"]["token"]
		handlers = [self.keys["prod_handler"]["user"], self.keys["prod_handler2"]["user"]]
		done: set[str] = set()
		quota = self.args.move // officers
		while len(done) < quota and self.budget_left():
			with self.lock:
				mine = [
					m["name"]
					for m in self.made
					if m["name"] not in done and int(m["name"].rsplit("-", 1)[1]) % officers == o
				]
			if not mine:
				if self.guests_done.is_set():
					break
				time.sleep(0.5)
				continue
			for name in mine[: quota - len(done)]:
				handler = handlers[len(done) % 2]
				steps = [
					(self.apply, "Register Petition", "officer workflow"),
					(self.put, {"acceptance": "Accepted"}, "officer save"),
					(self.apply, "Accept Petition", "officer workflow"),
					(self.put, {"handling_office": "医务科", "handler": handler}, "officer save"),
					(self.apply, "Assign Handler", "officer workflow"),
				]
				for step, what, kind in steps:
					response = step(token, name, what, kind)
					if response is None or response.status_code != 200:
						if response is not None:
							with self.lock:
								self.errors.append(
									f"officer {name}: {response.status_code} {response.text[:200]}"
								)
						break
				done.add(name)

	# handlers -----------------------------------------------------------------------------
	def handler(self, key: str):
		token = self.keys[key]["token"]
		user = self.keys[key]["user"]
		replied: set[str] = set()
		idle = 0
		while self.budget_left() and idle < 8:
			response = self.call(
				"handler list",
				"GET",
				"/api/resource/Petition",
				token,
				params={
					"filters": json.dumps([["workflow_state", "=", "In Progress"], ["handler", "=", user]]),
					"fields": json.dumps(["name"]),
					"limit_page_length": 20,
				},
			)
			if response is None:
				break
			names = [r["name"] for r in response.json().get("data", []) if r["name"] not in replied]
			if not names:
				idle += 1
				time.sleep(1)
				continue
			idle = 0
			for name in names:
				saved = self.put(
					token,
					name,
					{"outcome": "Explained", "reply": "已增加两个挂号窗口，并在大厅公布实时等候人数。"},
					"handler save",
				)
				if saved is not None and saved.status_code == 200:
					self.apply(token, name, "Submit Reply", "handler workflow")
				replied.add(name)

	# two users, one petition ----------------------------------------------------------------
	def same_petition(self) -> dict:
		a, b = self.keys["prod_officer"]["token"], self.keys["prod_officer2"]["token"]
		name = self.made[0]["name"]
		first = self.call("same petition", "GET", f"/api/resource/Petition/{name}", a).json()["data"]
		second = self.call("same petition", "GET", f"/api/resource/Petition/{name}", b).json()["data"]
		saved = self.put(
			a, name, {"facts": "第一位用户补充的事实。", "modified": first["modified"]}, "same petition"
		)
		refused = self.put(
			b, name, {"facts": "第二位用户的旧版本。", "modified": second["modified"]}, "same petition"
		)
		after = self.call("same petition", "GET", f"/api/resource/Petition/{name}", a).json()["data"]
		message = refused.text
		return {
			"petition": name,
			"first_status": saved.status_code,
			"second_status": refused.status_code,
			"second_exception": refused.json().get("exc_type"),
			"second_message_modified": "modified" in message or "已被修改" in message,
			"first_save_kept": after["facts"] == "第一位用户补充的事实。",
		}

	def run(self) -> dict:
		guests = [threading.Thread(target=self.guest, args=(g,)) for g in range(self.args.guests)]
		officers = [threading.Thread(target=self.officer, args=(o, 2)) for o in range(2)]
		handlers = [
			threading.Thread(target=self.handler, args=(k,)) for k in ("prod_handler", "prod_handler2")
		]
		for t in guests + officers + handlers:
			t.start()
		for t in guests:
			t.join()
		self.guests_done.set()
		for t in officers + handlers:
			t.join()
		elapsed = time.monotonic() - self.started
		all_latencies = sorted(x for values in self.latencies.values() for x in values)
		self.unbounded = True  # the two-users case always runs (6 requests)
		same = self.same_petition() if self.made else {}
		with open(self.args.out, "w") as f:
			json.dump(self.made, f)
		return {
			"requests": self.count,
			"seconds": round(elapsed, 1),
			"statuses": self.statuses,
			"server_errors": sum(n for code, n in self.statuses.items() if code >= 500),
			"transport_errors": self.transport_errors,
			"p50_ms": round(percentile(all_latencies, 50) * 1000, 1),
			"p95_ms": round(percentile(all_latencies, 95) * 1000, 1),
			"by_kind": {
				kind: {
					"n": len(values),
					"p50_ms": round(percentile(sorted(values), 50) * 1000, 1),
					"p95_ms": round(percentile(sorted(values), 95) * 1000, 1),
				}
				for kind, values in self.latencies.items()
			},
			"petitions_submitted": len(self.made),
			"same_petition": same,
			"errors": self.errors[:10],
		}


def pdf(title: str) -> bytes:
	"""A small real PDF (the portal checks that an upload is what its name says)."""
	import io

	from pypdf import PdfWriter

	writer = PdfWriter()
	writer.add_blank_page(width=595, height=842)
	writer.add_metadata({"/Title": title})
	out = io.BytesIO()
	writer.write(out)
	return out.getvalue()


def percentile(values: list[float], p: int) -> float:
	if not values:
		return 0.0
	if len(values) == 1:
		return values[0]
	return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def main():
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--url", required=True)
	parser.add_argument("--host", required=True, help="the site name, sent as the Host header")
	parser.add_argument("--keys", required=True)
	parser.add_argument("--out", required=True)
	parser.add_argument("--guests", type=int, default=6)
	parser.add_argument("--per-guest", type=int, default=8)
	parser.add_argument("--move", type=int, default=24, help="petitions the officers take to a handler")
	parser.add_argument("--max-requests", type=int, default=300)
	parser.add_argument("--max-seconds", type=float, default=90)
	args = parser.parse_args()
	print(json.dumps(Load(args).run(), ensure_ascii=False))


if __name__ == "__main__":
	main()
