"""A request whose database went away answers 503 "请稍后重试", not a server error (``services/availability.py``).

Frappe turns every exception of a request into its answer in ``frappe.app.handle_exception`` and then rolls
the request's transaction back. A MariaDB connection error has no HTTP status of its own there and became
a 500 page; and any other error met while the server was away (a refused rate limit, a validation) failed
a second time on that rollback, which gunicorn answers with a bare 500. The correction answers connection
errors before Frappe looks at them, and, after Frappe has answered any other error of a request that
writes, rolls back itself: when that cannot reach the database either, the answer is the 503. Any other
error is Frappe's, as before. Frappe's commit at the end of a request that writes is also made when the
request committed its work itself (the online submission does, so that a lost commit is answered 503): a
server gone by then loses nothing, and the answer given stands.
"""

from __future__ import annotations

import frappe

_MARK = "_xinfang_unavailable"


def install():
	from frappe import app

	original = getattr(app, "handle_exception", None)
	if original is None or getattr(original, _MARK, False):
		return

	def handle_exception(e):
		from xinfang_app.services import availability

		if availability.is_connection_error(e):
			return availability.unavailable_response()
		try:
			response = original(e)
		except Exception as error:
			if availability.is_connection_error(error):
				return availability.unavailable_response()
			raise
		if not availability.rolled_back():
			return availability.unavailable_response()
		return response

	setattr(handle_exception, _MARK, True)
	app.handle_exception = handle_exception

	commit_at_end = getattr(app, "sync_database", None)
	if commit_at_end is None or getattr(commit_at_end, _MARK, False):
		return

	def sync_database(*args):
		"""Frappe's commit at the end of a request that writes. When the database went away and the request
		had nothing left to commit (what it wrote was committed inside it, as the online submission does),
		its answer stands; otherwise the error is Frappe's, as before."""
		from xinfang_app.services import availability

		# counted before the commit, which sets the count back to 0 before it is sent
		pending = getattr(getattr(frappe.local, "db", None), "transaction_writes", 1)
		try:
			return commit_at_end(*args)  # Frappe 15 passes whether to roll back, Frappe 16 nothing
		except Exception as error:
			if pending or not availability.is_connection_error(error):
				raise
			availability.release_connection()
			return False

	setattr(sync_database, _MARK, True)
	app.sync_database = sync_database
