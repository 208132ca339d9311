# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt

import frappe
from frappe.utils import add_days, today

from xinfang_app.compat import without_test_records
from xinfang_app.xinfang.doctype.petition.test_petition import PetitionTestCase
from xinfang_app.xinfang.doctype.supervision_order.supervision_order import escalate_overdue

# The tests make every record they need (see compat.without_test_records).
globals().update(without_test_records("Supervision Order"))


class TestSupervisionOrder(PetitionTestCase):
	def order(self, **values):
		doc = self.accepted()
		self.as_user("supervisor")
		return frappe.get_doc(
			{
				"doctype": "Supervision Order",
				"petition": doc.name,
				"due_date": add_days(today(), 5),
				"instruction": "请于5日内办结并书面报告办理情况。",
				**values,
			}
		).insert()

	def test_office_answers_in_writing(self):
		order = self.order()
		self.assertEqual(
			(order.office, order.status, order.supervisor), ("医务科", "Open", self.u["supervisor"])
		)
		self.as_user("handler")
		order = frappe.get_doc("Supervision Order", order.name)
		order.compliance = "Complied"
		order.response = "已于督办期限内答复信访人。"
		order.save()
		self.assertEqual((order.status, order.responded_by), ("Answered", self.u["handler"]))

	def test_only_the_office_sees_and_answers_its_orders(self):
		order = self.order()
		self.as_user("nurse_handler")
		self.assertFalse(frappe.has_permission("Supervision Order", "read", order.name))
		self.assertNotIn(order.name, frappe.get_list("Supervision Order", pluck="name"))
		self.as_user("head")
		self.assertIn(order.name, frappe.get_list("Supervision Order", pluck="name"))
		self.as_user("leader")
		doc = frappe.get_doc("Supervision Order", order.name)
		doc.response = "院领导代答"
		doc.compliance = "Complied"
		self.assertRaises(frappe.PermissionError, doc.save)
		self.assertFalse(frappe.has_permission("Supervision Order", "create"))
		self.as_user("handler")
		self.assertFalse(frappe.has_permission("Supervision Order", "create"))
		doc = frappe.get_doc("Supervision Order", order.name)
		doc.compliance = "Complied"
		self.assertRaises(frappe.MandatoryError, doc.save)  # no written answer

	def test_unanswered_order_past_its_date_escalates_to_the_leaders(self):
		from frappe.email.doctype.notification.notification import trigger_daily_alerts

		order = self.order()
		answered = self.order()
		frappe.set_user("Administrator")
		for name in (order.name, answered.name):
			frappe.db.set_value(
				"Supervision Order", name, "due_date", add_days(today(), -1), update_modified=False
			)
		frappe.db.set_value("Supervision Order", answered.name, "status", "Answered", update_modified=False)
		escalate_overdue()
		self.assertEqual(frappe.db.get_value("Supervision Order", order.name, "status"), "Escalated")
		self.assertEqual(frappe.db.get_value("Supervision Order", answered.name, "status"), "Answered")
		trigger_daily_alerts()
		self.assertTrue(
			frappe.db.exists("Notification Log", {"for_user": self.u["leader"], "document_name": order.name})
		)
		self.assertFalse(frappe.db.exists("Notification Log", {"document_name": answered.name}))
		self.as_user("supervisor")
		self.assertIn(
			order.name, frappe.get_list("Supervision Order", filters={"status": "Escalated"}, pluck="name")
		)

	def test_date_before_issue_refused(self):
		self.assertRaises(frappe.ValidationError, self.order, due_date=add_days(today(), -1))
