"""Workflow Action bookkeeping of a petition after the request, not inside it.

Frappe records, on every save of a workflow document, the next possible actions for the roles that may
take them (Workflow Action, the "awaiting your action" list), marks the previous ones completed and mails
them when the workflow says so. For a petition this is the largest part of the intake (about 40 % of an
insert), nobody needs it before the saving user has their answer, and its inserts and deletes on the
Workflow Action table were where simultaneous saves of different petitions deadlocked. So after a save
of a petition it runs in the background once the save is committed (in the save's one job on the short
queue, ``services/deferred.py``), as the user who saved, on the petition as it is then: when the petition
has meanwhile moved on, the job of the later save records its actions and the earlier job does nothing.
Entering a state that waits for someone is notified to the users who may take the next step at once, in the
save (``services/next_step.py``).
A deadlock between two such jobs is retried. Trash and cancel are handled as Frappe handles them. In tests
(and wherever Frappe runs jobs at once) it runs immediately, as before.
"""

from __future__ import annotations

import random
import time

import frappe

from xinfang_app.services.deferred import defer

DEFERRED_DOCTYPES = ("Petition",)
_original = None


def install():
	from frappe.workflow.doctype.workflow_action import workflow_action

	global _original
	if getattr(workflow_action.process_workflow_actions, "_xinfang_deferred", False):
		return
	_original = workflow_action.process_workflow_actions
	workflow_action.process_workflow_actions = process_workflow_actions


def process_workflow_actions(doc, state):
	if state == "on_update" and doc.get("doctype") in DEFERRED_DOCTYPES:
		args = {"doctype": doc.doctype, "name": doc.name, "workflow_state": doc.get("workflow_state")}
		if doc.has_value_changed("workflow_state"):
			# entering a state that waits for someone (a reply for approval) tells them now, in this save: the
			# bell does not wait for a worker (Frappe records a state's actions only the first time it is
			# entered; the notice goes every time)
			from xinfang_app.services.next_step import notify_next_actors

			notify_next_actors(doc)
		if frappe.flags.in_test or frappe.flags.in_import or frappe.flags.in_migrate:
			record_actions(**args)
		else:
			defer("xinfang_app.overrides.workflow_actions.record_actions", **args)
		return
	return _original(doc, state)


process_workflow_actions._xinfang_deferred = True


def record_actions(doctype: str, name: str, workflow_state: str | None):
	if not frappe.db.exists(doctype, name):
		return
	doc = frappe.get_doc(doctype, name)
	if doc.get("workflow_state") != workflow_state:
		return  # moved on since: that save recorded its own actions
	for attempt in range(4):
		try:
			_original(doc, "on_update")
			return
		except frappe.QueryDeadlockError:
			frappe.db.rollback()
			if attempt == 3:
				raise
			time.sleep(random.uniform(0.05, 0.2) * (attempt + 1))
			doc = frappe.get_doc(doctype, name)
