"""A database or Redis that cannot be reached: 503 "请稍后重试", never a 500; the portal not refused.

The faults themselves (MariaDB restarted under load, Redis stopped, a worker killed) are made by
``scripts/fault-check`` on processes of its own; here each answer is checked against a real lost connection:
a MariaDB client and a Redis client pointed at a local port where nothing listens.
"""

from __future__ import annotations

import socket
import uuid

import frappe
import pymysql
import redis
from frappe.utils.redis_wrapper import RedisWrapper
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from xinfang_app.compat import SYNC_DATABASE_ARGS, SiteTestCase
from xinfang_app.services import availability, deferred

SUBMIT_PATH = "/api/method/xinfang_app.api.portal.submit"


def closed_port() -> int:
	"""A local port nobody listens on."""
	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


def lost_database_error() -> Exception:
	"""The error MariaDB's client raises when the server is not there (errno 2003)."""
	try:
		pymysql.connect(host="127.0.0.1", port=closed_port(), user="x", password="x", connect_timeout=2)
	except pymysql.err.OperationalError as error:
		return error
	raise AssertionError("a closed port accepted a connection")


def request(method: str = "POST", path: str = SUBMIT_PATH) -> Request:
	environ = EnvironBuilder(
		path=path,
		method=method,
		headers={"Accept": "application/json", "Accept-Language": "zh-CN", "Host": frappe.local.site},
	).get_environ()
	return Request(environ)


