"""One matter, one petition: copies of one submission — sequential, and at the same moment through
gunicorn's worker processes, each with its own database connection — make one petition with one number
and no repeat flag; a different matter and a real repeat are still petitions of their own."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import threading
import time

import frappe
import requests
from frappe.tests.test_api import FrappeAPITestCase, make_request
from frappe.utils import add_to_date, get_datetime, now_datetime

from xinfang_app.tests.mail_services import free_port
from xinfang_app.tests.utils import api_token, make_office, make_user

SUBMIT = "api/method/xinfang_app.api.portal.submit"
SAVE = "api/method/frappe.desk.form.save.savedocs"


def new_phone() -> str:
	return "136" + str(random.randrange(10**7, 10**8))


def portal_form(phone: str, **values) -> dict:
	return {
		"matter_kind": "Appeal",
		"subject": "门诊收费多收了检查费（一次提交）",
		"request": "要求退还多收的费用",
		"facts": "缴费时被重复收取CT检查费",
		"petitioner_name": "吴一次",
		"petitioner_phone": phone,
		"consent": "1",
		**values,
	}


def rest_petition(phone: str, **values) -> dict:
	return {
		"channel": "Phone",
		"received_at": str(now_datetime().replace(microsecond=0)),
		"matter_kind": "Appeal",
		"subject": "住院押金退还延误（接口提交）",
		"request": "要求尽快退还押金",
		"petitioner_name": "钱接口",
		"petitioner_phone": phone,
		"handling_office": "医务科",
		**values,
	}


class Gunicorn:
	"""The site served by gunicorn with worker processes of its own, on a free local port; stopped by PID."""

	def __init__(self, workers: int = 3):
		self.port = free_port()
		self.site = frappe.local.site
		self.workers = workers
		self.process = None

	def start(self):
		sites = os.path.abspath(frappe.local.sites_path)
		gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
		self.log = open(os.path.join(frappe.get_site_path("logs"), f"test-gunicorn-{self.port}.log"), "w")
		self.process = subprocess.Popen(
			[
				gunicorn,
				"-b",
				f"127.0.0.1:{self.port}",
				"-w",
				str(self.workers),
				"-t",
				"120",
				"frappe.app:application",
			],
			cwd=sites,
			stdout=self.log,
			stderr=subprocess.STDOUT,
		)
		# A worker's first request loads the site (over 30 s on Frappe 16 with Python 3.14 on a busy machine):
		# each ping waits for its answer rather than giving up and asking the next worker, which loads too.
		deadline = time.time() + 240
		while time.time() < deadline:
			try:
				if requests.get(self.url("api/method/ping"), headers=self.headers(), timeout=120).ok:
					return self
			except requests.RequestException:
				pass
			if self.process.poll() is not None:
				break
			time.sleep(0.5)
		self.stop()
		raise RuntimeError(f"gunicorn did not come up on port {self.port}")

	def stop(self):
		if self.process and self.process.poll() is None:
			self.process.terminate()
			try:
				self.process.wait(timeout=30)
			except subprocess.TimeoutExpired:
				self.process.kill()
				self.process.wait()
		if getattr(self, "log", None):
			self.log.close()

	def url(self, path: str) -> str:
		return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}"

	def headers(self, **extra) -> dict:
		return {"X-Frappe-Site-Name": self.site, "Accept": "application/json", **extra}


def at_once(calls: list) -> list:
	"""Run the calls in threads released together; their results in order."""
	barrier = threading.Barrier(len(calls))
	results = [None] * len(calls)

	def run(i, call):
		barrier.wait()
		try:
			results[i] = call()
		except Exception as error:  # reported by the test's assertion on the result
			results[i] = error

	threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join(120)
	return results


class TestOneSubmission(FrappeAPITestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.officer = make_user("once_officer", ["Petition Officer"])
		cls.handler = make_user("once_handler", ["Case Handler"])
		make_office("医务科", members=[cls.handler])
		cls.token = api_token(cls.officer)
		cls.handler_token = api_token(cls.handler)
		cls.limit = frappe.db.get_single_value("Petition Settings", "portal_submit_limit")
		# Many submissions from one address in these tests: the hourly limit is not what is tested here.
		frappe.db.set_single_value("Petition Settings", "portal_submit_limit", 1000)
		frappe.db.commit()
		cls.phones = []

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		frappe.db.rollback()
		for name in frappe.get_all(
			"Petition", filters={"petitioner_phone": ("in", cls.phones)}, pluck="name"
		):
			frappe.delete_doc("Petition", name, force=True, ignore_permissions=True, ignore_on_trash=True)
		frappe.db.set_single_value("Petition Settings", "portal_submit_limit", cls.limit)
		frappe.db.commit()
		super().tearDownClass()

	def setUp(self):
		frappe.set_user("Administrator")
		frappe.cache.delete_keys("rl:")
		self.phone = new_phone()
		self.phones.append(self.phone)

	# ------------------------------------------------------------------ helpers
	def url(self, path: str) -> str:
		return f"{self.site_url.rstrip('/')}/{path.lstrip('/')}"

	def submit(self, **form):
		kwargs = {
			"data": form,
			"content_type": "multipart/form-data",
			"headers": {"Accept-Language": "zh-CN"},
		}
		response = make_request(target=self.TEST_CLIENT.post, args=(self.url(SUBMIT),), kwargs=kwargs)
		frappe.db.rollback()  # read what the request committed
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:2000])
		return response.json["message"]

	def rest_insert(self, data: dict, token=None):
		response = self.post(
			self.resource("Petition"),
			{"data": json.dumps(data)},
			headers={"Authorization": token or self.token},
		)
		frappe.db.rollback()
		return response

	def petitions(self, phone=None) -> list[dict]:
		frappe.db.rollback()
		return frappe.get_all(
			"Petition",
			filters={"petitioner_phone": phone or self.phone},
			fields=["name", "tracking_code", "is_repeat", "original_petition", "submission_key"],
			order_by="creation",
		)

	def assert_one_petition(self, answers: list[dict], phone=None):
		stored = self.petitions(phone)
		self.assertEqual(len(stored), 1, stored)
		first = stored[0]
		self.assertEqual(
			{(a["name"], a["tracking_code"]) for a in answers}, {(first.name, first.tracking_code)}
		)
		self.assertFalse(first.is_repeat)
		self.assertFalse(first.original_petition)
		self.assertEqual(len(first.submission_key), 40)
		return first

	# ------------------------------------------------------------------ the online form
	def test_two_and_three_copies_of_the_online_form_make_one_petition(self):
		key = frappe.generate_hash(length=32)
		answers = [self.submit(**portal_form(self.phone, submission_key=key)) for _copy in range(3)]
		first = self.assert_one_petition(answers)
		# one SMS with the tracking code, not one per copy
		self.assertLessEqual(frappe.db.count("Petition SMS", {"petition": first.name}), 1)

	def test_a_form_without_a_key_posted_twice_is_one_petition(self):
		answers = [self.submit(**portal_form(self.phone)) for _copy in range(2)]
		self.assert_one_petition(answers)

	def test_a_different_matter_from_the_same_person_is_its_own_petition(self):
		key = frappe.generate_hash(length=32)
		first = self.submit(**portal_form(self.phone, submission_key=key))
		# the same page, edited after its answer: another matter is another submission
		other = self.submit(
			**portal_form(self.phone, submission_key=key, subject="建议增加停车位", request="停车难")
		)
		self.assertNotEqual(first["name"], other["name"])
		self.assertEqual(len(self.petitions()), 2)
		self.assertFalse(frappe.db.get_value("Petition", other["name"], "is_repeat"))

	def test_the_same_matter_after_it_was_answered_is_a_real_repeat(self):
		first = self.submit(**portal_form(self.phone))
		frappe.db.set_value("Petition", first["name"], {"replied_on": now_datetime().date()})
		frappe.db.commit()
		again = self.submit(**portal_form(self.phone))
		self.assertNotEqual(again["name"], first["name"])
		repeat = frappe.db.get_value(
			"Petition", again["name"], ["is_repeat", "original_petition"], as_dict=True
		)
		self.assertEqual((repeat.is_repeat, repeat.original_petition), (1, first["name"]))

	# ------------------------------------------------------------------ the REST API
	def test_the_rest_api_without_a_key_makes_one_petition_of_copies_and_answers_the_first(self):
		data = rest_petition(self.phone)
		responses = [self.rest_insert(data) for _copy in range(3)]
		self.assertEqual([r.status_code for r in responses], [200, 200, 200])
		answers = [r.json["data"] for r in responses]
		first = self.assert_one_petition(answers)
		# the key is read by no one: not in the answer, not in a list
		for answer in answers:
			self.assertFalse(answer.get("submission_key"))
		listing = self.get(
			self.resource("Petition"),
			{"fields": json.dumps(["name", "submission_key"]), "filters": json.dumps({"name": first.name})},
			headers={"Authorization": self.token},
		)
		self.assertNotIn("submission_key", json.dumps(listing.json.get("data", [])))
		one = self.get(self.resource("Petition", first.name), headers={"Authorization": self.token})
		self.assertEqual(one.status_code, 200)
		self.assertFalse(one.json["data"].get("submission_key"))

	def test_outside_the_window_the_same_matter_is_a_repeat_petition(self):
		data = rest_petition(self.phone)
		first = self.rest_insert(data).json["data"]["name"]
		later = {**data, "received_at": str(add_to_date(get_datetime(data["received_at"]), minutes=30))}
		second = self.rest_insert(later)
		self.assertEqual(second.status_code, 200)
		self.assertNotEqual(second.json["data"]["name"], first)
		self.assertEqual(second.json["data"]["is_repeat"], 1)
		self.assertEqual(second.json["data"]["original_petition"], first)

	def test_a_role_that_may_not_register_petitions_makes_none_copy_or_not(self):
		data = rest_petition(self.phone)
		self.assertEqual(self.rest_insert(data).status_code, 200)
		for _copy in range(2):
			refused = self.rest_insert(data, token=self.handler_token)
			self.assertEqual(refused.status_code, 403)
			self.assertNotIn(data["subject"], refused.get_data(as_text=True))
		self.assertEqual(len(self.petitions()), 1)

	# ------------------------------------------------------------------ the desk
	def test_the_desks_save_pressed_twice_makes_one_petition(self):
		doc = {
			"doctype": "Petition",
			"name": f"new-petition-{frappe.generate_hash(length=10)}",
			"__islocal": 1,
			"__unsaved": 1,
			**rest_petition(self.phone, channel="Visit"),
		}
		answers = []
		for _press in range(2):
			response = self.post(
				SAVE, {"doc": json.dumps(doc), "action": "Save"}, headers={"Authorization": self.token}
			)
			self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:1000])
			saved = response.json["docs"][0]
			self.assertEqual(saved["localname"], doc["name"])
			answers.append(saved)
		self.assert_one_petition(answers)

	# ------------------------------------------------------------------ at the same moment
	def test_copies_at_the_same_moment_through_gunicorn_make_one_petition(self):
		server = Gunicorn(workers=3).start()
		self.addCleanup(server.stop)

		def portal(phone, key=None):
			form = portal_form(phone, **({"submission_key": key} if key else {}))
			headers = server.headers()
			return lambda: requests.post(server.url(SUBMIT), data=form, headers=headers, timeout=120)

		def rest(phone):
			body = {"data": json.dumps(rest_petition(phone))}
			headers = server.headers(Authorization=self.token)
			url = server.url("api/resource/Petition")
			return lambda: requests.post(url, data=body, headers=headers, timeout=120)

		def desk(phone):
			doc = {"doctype": "Petition", "name": f"new-petition-{frappe.generate_hash(length=10)}"}
			doc.update({"__islocal": 1, **rest_petition(phone, channel="Visit")})
			body = {"doc": json.dumps(doc), "action": "Save"}
			headers = server.headers(Authorization=self.token)
			return lambda: requests.post(server.url(SAVE), data=body, headers=headers, timeout=120)

		cases = {
			"online form with its key, 3 copies": (self.phone, [portal(self.phone, "k" + self.phone)] * 3),
			"online form without a key, 2 copies": (p2 := new_phone(), [portal(p2)] * 2),
			"REST API, 3 copies": (p3 := new_phone(), [rest(p3)] * 3),
		}
		p4 = new_phone()
		cases["desk save pressed twice"] = (p4, [desk(p4)] * 2)
		self.phones.extend([p2, p3, p4])
		for label, (phone, calls) in cases.items():
			with self.subTest(label):
				frappe.cache.delete_keys("rl:")
				responses = at_once(calls)
				for response in responses:
					self.assertIsInstance(response, requests.Response, response)
					self.assertEqual(response.status_code, 200, response.text[:2000])
				answers = [
					r.json().get("message") or r.json().get("data") or r.json()["docs"][0] for r in responses
				]
				self.assert_one_petition(answers, phone)
