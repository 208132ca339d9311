# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt
"""Joint Meeting (联席会议 / 会商): offices settle together what no single office can."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_datetime, today

from xinfang_app.services.todo_links import create_todo


class JointMeeting(Document):
	def validate(self):
		self.validate_times()
		self.validate_minutes_approval()

	def on_update(self):
		self.create_action_todos()
		self.sync_calendar_event()

	def validate_times(self):
		if self.ends_on and get_datetime(self.ends_on) < get_datetime(self.starts_on):
			frappe.throw(_("The meeting cannot end before it starts."))

	def validate_minutes_approval(self):
		before = self.get_doc_before_save()
		approving = self.status == "Minutes Approved" and (not before or before.status != "Minutes Approved")
		if not approving:
			return
		if frappe.session.user not in (self.convener, "Administrator"):
			frappe.throw(_("Only the convener approves the minutes."), frappe.PermissionError)
		if not (self.minutes or "").strip():
			frappe.throw(_("Write the minutes before approving them."), frappe.MandatoryError)
		self.minutes_approved_by = frappe.session.user
		self.minutes_approved_on = today()

	def create_action_todos(self):
		"""Each open action item becomes a ToDo for its owner, due on its date."""
		for action in self.actions:
			if not action.todo and action.status == "Open":
				description = _("Action from joint meeting {0}: {1}").format(
					self.meeting_title, action.description
				)
				todo = create_todo(self.doctype, self.name, action.owner_user, action.due_date, description)
				action.db_set("todo", todo, update_modified=False)

	def sync_calendar_event(self):
		"""The meeting stands in the Frappe calendar of the convener and every participant."""
		if self.status == "Cancelled" and not self.event:
			return
		event = frappe.get_doc("Event", self.event) if self.event else frappe.new_doc("Event")
		event.update(
			{
				"subject": self.meeting_title,
				"starts_on": self.starts_on,
				"ends_on": self.ends_on,
				"event_type": "Private",
				"event_category": "Meeting",
				"description": self.place or "",
				"status": "Cancelled" if self.status == "Cancelled" else "Open",
				"reference_doctype": self.doctype,
				"reference_docname": self.name,
			}
		)
		event.owner = event.owner or self.convener
		event.save(ignore_permissions=True)
		if not self.event:
			self.db_set("event", event.name, update_modified=False)
		for user in {self.convener, *(p.user for p in self.participants)}:
			frappe.share.add_docshare(
				"Event", event.name, user, read=1, notify=0, flags={"ignore_share_permission": True}
			)
