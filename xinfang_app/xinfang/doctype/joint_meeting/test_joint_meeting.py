# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt

import frappe
from frappe.utils import add_days, now_datetime, today

from xinfang_app.compat import without_test_records
from xinfang_app.tests.utils import petition
from xinfang_app.xinfang.doctype.petition.test_petition import PetitionTestCase

# The tests make every record they need (see compat.without_test_records).
globals().update(without_test_records("Joint Meeting"))


class TestJointMeeting(PetitionTestCase):
	def meeting(self, **values):
		self.as_user("officer")
		doc = petition(subject="多科室联合诊疗纠纷")
		return frappe.get_doc(
			{
				"doctype": "Joint Meeting",
				"meeting_title": "11月信访联席会议",
				"meeting_type": "Joint Conference",
				"starts_on": add_days(now_datetime(), 2),
				"ends_on": add_days(now_datetime(), 2.1),
				"place": "行政楼三楼会议室",
				"convener": self.u["leader"],
				"offices": [{"office": "医务科"}, {"office": "护理部"}],
				"participants": [{"user": self.u["head"]}, {"user": self.u["handler"]}],
				"petitions": [{"petition": doc.name, "decision": "由医务科牵头，护理部配合，10日内答复。"}],
				"actions": [
					{
						"description": "组织专家复核病历",
						"owner_user": self.u["head"],
						"due_date": add_days(today(), 10),
					},
					{
						"description": "与家属沟通",
						"owner_user": self.u["handler"],
						"due_date": add_days(today(), 5),
					},
				],
				**values,
			}
		).insert()

	def test_action_items_become_todos_and_close_with_them(self):
		meeting = self.meeting()
		meeting.reload()
		todos = {a.owner_user: a.todo for a in meeting.actions}
		self.assertTrue(all(todos.values()))
		todo = frappe.get_doc("ToDo", todos[self.u["head"]])
		self.assertEqual(
			(todo.allocated_to, str(todo.date)), (self.u["head"], str(meeting.actions[0].due_date))
		)
		self.assertEqual((todo.reference_type, todo.reference_name), ("Joint Meeting", meeting.name))
		self.as_user("head")
		todo.reload()
		todo.status = "Closed"
		todo.save()
		meeting.reload()
		self.assertEqual([a.status for a in meeting.actions], ["Done", "Open"])
		self.as_user("officer")
		meeting.save()  # saving again does not duplicate ToDos
		self.assertEqual(
			frappe.db.count("ToDo", {"reference_type": "Joint Meeting", "reference_name": meeting.name}), 2
		)

	def test_meeting_is_in_the_participants_calendar(self):
		meeting = self.meeting()
		meeting.reload()
		self.assertTrue(meeting.event)
		event = frappe.get_doc("Event", meeting.event)
		self.assertEqual(event.subject, meeting.meeting_title)
		for key in ("head", "handler", "leader"):
			self.as_user(key)
			self.assertTrue(frappe.has_permission("Event", "read", meeting.event), key)
		self.as_user("nurse_handler")
		self.assertFalse(frappe.has_permission("Event", "read", meeting.event))

	def test_only_the_convener_approves_the_minutes(self):
		meeting = self.meeting()
		meeting.status = "Minutes Approved"
		self.assertRaises(frappe.PermissionError, meeting.save)  # the officer is not the convener
		self.as_user("leader")
		meeting = frappe.get_doc("Joint Meeting", meeting.name)
		meeting.status = "Minutes Approved"
		self.assertRaises(frappe.MandatoryError, meeting.save)
		meeting = frappe.get_doc("Joint Meeting", meeting.name)
		meeting.minutes = "<p>会议议定：由医务科牵头组织专家复核病历。</p>"
		meeting.status = "Minutes Approved"
		meeting.save()
		self.assertEqual(meeting.minutes_approved_by, self.u["leader"])
		html = frappe.get_print("Joint Meeting", meeting.name, "联席会议纪要")
		self.assertIn("会议纪要", html)
		self.assertIn("由医务科牵头", html)

	def test_bad_times_and_forbidden_roles(self):
		self.assertRaises(frappe.ValidationError, self.meeting, ends_on=add_days(now_datetime(), 1))
		meeting = self.meeting()
		self.assert_denied(("handler", "nobody"), "read", "Joint Meeting", meeting.name)
		self.assert_denied(("head", "supervisor"), "write", "Joint Meeting", meeting.name)
