"""Rows of our documents that stand for a ToDo (a meeting's action item, a leader instruction's
assignee) follow their ToDo: closing the ToDo closes the row."""

from __future__ import annotations

import frappe

# reference_type of the ToDo -> child table whose `todo` column holds it
LINKED_ROWS = {
	"Joint Meeting": "Joint Meeting Action",
	"Leader Instruction": "Leader Instruction Assignee",
}
STATUS = {"Closed": "Done", "Cancelled": "Cancelled"}


def sync_from_todo(todo, method=None):
	table = LINKED_ROWS.get(todo.reference_type)
	if not table or not todo.has_value_changed("status"):
		return
	status = STATUS.get(todo.status, "Open")
	if table == "Leader Instruction Assignee" and status == "Cancelled":
		status = "Open"
	row = frappe.qb.DocType(table)
	frappe.qb.update(row).set(row.status, status).where(row.todo == todo.name).run()
	if todo.reference_type == "Leader Instruction":
		refresh_status(todo.reference_name)


def refresh_status(instruction: str):
	"""A leader instruction is done when every person it names is done."""
	rows = frappe.get_all("Leader Instruction Assignee", filters={"parent": instruction}, pluck="status")
	frappe.db.set_value(
		"Leader Instruction",
		instruction,
		"status",
		"Done" if rows and all(s == "Done" for s in rows) else "Open",
	)


def create_todo(reference_type: str, reference_name: str, user: str, date, description: str) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "ToDo",
				"allocated_to": user,
				"reference_type": reference_type,
				"reference_name": reference_name,
				"date": date,
				"description": description,
				"assigned_by": frappe.session.user,
			}
		)
		.insert(ignore_permissions=True)
		.name
	)
