"""Sites installed before get what new installs have from the shipped Petition workflow:

- the Petition Manager (信访管理员, who may do everything) may take every step the officer, handler,
  department head or leader may take in the site's workflow as it stands, and edit in every state;
- an approved reply is corrected only after the action "Reopen for Revision" sends it back to
  In Progress, from where it is approved again.

Only rows are added, each only if missing; nothing the administrator configured is changed or removed."""

import frappe

from xinfang_app.install import ensure_workflow_names

MANAGER = "Petition Manager"
STEP_ROLES = ("Petition Officer", "Case Handler", "Department Head", "Hospital Leader")
REVISE = "Reopen for Revision"
REVISION_FROM = ("Replied", "Concluded")
REVISION_TO = "In Progress"


def execute():
	if not frappe.db.exists("Workflow", "Petition Workflow"):
		return
	workflow = frappe.get_doc("Workflow", "Petition Workflow")
	if add_missing(workflow):
		workflow.save(ignore_permissions=True)


def add_missing(workflow) -> bool:
	states = {s.state: s.doc_status for s in workflow.states}
	added = False
	if REVISION_TO in states and not any(t.action == REVISE for t in workflow.transitions):
		ensure_workflow_names({}, [REVISE])
		for state in REVISION_FROM:
			if state in states:
				workflow.append("transitions", revision(state, "Petition Officer"))
				added = True
	managed = {(t.state, t.action, t.next_state) for t in workflow.transitions if t.allowed == MANAGER}
	for t in list(workflow.transitions):
		key = (t.state, t.action, t.next_state)
		if t.allowed in STEP_ROLES and key not in managed:
			workflow.append(
				"transitions",
				{
					"state": t.state,
					"action": t.action,
					"next_state": t.next_state,
					"allowed": MANAGER,
					"allow_self_approval": t.allow_self_approval,
					"condition": t.condition,
				},
			)
			managed.add(key)
			added = True
	editable = {s.state for s in workflow.states if s.allow_edit == MANAGER}
	for state, doc_status in states.items():
		if state not in editable:
			workflow.append("states", {"state": state, "doc_status": doc_status, "allow_edit": MANAGER})
			added = True
	return added


def revision(state: str, role: str) -> dict:
	return {
		"state": state,
		"action": REVISE,
		"next_state": REVISION_TO,
		"allowed": role,
		"allow_self_approval": 1,
	}
