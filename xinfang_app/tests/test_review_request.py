"""A review (复查) or re-review (复核) request is titled, channelled and linked as what it is."""

from __future__ import annotations

import frappe

from xinfang_app.api.petition import request_review
from xinfang_app.tests.utils import petition
from xinfang_app.xinfang.doctype.petition.test_petition import PetitionTestCase


class TestReviewRequestRecord(PetitionTestCase):
	def replied_online(self):
		self.as_user("officer")
		doc = self.walk(petition(channel="Online"), "Register Petition")
		doc.acceptance, doc.handler = "Accepted", self.u["handler"]
		doc.outcome, doc.reply = "Not Supported", "经查，诉求缺乏事实依据。"
		doc.save()
		doc = self.walk(doc, "Accept Petition", "Assign Handler", "Submit Reply")
		self.as_user("head")
		return self.walk(frappe.get_doc("Petition", doc.name), "Approve Reply")

	def test_review_in_the_desk_by_an_english_user_is_titled_in_chinese(self):
		parent = self.replied_online()
		self.as_user("officer")
		self.assertEqual(frappe.local.lang, "en")
		review = frappe.get_doc("Petition", request_review(parent.name, channel="Visit"))
		self.assertTrue(review.subject.startswith(f"复查申请（{parent.name}）："), review.subject)
		self.assertNotIn("Review", review.subject)
		self.assertEqual(review.channel, "Visit")
		self.assertEqual((review.parent_petition, review.review_stage), (parent.name, "Review"))
		self.assertFalse(review.is_repeat)
		self.assertFalse(review.original_petition)
		# by default the way the reviewed petition came
		review.db_set("replied_on", frappe.utils.today())
		re_review = frappe.get_doc("Petition", request_review(review.name))
		self.assertTrue(re_review.subject.startswith(f"复核申请（{review.name}）："), re_review.subject)
		self.assertEqual(re_review.channel, "Visit")
		self.assertFalse(re_review.is_repeat)

	def test_review_made_on_the_tracking_page_came_online(self):
		from xinfang_app.api.petition import create_review

		self.as_user("officer")
		doc = self.walk(petition(channel="Letter"), "Register Petition")
		doc.acceptance, doc.handler = "Accepted", self.u["handler"]
		doc.outcome, doc.reply = "Not Supported", "经查，诉求缺乏事实依据。"
		doc.save()
		doc = self.walk(doc, "Accept Petition", "Assign Handler", "Submit Reply")
		self.as_user("head")
		parent = self.walk(frappe.get_doc("Petition", doc.name), "Approve Reply")
		frappe.set_user("Guest")
		review = create_review(parent, request="对处理意见不服", ignore_permissions=True, online=True)
		frappe.set_user("Administrator")
		self.assertEqual(review.channel, "Online")
		self.assertFalse(review.is_repeat)
		self.assertTrue(review.subject.startswith("复查申请"))
