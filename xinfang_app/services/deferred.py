"""Work a save leaves for after its commit, handed to one background job per transaction.

A petition's save leaves work that nobody needs before the saving user has their answer: the Workflow
Action bookkeeping (``overrides/workflow_actions.py``) and handing its SMS to the gateway
(``services/sms.py``). Each used to be a job of its own; every job put on the queue costs the request a
Redis transaction and a read of the site config. ``defer`` collects the calls of a transaction and, once it
is committed, puts them on the short queue as one job, which runs them one after the other as the user who
saved, each committed on its own: one that fails is logged and does not keep the others from running. A
rolled-back transaction defers nothing.

The save is committed before the job is queued, so a queue that cannot be reached (Redis down) must not
turn the saved petition into an error: the calls that have an outbox of their own are left to it (an SMS
stays queued in Petition SMS and the scheduled ``services.sms.retry_due`` sends it once the scheduler runs
again); the others run at once, in the request, as the job would have run them.
"""

from __future__ import annotations

import frappe

_PENDING = "xinfang_deferred_calls"
# Calls whose work waits in a table of its own and is picked up by a scheduled job when it was not queued.
KEPT_BY_AN_OUTBOX = {"xinfang_app.services.sms.deliver"}


def defer(method: str, **kwargs):
	"""Call ``method(**kwargs)`` in the transaction's one after-commit job."""
	calls = getattr(frappe.local, _PENDING, None)
	if calls is None:
		calls = []
		setattr(frappe.local, _PENDING, calls)
		frappe.db.after_commit.add(_enqueue)
		frappe.db.after_rollback.add(discard)
	calls.append((method, kwargs))


def discard():
	"""Forget the calls not yet handed on (a rollback does this)."""
	setattr(frappe.local, _PENDING, None)


def _enqueue():
	calls = getattr(frappe.local, _PENDING, None)
	discard()
	if not calls:
		return
	try:
		frappe.enqueue("xinfang_app.services.deferred.run", queue="short", calls=calls)
	except Exception:
		# The queue cannot be reached; what was saved stays saved.
		frappe.logger("xinfang").warning(
			"after-commit job not queued: %s", [m for m, _kw in calls], exc_info=True
		)
		run_unqueued(calls)


def run_unqueued(calls: list):
	"""The calls of a job that could not be queued: an outbox's are left to it, the others run now."""
	now = [(method, kwargs) for method, kwargs in calls if method not in KEPT_BY_AN_OUTBOX]
	if not now:
		return
	try:
		run(now)
	except Exception:
		pass  # each failure was logged by run(); the request's answer stands


def run(calls: list):
	"""The job: each call in turn, committed on its own; the first failure is raised once all have run."""
	failed = None
	for method, kwargs in calls:
		try:
			frappe.get_attr(method)(**kwargs)
			frappe.db.commit()
		except Exception as error:
			frappe.db.rollback()
			frappe.log_error(title=method)
			frappe.db.commit()
			failed = failed or error
	if failed:
		raise failed
