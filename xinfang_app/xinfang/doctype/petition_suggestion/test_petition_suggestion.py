# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt
"""Petition Suggestion (三项建议书) as each role: issued, answered, overdue and escalated; a report's suggestion."""

import frappe
from frappe.utils import add_days, getdate, today

from xinfang_app.compat import without_test_records
from xinfang_app.xinfang.doctype.petition.test_petition import PetitionTestCase
from xinfang_app.xinfang.doctype.petition_suggestion.petition_suggestion import mark_overdue

globals().update(without_test_records("Petition Suggestion"))


class SuggestionTestCase(PetitionTestCase):
	def suggestion(self, petitions, submit=True, by="officer", **values):
		self.as_user(by)
		doc = frappe.get_doc(
			{
				"doctype": "Petition Suggestion",
				"suggestion_kind": "Improve Work",
				"title": "关于加强夜班巡视的建议",
				"addressed_unit": "医务科",
				"petitions": [{"petition": p} for p in petitions],
				"problem": "夜班护士未按规定巡视病房，呼叫铃响应不及时。",
				"suggestion": "建议完善夜班巡视制度，每两小时巡视一次并记录。",
				**values,
			}
		).insert()
		if submit:
			doc.submit()
		return doc


class TestPetitionSuggestion(SuggestionTestCase):
	def test_issued_and_answered_by_the_unit(self):
		petition = self.accepted()
		doc = self.suggestion([petition.name])
		self.assertEqual((doc.status, doc.issued_by), ("Issued", self.u["officer"]))
		days = frappe.db.get_single_value("Petition Settings", "suggestion_reply_days")
		self.assertEqual(getdate(doc.reply_due), getdate(add_days(doc.issued_on, days)))
		self.assertEqual(doc.petitions[0].summary, petition.subject)

		self.as_user("head")
		doc = frappe.get_doc("Petition Suggestion", doc.name)
		doc.answer = "Not Adopted"
		self.assertRaises(frappe.MandatoryError, doc.save)  # no reason
		doc = frappe.get_doc("Petition Suggestion", doc.name)
		doc.answer = "Partly Adopted"
		doc.reason = "每两小时巡视一次人力不足，改为每三小时。"
		self.assertRaises(frappe.MandatoryError, doc.save)  # no measures
		doc = frappe.get_doc("Petition Suggestion", doc.name)
		doc.answer = "Partly Adopted"
		doc.reason = "每两小时巡视一次人力不足，改为每三小时。"
		doc.measures = "已修订夜班巡视制度。"
		doc.save()
		self.assertEqual((doc.status, doc.answered_by), ("Answered", self.u["head"]))
		self.assertEqual(getdate(doc.answered_on), getdate(today()))

	def test_who_reads_and_who_answers(self):
		doc = self.suggestion([self.accepted().name])
		for key, reads in {
			"officer": True,
			"leader": True,
			"supervisor": True,
			"head": True,
			"handler": True,
			"nurse_handler": False,
		}.items():
			self.as_user(key)
			self.assertEqual(bool(frappe.has_permission("Petition Suggestion", "read", doc.name)), reads, key)
			self.assertEqual(doc.name in frappe.get_list("Petition Suggestion", pluck="name"), reads, key)
		# a leader not addressed may not answer for the unit
		self.as_user("leader")
		other = frappe.get_doc("Petition Suggestion", doc.name)
		other.answer = "Adopted"
		other.measures = "代答"
		self.assertRaises(frappe.PermissionError, other.save)
		# units do not draft suggestions; a supervisor does
		self.as_user("head")
		self.assertRaises(frappe.PermissionError, self.suggestion, [self.accepted().name], by="head")
		self.suggestion([self.accepted().name], by="supervisor", suggestion_kind="Hold Accountable")

	def test_overdue_suggestion_escalates_to_the_leaders(self):
		from frappe.email.doctype.notification.notification import trigger_daily_alerts

		late = self.suggestion([self.accepted().name])
		answered = self.suggestion([self.accepted().name])
		frappe.set_user("Administrator")
		for name in (late.name, answered.name):
			frappe.db.set_value("Petition Suggestion", name, "reply_due", add_days(today(), -1))
		frappe.db.set_value("Petition Suggestion", answered.name, "status", "Answered")
		self.assertGreaterEqual(mark_overdue(), 1)
		self.assertEqual(
			frappe.db.get_value("Petition Suggestion", late.name, ["status", "overdue_on"]),
			("Overdue", getdate(today())),
		)
		self.assertEqual(frappe.db.get_value("Petition Suggestion", answered.name, "status"), "Answered")
		trigger_daily_alerts()
		for user in (self.u["leader"], self.u["head"], self.u["officer"]):
			self.assertTrue(
				frappe.db.exists("Notification Log", {"for_user": user, "document_name": late.name}), user
			)
		self.assertFalse(frappe.db.exists("Notification Log", {"document_name": answered.name}))

	def test_due_soon_reminds_the_unit(self):
		from frappe.email.doctype.notification.notification import trigger_daily_alerts

		doc = self.suggestion([self.accepted().name], reply_due=add_days(today(), 3))
		frappe.set_user("Administrator")
		trigger_daily_alerts()
		self.assertTrue(
			frappe.db.exists("Notification Log", {"for_user": self.u["head"], "document_name": doc.name})
		)

	def test_a_report_suggestion_hides_the_report_from_its_unit_and_its_addressee(self):
		report = self.accepted(
			matter_kind="Report", department_concerned="心内科", subject="举报心内科收受红包"
		)
		self.assertRaises(
			frappe.ValidationError, self.suggestion, [report.name], addressed_unit="心内科", submit=False
		)
		doc = self.suggestion([report.name], suggestion_kind="Hold Accountable")
		self.assertEqual((doc.petitions[0].matter_kind, doc.petitions[0].summary), ("Report", ""))
		self.as_user("cardio")
		self.assertFalse(frappe.has_permission("Petition Suggestion", "read", doc.name))
		self.assertNotIn(doc.name, frappe.get_list("Petition Suggestion", pluck="name"))
		self.assertRaises(frappe.PermissionError, frappe.get_print, "Petition Suggestion", doc.name)
		self.as_user("head")
		html = frappe.get_print("Petition Suggestion", doc.name, print_format="信访工作建议书")
		self.assertIn("追究责任建议书", html)
		self.assertIn("检举控告件（内容保密）", html)
		self.assertNotIn("红包", html)

	def test_an_issued_suggestion_is_kept(self):
		from xinfang_app.exceptions import RecordKept

		doc = self.suggestion([self.accepted().name])
		self.as_user("officer")
		doc = frappe.get_doc("Petition Suggestion", doc.name)
		doc.cancel()
		self.assertEqual(frappe.db.get_value("Petition Suggestion", doc.name, "status"), "Cancelled")
		frappe.set_user("Administrator")
		self.assertRaises(RecordKept, frappe.delete_doc, "Petition Suggestion", doc.name)
