# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt
"""Leader Instruction (领导批示): a hospital leader's written instruction on a petition, followed up."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from xinfang_app.services.todo_links import create_todo, refresh_status
from xinfang_app.xinfang.doctype.case_owner.case_owner import LEADER_ROLE


class LeaderInstruction(Document):
	def validate(self):
		if self.is_new():
			if LEADER_ROLE not in frappe.get_roles() and frappe.session.user != "Administrator":
				frappe.throw(_("Only a hospital leader gives a written instruction."), frappe.PermissionError)
			self.leader = frappe.session.user
			self.instructed_on = today()
		if getdate(self.due_date) < getdate(self.instructed_on):
			frappe.throw(_("The date to act by cannot be before the instruction."))
		users = [row.user for row in self.assignees]
		if len(users) != len(set(users)):
			frappe.throw(_("A person is named twice."))
		self.status = "Done" if self.assignees and all(r.status == "Done" for r in self.assignees) else "Open"

	def on_update(self):
		for row in self.assignees:
			if not row.todo and row.status == "Open":
				description = _("Instruction of {0} on petition {1}: {2}").format(
					frappe.utils.get_fullname(self.leader), self.petition, self.instruction
				)
				row.db_set(
					"todo",
					create_todo(self.doctype, self.name, row.user, self.due_date, description),
					update_modified=False,
				)


@frappe.whitelist()
def report_back(instruction: str, report: str):
	"""The person named reports what they did; their ToDo closes."""
	if not (report or "").strip():
		frappe.throw(_("Write what was done."), frappe.MandatoryError)
	doc = frappe.get_doc("Leader Instruction", instruction)
	row = next((r for r in doc.assignees if r.user == frappe.session.user), None)
	if not row:
		frappe.throw(_("The instruction does not name you."), frappe.PermissionError)
	row.db_set({"report": report.strip(), "reported_on": today(), "status": "Done"})
	if row.todo and frappe.db.get_value("ToDo", row.todo, "status") == "Open":
		todo = frappe.get_doc("ToDo", row.todo)
		todo.status = "Closed"
		todo.save(ignore_permissions=True)
	refresh_status(doc.name)
	return frappe.db.get_value("Leader Instruction", doc.name, "status")
