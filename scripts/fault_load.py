"""Petitioners submitting online while a fault is made: each submission is sent until it has a number.

Each client submits its petitions one after the other through the portal's submission endpoint, each
with a PDF attachment and a submission key of its own. An answer of 503 (the server's "请稍后重试") or a
connection that fails is retried after a pause with the same key and the same content, as the online form
does; any other error is counted and the submission given up. The run stops starting new submissions
when --stop-file exists (or after --max-seconds) and ends once every started submission has its answer or
has been retried for --retry-seconds. Prints one JSON object and writes every submission to --out.

Run with the bench's Python (it has ``requests`` and ``pypdf``):
    env/bin/python scripts/fault_load.py --url http://127.0.0.1:8150 --host xf-fault.localhost \
        --tag db --clients 8 --out made.json --stop-file stop
"""

from __future__ import annotations

import argparse
import json
import os
import threading
import time
import uuid
import zlib

import requests

SUBMIT = "/api/method/xinfang_app.api.portal.submit"
RETRY_TEXT = "请稍后重试"


class Run:
	def __init__(self, args):
		self.args = args
		self.lock = threading.Lock()
		self.started = time.monotonic()
		self.submissions: list[dict] = []
		self.statuses: dict[str, int] = {}
		self.refused = 0  # 503 answers with the Chinese "try again later"
		self.unclear_503 = 0  # 503 answers without it
		self.transport_errors = 0
		self.server_errors: list[str] = []  # 5xx other than 503
		self.other_errors: list[str] = []

	def stop(self) -> bool:
		if time.monotonic() - self.started > self.args.max_seconds:
			return True
		return bool(self.args.stop_file) and os.path.exists(self.args.stop_file)

	def count(self, status: str):
		with self.lock:
			self.statuses[status] = self.statuses.get(status, 0) + 1

	def client(self, c: int):
		i = 0
		while not self.stop() and (not self.args.per_client or i < self.args.per_client):
			self.submit_one(c, i)
			i += 1

	def submit_one(self, c: int, i: int):
		key = uuid.uuid4().hex
		form = form_for(self.args.tag, c, i, key)
		entry = {
			"c": c,
			"i": i,
			"subject": form["subject"],
			"phone": form["petitioner_phone"],
			"key": key,
			"attempts": 0,
			"name": None,
			"tracking_code": None,
		}
		with self.lock:
			self.submissions.append(entry)
		first = time.monotonic()
		while True:
			entry["attempts"] += 1
			try:
				response = post(self.args, form, c, i)
			except requests.RequestException as error:
				self.count(error.__class__.__name__)
				with self.lock:
					self.transport_errors += 1
			else:
				self.count(str(response.status_code))
				if response.status_code == 200:
					message = response.json()["message"]
					entry["name"], entry["tracking_code"] = message["name"], message["tracking_code"]
					return
				if response.status_code == 503:
					with self.lock:
						if RETRY_TEXT in answer_text(response):
							self.refused += 1
						else:
							self.unclear_503 += 1
				elif response.status_code >= 500:
					with self.lock:
						self.server_errors.append(f"{response.status_code}: {response.text[:300]}")
					entry["error"] = response.status_code
					return
				else:
					with self.lock:
						self.other_errors.append(f"{response.status_code}: {response.text[:300]}")
					entry["error"] = response.status_code
					return
			if time.monotonic() - first > self.args.retry_seconds:
				entry["error"] = "gave up"
				return
			time.sleep(self.args.pause)

	def result(self) -> dict:
		answered = [s for s in self.submissions if s["name"]]
		return {
			"tag": self.args.tag,
			"clients": self.args.clients,
			"sent": len(self.submissions),
			"answered_with_number": len(answered),
			"requests": sum(s["attempts"] for s in self.submissions),
			"retried": sum(1 for s in self.submissions if s["attempts"] > 1),
			"refused": self.refused,
			"unclear_503": self.unclear_503,
			"transport_errors": self.transport_errors,
			"server_errors": len(self.server_errors),
			"other_errors": len(self.other_errors),
			"gave_up": sum(1 for s in self.submissions if s.get("error") == "gave up"),
			"statuses": self.statuses,
			"errors": (self.server_errors + self.other_errors)[:10],
			"seconds": round(time.monotonic() - self.started, 1),
		}