class AvailabilityTestCase(SiteTestCase):
	def setUp(self):
		self.saved = {
			key: getattr(frappe.local, key, None)
			for key in ("request", "db", "lang", "request_ip", "form_dict", "is_ajax")
		}
		frappe.local.lang = "zh"
		frappe.local.is_ajax = False  # as a request sets it

	def tearDown(self):
		for key, value in self.saved.items():
			setattr(frappe.local, key, value)

	def request_database(self):
		"""A connection of the request's own, as each request has: the one dropped is not the test's."""
		from frappe.database import get_db

		conf = frappe.local.conf
		frappe.local.db = get_db(
			socket=conf.db_socket,
			host=conf.db_host,
			port=conf.db_port,
			user=conf.db_name,
			password=conf.db_password,
			cur_db_name=conf.db_name,
		)
		return frappe.local.db

	def test_a_lost_database_is_a_503_in_chinese(self):
		from frappe import app

		self.assertTrue(getattr(app.handle_exception, "_xinfang_unavailable", False))
		error = lost_database_error()
		self.assertTrue(availability.is_connection_error(error))
		frappe.local.request = request()
		own = self.request_database()
		own.sql("select 1")
		response = app.handle_exception(error)
		self.assertEqual(response.status_code, 503)
		self.assertEqual(response.headers["Retry-After"], str(availability.RETRY_AFTER_SECONDS))
		body = response.get_data(as_text=True)
		self.assertIn("请稍后重试", body)
		self.assertNotIn("Traceback", body)
		# The request's connection is dropped: nothing is left for its end to roll back on it.
		self.assertIsNone(own._conn)
		self.assertIsNot(getattr(frappe.local, "db", None), own)

		frappe.local.request = request("GET", "/xinfang")
		self.request_database()
		page = app.handle_exception(error)
		self.assertEqual(page.status_code, 503)
		self.assertIn("请稍后重试", page.get_data(as_text=True))

	def test_other_errors_are_answered_by_frappe_as_before(self):
		from frappe import app

		try:
			frappe.db.sql("select * from `tabNo Such Table For Availability`")
		except Exception as error:
			statement_error = error
		self.assertFalse(availability.is_connection_error(statement_error))
		self.assertFalse(availability.is_connection_error(frappe.ValidationError("bad input")))

		frappe.local.request = request("GET")
		self.request_database()
		try:  # Frappe answers an error from inside its except block, with the traceback at hand
			raise frappe.ValidationError("bad input")
		except frappe.ValidationError as error:
			response = app.handle_exception(error)
		self.assertEqual(response.status_code, 417)
		self.assertNotIn("请稍后重试", response.get_data(as_text=True))

	def test_rate_limit_counts_while_redis_answers_and_lets_through_when_it_does_not(self):
		frappe.local.request = request()
		frappe.local.request_ip = "127.0.0.9"
		frappe.local.form_dict = frappe._dict(cmd=f"xinfang_availability_{uuid.uuid4().hex[:8]}")
		calls = []

		def method():
			calls.append(1)
			return "stored"

		limited = availability.rate_limit(limit=1, seconds=60)(method)
		self.assertEqual(limited(), "stored")
		with self.assertRaises(frappe.RateLimitExceededError):
			limited()
		self.assertEqual(len(calls), 1)

		cache = frappe.cache
		frappe.cache = RedisWrapper.from_url(f"redis://127.0.0.1:{closed_port()}")
		try:
			self.assertEqual(limited(), "stored")
			self.assertEqual(limited(), "stored")
			self.assertEqual(len(calls), 3)

			def failing():
				calls.append(1)
				raise redis.exceptions.ConnectionError("the call's own error")

			# An error of the call itself is raised once, never taken for the counter's and run again.
			with self.assertRaises(redis.exceptions.ConnectionError):
				availability.rate_limit(limit=1, seconds=60)(failing)()
			self.assertEqual(len(calls), 4)
		finally:
			frappe.cache = cache
			frappe.cache.delete_keys("rl:")

	def test_unqueued_work_runs_now_except_what_an_outbox_keeps(self):
		from frappe.utils import now_datetime

		key = f"xinfang_unqueued_{uuid.uuid4().hex[:8]}"
		outbox_row = frappe.generate_hash(length=10)
		now = now_datetime()
		# A queued SMS whose petition is gone: delivering it would mark it Failed at once.
		frappe.db.bulk_insert(
			"Petition SMS",
			[
				"name",
				"creation",
				"modified",
				"owner",
				"modified_by",
				"petition",
				"phone",
				"message",
				"status",
			],
			[
				[
					outbox_row,
					now,
					now,
					"Administrator",
					"Administrator",
					f"XF-NONE-{key}",
					"13900000000",
					"x",
					"Queued",
				]
			],
		)
		calls = [
			("xinfang_app.services.sms.deliver", {"name": outbox_row}),
			("frappe.defaults.set_global_default", {"key": key, "value": "ran"}),
			("frappe.throw", {"msg": key}),
		]
		try:
			deferred.run_unqueued(calls)  # the failing call is logged, not raised: the answer stands
			self.assertEqual(frappe.defaults.get_global_default(key), "ran")
			self.assertEqual(frappe.db.get_value("Petition SMS", outbox_row, "status"), "Queued")
			self.assertTrue(
				frappe.db.exists("Error Log", {"method": "frappe.throw", "error": ("like", f"%{key}%")})
			)
		finally:
			frappe.defaults.clear_default(key, parent="__default")
			frappe.db.delete("Petition SMS", {"name": outbox_row})
			frappe.db.delete("Error Log", {"method": "frappe.throw", "error": ("like", f"%{key}%")})
			frappe.db.commit()

	def test_the_end_of_request_commit_of_a_request_that_committed_itself(self):
		from frappe import app

		frappe.local.request = request()
		frappe.local.flags.commit = False
		for writes, outcome in ((0, "answer stands"), (1, "raised")):
			own = self.request_database()
			own.sql("select 1")
			own.transaction_writes = writes
			own._conn.close()  # the server went away after the request's own commit
			try:
				app.sync_database(*SYNC_DATABASE_ARGS)
				result = "answer stands"
			except Exception as error:
				self.assertTrue(availability.is_connection_error(error))
				result = "raised"
			# Nothing left to commit: the answer given stands; writes not committed: Frappe's error.
			self.assertEqual(result, outcome)
