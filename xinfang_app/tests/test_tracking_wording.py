"""The tracking page tells the petitioner what happened, in Chinese, and nothing more: the wording in each
state of the default workflow, as the page puts it together from the view and its messages."""

from __future__ import annotations

import frappe

from xinfang_app.portal_messages import messages
from xinfang_app.services import notices
from xinfang_app.tests.utils import petition
from xinfang_app.xinfang.doctype.petition.test_petition import PetitionTestCase

DRAFT_REPLY = "拟答复：经核实，收费员操作失误，予以退费。"


class TestTrackingWording(PetitionTestCase):
	def page(self, doc) -> str:
		"""The text the tracking page shows a Chinese petitioner for this petition."""
		view, msgs = self.tracking_view(doc)
		lines = []
		for step in view["milestones"]:
			lines.append(f"{msgs.get(step['key'], step['key'])} {step['on']} {step['detail']}")
		if view["outcome"]:
			lines.append(f"{msgs['outcome']}：{view['outcome']}")
		self.view = view
		return "\n".join(lines)

	def registered(self, **values):
		self.as_user("officer")
		return self.walk(petition(channel="Online", **values), "Register Petition")

	def accepted(self):
		doc = self.registered()
		doc.acceptance, doc.handler = "Accepted", self.u["handler"]
		doc.save()
		return self.walk(doc, "Accept Petition")

	def test_draft_is_submitted_not_registered(self):
		self.as_user("officer")
		text = self.page(petition(channel="Online"))
		self.assertIn("已提交，待登记", text)
		self.assertNotIn("已登记", text)

	def test_registered(self):
		text = self.page(self.registered())
		self.assertIn("已登记", text)
		self.assertNotIn("受理", text)

	def test_accepted_without_and_with_a_notice(self):
		doc = self.accepted()
		self.assertIsNone(doc.notice_sent_on)
		text = self.page(doc)
		self.assertIn("已受理", text)
		self.assertNotIn("告知", text)
		self.as_user("officer")
		notices.record_posted(frappe.get_doc("Petition", doc.name), notices.ACCEPTANCE)
		self.assertEqual(frappe.db.get_value("Petition", doc.name, "notice_sent_by"), "Post")
		text = self.page(doc)
		self.assertIn("已受理", text)
		self.assertIn("已书面告知受理决定", text)

	def test_notice_handed_over_in_person(self):
		doc = self.accepted()
		self.as_user("officer")
		notices.record_in_person(frappe.get_doc("Petition", doc.name), notices.ACCEPTANCE)
		stored = frappe.db.get_value("Petition", doc.name, ["notice_sent_on", "notice_sent_by"], as_dict=True)
		self.assertEqual(stored.notice_sent_by, "In Person")
		self.assertTrue(stored.notice_sent_on)
		self.assertIn("已书面告知受理决定", self.page(doc))
		timeline = frappe.get_all(
			"Communication",
			filters={"reference_doctype": "Petition", "reference_name": doc.name},
			pluck="subject",
		)
		self.assertTrue(any("当面送达" in s or "in person" in s for s in timeline), timeline)

	def test_not_accepted(self):
		doc = self.registered()
		doc.acceptance, doc.acceptance_reason = "Not Accepted", "该事项已由人民法院受理，请通过诉讼途径解决。"
		doc.save()
		# decided but not yet taken: nothing is told
		self.assertNotIn("不予受理", self.page(doc))
		doc = self.walk(doc, "Decline Petition")
		text = self.page(doc)
		self.assertIn("不予受理", text)
		self.assertIn("人民法院", text)
		self.assertNotIn("书面告知", text)

	def test_in_progress_pending_approval_replied_concluded(self):
		doc = self.accepted()
		doc = self.walk(doc, "Assign Handler")
		text = self.page(doc)
		self.assertIn("已受理", text)
		self.assertNotIn("答复", text)
		self.as_user("handler")
		doc = frappe.get_doc("Petition", doc.name)
		doc.outcome, doc.reply, doc.legal_basis = "Supported", DRAFT_REPLY, "《信访工作条例》第三十二条"
		doc.save()
		doc = self.walk(doc, "Submit Reply")
		self.assertEqual(doc.workflow_state, "Pending Approval")
		text = self.page(doc)
		# a reply not approved is not the petitioner's yet: neither its text, its outcome nor its basis
		body = str(self.view)
		for unapproved in (DRAFT_REPLY, "予以支持", "Supported", "第三十二条"):
			self.assertNotIn(unapproved, body)
		self.assertNotIn("答复", text)
		self.as_user("head")
		doc = self.walk(frappe.get_doc("Petition", doc.name), "Approve Reply")
		# approved, but the written opinion has not gone out: no written reply yet
		text = self.page(doc)
		self.assertNotIn("答复", text)
		self.assertNotIn(DRAFT_REPLY, str(self.view))
		self.as_user("officer")
		notices.record_posted(frappe.get_doc("Petition", doc.name), notices.OPINION)
		text = self.page(doc)
		self.assertIn("已书面答复", text)
		self.assertIn(DRAFT_REPLY, text)
		self.assertIn("处理结果", text)
		self.assertNotIn("已办结", text)
		self.as_user("officer")
		doc = self.walk(frappe.get_doc("Petition", doc.name), "Conclude Petition")
		self.assertIn("已办结", self.page(doc))

	def test_review_request_is_submitted_not_registered(self):
		frappe.local.lang = "zh"
		try:
			text = messages()["review_sent"].format(
				"XF-2026-00099", "ABCD", frappe._("Review", context="Petition")
			)
		finally:
			frappe.local.lang = "en"
		self.assertTrue(text.startswith("您的复查申请已提交"), text)
		self.assertIn("待登记", text)
		self.assertNotIn("已登记", text)