# A digit of each run's phone numbers, so that what the SMS gateway received is told apart run by run.
TAG_DIGITS = {"warm": 1, "db": 2, "redis": 3}


def phone_for(tag: str, c: int, i: int) -> str:
	digit = TAG_DIGITS.get(tag, 4 + zlib.crc32(tag.encode()) % 6)
	return f"13{digit}{c:03d}{i:05d}"


def form_for(tag: str, c: int, i: int, key: str) -> dict:
	"""The petition client c sends as its i-th: the same every time it is sent."""
	return {
		"consent": 1,
		"matter_kind": "Appeal",
		"subject": f"故障检查 {tag} {c}-{i}",
		"request": f"希望缩短门诊排队时间（{tag} {c}-{i}）",
		"facts": "上午在门诊挂号排队近两小时。",
		"petitioner_name": f"故障{c}",
		"petitioner_phone": phone_for(tag, c, i),
		# the online form's submission key, the same for each sending of one filled form
		"submission_key": key,
	}


def post(args, form: dict, c: int, i: int):
	return requests.post(
		args.url + SUBMIT,
		headers={"Host": args.host, "Accept": "application/json", "Accept-Language": "zh-CN,zh;q=0.9"},
		data=form,
		files={
			"files": (
				f"证据-{c}-{i}.pdf",
				pdf(f"{form['subject']} {form['submission_key']}"),
				"application/pdf",
			)
		},
		timeout=60,
	)


def resend(args):
	"""Send again, with the same key and content, the first --clients submissions that got a number."""
	made = [m for m in json.load(open(args.resend)) if m.get("name")][: args.clients]
	answers = []
	for m in made:
		form = form_for(args.tag, m["c"], m["i"], m["key"])
		response = post(args, form, m["c"], m["i"])
		message = response.json().get("message") if response.status_code == 200 else None
		answers.append(
			{"first": m["name"], "status": response.status_code, "name": (message or {}).get("name")}
		)
	with open(args.out, "w") as f:
		json.dump(answers, f, ensure_ascii=False)
	print(
		json.dumps(
			{
				"sent": len(answers),
				"same_number": sum(1 for a in answers if a["name"] == a["first"]),
				"statuses": [a["status"] for a in answers],
			}
		)
	)


def answer_text(response) -> str:
	"""Every text of an answer: the body and the JSON nested in its strings (Frappe's _server_messages)."""
	texts = [response.content.decode("utf-8", "replace")]

	def collect(value):
		if isinstance(value, dict):
			for item in value.values():
				collect(item)
		elif isinstance(value, list):
			for item in value:
				collect(item)
		elif isinstance(value, str):
			texts.append(value)
			if value[:1] in ("{", "[", '"'):
				try:
					collect(json.loads(value))
				except ValueError:
					pass

	try:
		collect(response.json())
	except ValueError:
		pass
	return " ".join(texts)


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


def main():
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--url", required=True)
	parser.add_argument("--host", required=True, help="the site name, sent as the Host header")
	parser.add_argument("--tag", required=True, help="a word in every subject of this run")
	parser.add_argument("--clients", type=int, default=8)
	parser.add_argument("--per-client", type=int, default=0, help="submissions per client (0: until stopped)")
	parser.add_argument("--stop-file", default="")
	parser.add_argument("--max-seconds", type=float, default=90)
	parser.add_argument("--retry-seconds", type=float, default=60)
	parser.add_argument("--pause", type=float, default=0.5)
	parser.add_argument("--out", required=True)
	parser.add_argument("--resend", default="", help="a --out file: send its first submissions again")
	args = parser.parse_args()
	if args.resend:
		return resend(args)

	run = Run(args)
	threads = [threading.Thread(target=run.client, args=(c,)) for c in range(args.clients)]
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join()
	with open(args.out, "w") as f:
		json.dump(run.submissions, f, ensure_ascii=False)
	print(json.dumps(run.result(), ensure_ascii=False))


if __name__ == "__main__":
	main()
