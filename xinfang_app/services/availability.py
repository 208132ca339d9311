"""What a request answers while MariaDB or Redis cannot be reached.

MariaDB restarting (an upgrade, a failover, a crash) drops the connections of the requests it was serving
and refuses new ones for a few seconds. Frappe answers such a request as any unexpected error: HTTP 500,
"Server Error". Nothing of the request is kept (its transaction was never committed, or its commit never
confirmed), so the right answer is the one for a busy server: HTTP 503 with "请稍后重试" (please try again
later) and a ``Retry-After``. The online form then sends the same submission again, and its submission key
makes the copy the same petition (``services/intake.py``).

Redis down stops the queue and the cache, not the register: the rate limit of the public calls, kept in
Redis, lets the call through rather than refusing a petition for it (``rate_limit``), and work left for
after a commit is kept for later (``services/deferred.py``).
"""

from __future__ import annotations

import functools
import json

import frappe
import redis
from frappe import _
from frappe.rate_limiter import rate_limit as frappe_rate_limit

from xinfang_app.compat import database_driver_errors

RETRY_AFTER_SECONDS = 10
# MariaDB errors of a connection, not of a statement: the server went away, is shutting down or
# starting, or killed the connection while it restarted.
CONNECTION_ERRORS = {
	1053,  # server shutdown in progress
	1077,  # normal shutdown
	1079,  # shutdown complete
	1152,  # aborted connection
	1927,  # connection was killed
	2002,  # cannot connect through the socket
	2003,  # cannot connect to the server
	2006,  # server has gone away
	2013,  # lost connection during query
	2055,  # lost connection at handshake
}


def is_connection_error(error: BaseException | None) -> bool:
	"""The database connection failed (the error or one it was raised from)."""
	interface, operational = database_driver_errors()
	seen = 0
	while error is not None and seen < 5:
		if isinstance(error, interface):
			return True
		if isinstance(error, operational):
			code = error.args[0] if error.args else None
			if code in CONNECTION_ERRORS:
				return True
		if isinstance(error, ConnectionRefusedError | BrokenPipeError | ConnectionResetError):
			return True
		error = error.__cause__ or error.__context__
		seen += 1
	return False


def unavailable_message() -> str:
	try:
		return _("The service is briefly unavailable. Please try again later.")
	except Exception:  # the translations come from Redis or the database, which may be the fault
		return "The service is briefly unavailable. Please try again later."


def unavailable_response():
	"""The answer to a request whose database went away: 503, nothing kept, try again."""
	from werkzeug.wrappers import Response

	release_connection()
	message = unavailable_message()
	request = getattr(frappe.local, "request", None)
	accept = (request.headers.get("Accept") or "") if request is not None else ""
	as_json = (
		getattr(frappe.local, "is_ajax", False)
		or "application/json" in accept
		or (request is not None and request.path.startswith("/api/") and not accept.startswith("text"))
	)
	if as_json:
		body = json.dumps(
			{
				"exc_type": "ServiceUnavailable",
				"_server_messages": json.dumps(
					[
						json.dumps(
							{"message": message, "title": _title(), "indicator": "orange"}, ensure_ascii=False
						)
					],
					ensure_ascii=False,
				),
			},
			ensure_ascii=False,
		)
		response = Response(body, status=503, content_type="application/json; charset=utf-8")
	else:
		page = f"<!doctype html><meta charset='utf-8'><title>{_title()}</title><p>{frappe.utils.escape_html(message)}</p>"
		response = Response(page, status=503, content_type="text/html; charset=utf-8")
	response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
	return response


def _title() -> str:
	try:
		return _("Please try again later")
	except Exception:
		return "Please try again later"


def release_connection():
	"""Drop the request's broken connection. The rollback's own clean-up (files written to disk for the
	request's attachments are removed) runs when the server answers again; the request's end then finds no
	connection to roll back, so it cannot fail on the one that broke."""
	db = getattr(frappe.local, "db", None)
	if db is None:
		return
	try:
		db.close()
	except Exception:
		db._conn = db._cursor = None
	try:
		db.rollback()
	except Exception:
		pass
	try:
		db.close()
	except Exception:
		pass
	frappe.local.db = None


def rolled_back() -> bool:
	"""Roll back the transaction of a request that writes, as Frappe does once it has answered an error:
	False when the database cannot be reached for it (Frappe's own rollback would then fail the request)."""
	from frappe.auth import UNSAFE_HTTP_METHODS

	request = getattr(frappe.local, "request", None)
	db = getattr(frappe.local, "db", None)
	if request is None or db is None or request.method not in UNSAFE_HTTP_METHODS:
		return True
	try:
		db.rollback()
	except Exception as error:
		if is_connection_error(error):
			return False
		raise
	return True


def rate_limit(**limits):
	"""Frappe's ``rate_limit``, except that a Redis that cannot be reached lets the call through: the limit
	is counted in Redis, and a petition is not refused because the counter is down. An error of the call
	itself is never taken for the counter's."""

	def decorator(method):
		@functools.wraps(method)
		def limited(*args, **kwargs):
			reached = []

			def call(*a, **kw):
				reached.append(True)
				return method(*a, **kw)

			try:
				return frappe_rate_limit(**limits)(call)(*args, **kwargs)
			except redis.exceptions.ConnectionError:
				if reached:
					raise
				frappe.logger("xinfang").warning("rate limit not counted: Redis cannot be reached")
				return method(*args, **kwargs)

		return limited

	return decorator
