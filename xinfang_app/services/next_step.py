"""The petition's next step reaches whoever may take it: a notification in their bell (Notification Log).

When a petition enters a state, Frappe records its possible actions (Workflow Action) for the roles that may
take them, and mails them when the workflow's 发送邮件提醒 is on. The bell says nothing of it; so the users
Frappe would mail — a role the transition allows, approval access (self-approval), read permission on the
petition — are notified in their own language. Read permission carries the confidentiality rule: a report
(检举控告) is never notified to anyone in the unit it reports on.

Which states notify is the workflow's own switch per state, 在此状态发送邮件 (``send_email``): the default
workflow turns it on where a reply waits for approval, and an administrator changes it in the workflow.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.desk.doctype.notification_settings.notification_settings import is_notifications_enabled
from frappe.model.workflow import get_workflow_name, has_approval_access
from frappe.utils.user import get_users_with_role


def notifying_states(workflow_name: str) -> set[str]:
	"""The states whose entry is notified to the next step's users (the workflow's per-state switch)."""
	return set(
		frappe.get_all(
			"Workflow Document State",
			filters={"parent": workflow_name, "parenttype": "Workflow", "send_email": 1},
			pluck="state",
		)
	)


def next_actors(doc) -> dict[str, list[str]]:
	"""The users who may take a step out of the petition's current state, each with their actions."""
	from frappe.workflow.doctype.workflow_action.workflow_action import (
		get_doc_workflow_state,
		get_next_possible_transitions,
	)

	workflow_name = get_workflow_name(doc.doctype)
	state = get_doc_workflow_state(doc)
	actors: dict[str, list[str]] = {}
	readers: dict[str, bool] = {}
	for transition in get_next_possible_transitions(workflow_name, state, doc):
		for user in get_users_with_role(transition.allowed):
			if not has_approval_access(user, doc, transition):
				continue
			if user not in readers:
				readers[user] = bool(frappe.has_permission(doc.doctype, "read", doc, user=user))
			if readers[user] and transition.action not in actors.setdefault(user, []):
				actors[user].append(transition.action)
	order = {}
	for i, t in enumerate(frappe.get_cached_doc("Workflow", workflow_name).transitions):
		order.setdefault(t.action, i)
	return {
		user: sorted(actions, key=lambda a: order.get(a, 0)) for user, actions in actors.items() if actions
	}


def notify_next_actors(doc, actor: str | None = None) -> list[str]:
	"""Notify the next step's users (not the one who just acted) that the petition waits for them."""
	workflow_name = get_workflow_name(doc.doctype)
	if not workflow_name or doc.get("workflow_state") not in notifying_states(workflow_name):
		return []
	actor = actor or frappe.session.user
	told = []
	for user, actions in next_actors(doc).items():
		if user == actor or not is_notifications_enabled(user):
			continue
		lang = frappe.db.get_value("User", user, "language") or frappe.db.get_default("lang")
		subject = _("Petition {0} waits for you ({1}): {2}", lang).format(
			doc.name, " / ".join(_(a, lang) for a in actions), doc.get("subject") or ""
		)
		frappe.get_doc(
			{
				"doctype": "Notification Log",
				"type": "Alert",
				"for_user": user,
				"from_user": actor,
				"document_type": doc.doctype,
				"document_name": doc.name,
				"subject": subject,
			}
		).insert(ignore_permissions=True)
		told.append(user)
	return told


def awaiting_states(user: str | None = None) -> list[str]:
	"""The notifying states (a reply waiting for approval) from which one of the user's roles may take a step."""
	workflow_name = get_workflow_name("Petition")
	if not workflow_name:
		return []
	workflow = frappe.get_cached_doc("Workflow", workflow_name)
	roles = set(frappe.get_roles(user))
	states = notifying_states(workflow_name)
	return sorted({t.state for t in workflow.transitions if t.state in states and t.allowed in roles})


def awaiting_me(user: str | None = None) -> dict:
	"""The 待我审批 card: how many petitions the user may read wait in those states, and the list behind it."""
	states = awaiting_states(user)
	if not states:
		return {"value": 0, "fieldtype": "Int"}
	filters = {"workflow_state": states[0] if len(states) == 1 else ["in", states]}
	names = frappe.get_list("Petition", filters=filters, pluck="name", limit_page_length=0, user=user)
	return {"value": len(names), "fieldtype": "Int", "route": ["List", "Petition"], "route_options": filters}
