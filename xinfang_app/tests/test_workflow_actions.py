"""Workflow Action bookkeeping of a new petition runs after the request; later saves as Frappe does."""

from __future__ import annotations

import frappe
from frappe.model.workflow import apply_workflow

from xinfang_app.compat import SiteTestCase
from xinfang_app.overrides import workflow_actions
from xinfang_app.services import deferred
from xinfang_app.tests.utils import make_office, petition


def open_actions(name: str) -> list[str]:
	return frappe.get_all(
		"Workflow Action",
		filters={"reference_doctype": "Petition", "reference_name": name, "status": "Open"},
		pluck="workflow_state",
	)


class TestDeferredWorkflowActions(SiteTestCase):
	def setUp(self):
		frappe.set_user("Administrator")
		make_office("医务科")

	def insert_outside_tests(self):
		"""Insert as a served request does: the job is queued for after the commit, not run."""
		frappe.flags.in_test = False
		waiting = len(frappe.db.after_commit._functions)
		try:
			doc = petition()
		finally:
			frappe.flags.in_test = True
		self.assertGreater(len(frappe.db.after_commit._functions), waiting, "a job waits for the commit")
		frappe.db.after_commit.reset()  # the test's transaction is never committed
		deferred.discard()
		return doc

	def test_insert_defers_the_actions_to_a_job_after_commit(self):
		doc = self.insert_outside_tests()
		self.assertEqual(open_actions(doc.name), [], "nothing recorded inside the request")
		workflow_actions.record_actions("Petition", doc.name, doc.workflow_state)
		self.assertEqual(open_actions(doc.name), [doc.workflow_state])
		workflow_actions.record_actions("Petition", doc.name, doc.workflow_state)
		self.assertEqual(open_actions(doc.name), [doc.workflow_state], "a second run adds nothing")

	def test_job_does_nothing_when_the_petition_has_moved_on(self):
		doc = self.insert_outside_tests()
		first_state = doc.workflow_state
		apply_workflow(doc.as_dict(), "Register Petition")
		moved_on = open_actions(doc.name)
		self.assertNotIn(first_state, moved_on)
		workflow_actions.record_actions("Petition", doc.name, first_state)
		self.assertEqual(open_actions(doc.name), moved_on, "the earlier save's job records nothing")

	def test_in_tests_the_actions_are_recorded_at_once(self):
		doc = petition()
		self.assertEqual(open_actions(doc.name), [doc.workflow_state])


NOTED: list[str] = []


def note(text: str):
	NOTED.append(text)


def fail():
	raise frappe.ValidationError("refused")


class TestOneJobAfterCommit(SiteTestCase):
	"""A save's after-commit work is one job on the short queue (services/deferred.py), in real Redis.

	A worker of the bench may take the job at once: a job is looked for wherever RQ keeps it — waiting in the
	queue, started, finished (kept ten minutes) or failed — and only this site's jobs count, as other sites
	share the queue."""

	def deferred_jobs(self) -> dict:
		from frappe.utils.background_jobs import get_queue
		from rq.job import Job
		from rq.registry import FailedJobRegistry, FinishedJobRegistry, StartedJobRegistry

		queue = get_queue("short")
		ids = set(queue.get_job_ids())
		for registry in (StartedJobRegistry, FinishedJobRegistry, FailedJobRegistry):
			ids |= set(registry(queue=queue).get_job_ids())
		return {
			job.id: job
			for job in Job.fetch_many(sorted(ids), connection=queue.connection)
			if job
			and job.kwargs.get("method") == "xinfang_app.services.deferred.run"
			and job.kwargs.get("site") == frappe.local.site
		}

	def new_jobs(self, before: dict, wait: float = 0) -> list:
		"""This site's deferred jobs queued since ``before``; a worker moving one from the queue to its
		started jobs holds it in neither for a moment, so they are looked for again for up to ``wait`` s."""
		import time

		deadline = time.monotonic() + wait
		while True:
			new = [job for id, job in self.deferred_jobs().items() if id not in before]
			if new or time.monotonic() >= deadline:
				return new
			time.sleep(0.2)

	def test_the_calls_of_a_transaction_are_one_job_after_its_commit(self):
		before = self.deferred_jobs()
		deferred.defer("xinfang_app.tests.test_workflow_actions.note", text="first")
		deferred.defer("xinfang_app.tests.test_workflow_actions.note", text="second")
		self.assertEqual(self.new_jobs(before), [], "nothing queued before the commit")
		frappe.db.commit()
		new = self.new_jobs(before, wait=10)
		self.assertEqual(len(new), 1, [job.kwargs["kwargs"] for job in new])
		calls = new[0].kwargs["kwargs"]["calls"]
		self.assertEqual([kwargs["text"] for _method, kwargs in calls], ["first", "second"])
		new[0].delete()
		NOTED.clear()
		deferred.run(calls)
		self.assertEqual(NOTED, ["first", "second"])

	def test_a_rolled_back_transaction_defers_nothing(self):
		before = self.deferred_jobs()
		deferred.defer("xinfang_app.tests.test_workflow_actions.note", text="never")
		frappe.db.rollback()
		frappe.db.commit()
		self.assertEqual(self.new_jobs(before, wait=1), [])

	def test_a_failing_call_is_logged_and_the_others_still_run(self):
		NOTED.clear()
		calls = [
			("xinfang_app.tests.test_workflow_actions.fail", {}),
			("xinfang_app.tests.test_workflow_actions.note", {"text": "after"}),
		]
		with self.assertRaises(frappe.ValidationError):
			deferred.run(calls)
		self.assertEqual(NOTED, ["after"])
		self.assertTrue(
			frappe.db.exists("Error Log", {"method": "xinfang_app.tests.test_workflow_actions.fail"})
		)
