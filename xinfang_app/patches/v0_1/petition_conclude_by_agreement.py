"""Sites installed before mediation existed get the transition that lets a mediation agreement
conclude a petition, added to their Petition workflow if its states are still there. Nothing the
administrator configured is changed; new installs have it from the shipped workflow."""

import frappe

from xinfang_app.install import ensure_workflow_names

ACTION = "Conclude by Agreement"


def execute():
	if not frappe.db.exists("Workflow", "Petition Workflow"):
		return
	workflow = frappe.get_doc("Workflow", "Petition Workflow")
	states = {s.state for s in workflow.states}
	if any(t.action == ACTION for t in workflow.transitions) or not {"In Progress", "Concluded"} <= states:
		return
	ensure_workflow_names({}, [ACTION])
	workflow.append(
		"transitions",
		{
			"state": "In Progress",
			"action": ACTION,
			"next_state": "Concluded",
			"allowed": "Petition Officer",
			"allow_self_approval": 1,
			"condition": "doc.concluded_by_mediation",
		},
	)
	workflow.save(ignore_permissions=True)
