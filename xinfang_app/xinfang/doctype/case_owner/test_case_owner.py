# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, today

from xinfang_app import exceptions as exc
from xinfang_app.compat import without_test_records
from xinfang_app.tests.utils import petition
from xinfang_app.xinfang.doctype.petition.test_petition import PetitionTestCase

# The tests make every record they need (see compat.without_test_records).
globals().update(without_test_records("Case Owner"))


class TestCaseOwner(PetitionTestCase):
	def accepted_major(self, **values):
		self.as_user("officer")
		doc = self.walk(petition(is_major=1, **values), "Register Petition")
		doc.acceptance = "Accepted"
		doc.handler = self.u["handler"]
		doc.save()
		return self.walk(doc, "Accept Petition")

	def case(self, *petitions, leader="leader", **values):
		return frappe.get_doc(
			{
				"doctype": "Case Owner",
				"case_title": "陈某医疗纠纷老户",
				"leader": self.u[leader],
				"is_old_case": 1,
				"target_date": add_days(today(), 30),
				"petitions": [{"petition": p.name} for p in petitions],
				"resolution_plan": "院领导牵头，医务科、护理部配合，一月内化解。",
				"steps": [
					{
						"step": "调取病历并组织专家讨论",
						"responsible": self.u["head"],
						"due_date": add_days(today(), 7),
					}
				],
				**values,
			}
		).insert()

	def test_major_joint_escalated_petitions_wait_for_a_case_owner(self):
		for flag in ("is_major", "is_joint", "is_escalated"):
			self.as_user("officer")
			doc = self.walk(petition(**{flag: 1}), "Register Petition")
			doc.acceptance = "Accepted"
			doc.handler = self.u["handler"]
			doc.save()
			doc = self.walk(doc, "Accept Petition")
			with self.assertRaises(exc.CaseOwnerRequired):
				apply_workflow(doc, "Assign Handler")
			self.assertEqual(frappe.db.get_value("Petition", doc.name, "workflow_state"), "Accepted")
			self.case(doc)
			doc = self.walk(frappe.get_doc("Petition", doc.name), "Assign Handler")
			self.assertEqual(doc.workflow_state, "In Progress")

	def test_rule_can_be_switched_off(self):
		frappe.set_user("Administrator")
		frappe.db.set_single_value("Petition Settings", "require_case_owner", 0)
		try:
			doc = self.accepted_major()
			self.assertEqual(self.walk(doc, "Assign Handler").workflow_state, "In Progress")
		finally:
			# restored and committed: the switched-off rule must not outlive this test
			frappe.db.set_single_value("Petition Settings", "require_case_owner", 1)
			frappe.db.commit()

	def test_an_old_case_covers_several_petitions_and_shows_on_them(self):
		first, second = self.accepted_major(), self.accepted_major()
		case = self.case(first, second)
		self.assertEqual(
			{frappe.db.get_value("Petition", p.name, "case_owner") for p in (first, second)}, {case.name}
		)
		case.petitions = case.petitions[:1]
		case.save()
		self.assertIsNone(frappe.db.get_value("Petition", second.name, "case_owner"))
		with self.assertRaises(frappe.ValidationError):
			self.case(first)  # already owned
		case.steps[0].done = 1
		case.situation_status = "Done"
		case.status = "Resolved"
		case.outcome = "经专家论证并与家属协商，家属表示息诉罢访。"
		case.save()
		self.assertEqual(str(case.steps[0].done_on), today())
		self.assertEqual(str(case.closed_on), today())

	def test_roles_on_cases(self):
		doc = self.accepted_major()
		self.assertRaises(frappe.ValidationError, self.case, doc, leader="handler")  # not a leader
		case = self.case(doc)
		self.as_user("leader")
		own = frappe.get_doc("Case Owner", case.name)
		own.education_status = "In Progress"
		own.education_progress = "已与家属面谈两次。"
		own.save()
		self.assert_denied(("leader", "supervisor", "handler"), "create", "Case Owner")
		self.as_user("supervisor")
		self.assertTrue(frappe.has_permission("Case Owner", "read", case.name))
		self.assert_denied(("supervisor",), "write", "Case Owner", case.name)
		self.assert_denied(("handler", "nobody", "head"), "read", "Case Owner", case.name)

	def test_leader_is_reminded_of_the_target_date(self):
		from frappe.email.doctype.notification.notification import trigger_daily_alerts

		case = self.case(self.accepted_major())
		days = frappe.db.get_value("Notification", "Case Owner Target Date", "days_in_advance")
		frappe.db.set_value(
			"Case Owner", case.name, "target_date", add_days(today(), days), update_modified=False
		)
		frappe.set_user("Administrator")
		trigger_daily_alerts()
		self.assertTrue(
			frappe.db.exists("Notification Log", {"for_user": self.u["leader"], "document_name": case.name})
		)

	def test_petition_shows_its_case_meetings_and_orders(self):
		from frappe.desk.notifications import get_open_count

		doc = self.accepted_major()
		self.case(doc)
		frappe.get_doc(
			{
				"doctype": "Joint Meeting",
				"meeting_title": "会商",
				"meeting_type": "Case Consultation",
				"starts_on": add_days(today(), 1),
				"convener": self.u["leader"],
				"petitions": [{"petition": doc.name}],
			}
		).insert()
		self.as_user("supervisor")
		frappe.get_doc(
			{
				"doctype": "Supervision Order",
				"petition": doc.name,
				"due_date": add_days(today(), 3),
				"instruction": "限期办结",
			}
		).insert()
		self.as_user("officer")
		found = get_open_count("Petition", doc.name)["count"]
		counts = {
			d["doctype"]: d["count"] for d in found["internal_links_found"] + found["external_links_found"]
		}
		self.assertEqual(
			(counts.get("Case Owner"), counts.get("Joint Meeting"), counts.get("Supervision Order")),
			(1, 1, 1),
		)
