"""The written opinion (信访事项处理意见书) as the petitioner meets it: the tracking page tells a written reply
only once its delivery was recorded and the review window runs from that delivery; the office is reminded
while it has not gone out; the review route set in Petition Settings is the one the opinion, the tracking
page and the online review request all say; the acceptance notice says where and how to track."""

from __future__ import annotations

import frappe
from frappe.utils import add_days, today

from xinfang_app.api.petition import create_review
from xinfang_app.services import notices
from xinfang_app.tests.test_portal import METHOD, PortalTestCase
from xinfang_app.tests.utils import petition
from xinfang_app.xinfang.doctype.petition.test_petition import PetitionTestCase

COMMISSION = "示例市卫生健康委员会"
ADDRESS = "示例市人民路1号卫生健康委员会信访办"


def set_route(route: str, authority: str | None = None, address: str | None = None):
	settings = frappe.get_single("Petition Settings")
	settings.review_route = route
	settings.review_authority = authority
	settings.review_authority_address = address
	settings.save(ignore_permissions=True)
	frappe.db.commit()


def printed(name: str, print_format: str) -> str:
	frappe.local.lang = "zh"
	try:
		return frappe.get_print("Petition", name, print_format=print_format)
	finally:
		frappe.local.lang = "en"


class OpinionCase(PetitionTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")
		set_route("Hospital Re-examination")
		super().tearDown()

	def replied(self, **values):
		doc = self.accepted(**values)
		self.as_user("handler")
		doc = frappe.get_doc("Petition", doc.name)
		doc.outcome, doc.reply = "Not Supported", "经调查核实，您反映的问题缺乏事实依据。"
		doc.legal_basis = "《医疗机构投诉管理办法》第三十一条"
		doc.save()
		doc = self.walk(doc, "Submit Reply")
		self.as_user("head")
		return self.walk(frappe.get_doc("Petition", doc.name), "Approve Reply")

	def page(self, doc) -> tuple[str, dict]:
		view, msgs = self.tracking_view(doc)
		text = "\n".join(
			f"{msgs.get(m['key'], m['key'])} {m['on']} {m['detail']}" for m in view["milestones"]
		)
		return text, view


class TestTheWrittenReplyIsWhatWasDelivered(OpinionCase):
	def test_no_written_reply_and_no_review_window_until_the_opinion_went_out(self):
		doc = self.replied()
		self.as_user("officer")
		doc = self.walk(frappe.get_doc("Petition", doc.name), "Conclude Petition")
		text, view = self.page(doc)
		self.assertNotIn("已书面答复", text)
		self.assertNotIn("缺乏事实依据", str(view))
		self.assertFalse(
			view["outcome"] or view["may_rate"] or view["may_request_review"] or view["review_route"]
		)
		# the office is reminded to send it, and only those who may address the petitioner
		self.assertIn("处理意见书尚未送达", self.guidance_text("officer", doc))
		self.assertNotIn("处理意见书尚未送达", self.guidance_text("handler", doc))
		# posted and recorded: now the petitioner reads the written reply, dated by its delivery
		self.as_user("officer")
		notices.record_posted(frappe.get_doc("Petition", doc.name), notices.OPINION)
		text, view = self.page(doc)
		self.assertIn(f"已书面答复 {today()}", text)
		self.assertIn("缺乏事实依据", text)
		self.assertTrue(view["may_rate"] and view["may_request_review"])
		self.assertNotIn("处理意见书尚未送达", self.guidance_text("officer", doc))

	def test_the_review_window_runs_from_the_delivery(self):
		doc = self.replied()
		# approved 40 days ago, the opinion delivered 5 days ago: a review is still in time
		frappe.db.set_value(
			"Petition",
			doc.name,
			{"replied_on": add_days(today(), -40), "opinion_sent_on": add_days(today(), -5)},
		)
		self.as_user("officer")
		review = create_review(frappe.get_doc("Petition", doc.name), request="对处理意见不服")
		self.assertEqual(review.review_stage, "Review")
		frappe.set_user("Administrator")
		frappe.delete_doc("Petition", review.name, force=True, ignore_permissions=True, ignore_on_trash=True)
		_text, view = self.page(doc)
		self.assertTrue(view["may_request_review"])


class TestTheReviewRouteIsSaidOnce(OpinionCase):
	def test_the_hospitals_own_review(self):
		set_route("Hospital Re-examination")
		institution = frappe.db.get_single_value("Petition Settings", "institution_name") or "本院"
		doc = self.replied()
		opinion = printed(doc.name, notices.WRITTEN_OPINION)
		self.assertIn(f"向{institution}申请复查", opinion)
		self.assertNotIn("上一级机关", opinion)
		self.as_user("officer")
		notices.record_posted(frappe.get_doc("Petition", doc.name), notices.OPINION)
		_text, view = self.page(doc)
		self.assertTrue(view["may_request_review"] and view["review_route"]["files_here"])
		self.assertIn(institution, view["review_route"]["text"])

	def test_the_supervising_commission(self):
		set_route("Supervising Health Commission", COMMISSION, ADDRESS)
		doc = self.replied()
		opinion = printed(doc.name, notices.WRITTEN_OPINION)
		self.assertIn(f"向{COMMISSION}（地址：{ADDRESS}）请求复查", opinion)
		self.as_user("officer")
		notices.record_posted(frappe.get_doc("Petition", doc.name), notices.OPINION)
		_text, view = self.page(doc)
		# the page says where to go, and files nothing with the hospital
		self.assertFalse(view["may_request_review"])
		self.assertFalse(view["review_route"]["files_here"])
		frappe.local.lang = "zh"
		try:
			_text, view = self.page(doc)
		finally:
			frappe.local.lang = "en"
		self.assertIn(COMMISSION, view["review_route"]["text"])
		self.assertIn(ADDRESS, view["review_route"]["text"])

	def test_the_commission_route_needs_its_name_and_address(self):
		settings = frappe.get_single("Petition Settings")
		settings.review_route = "Supervising Health Commission"
		settings.review_authority = settings.review_authority_address = None
		self.assertRaises(frappe.MandatoryError, settings.save, ignore_permissions=True)
		frappe.db.rollback()


class TestTheAcceptanceNoticeSaysWhereToLook(OpinionCase):
	def test_web_address_and_phone_digits(self):
		doc = self.accepted()
		notice = printed(doc.name, notices.ACCEPTANCE_NOTICE)
		self.assertIn(frappe.utils.get_url("/xinfang/track"), notice)
		self.assertIn(doc.tracking_code, notice)
		self.assertIn("手机号码后四位", notice)
		# given without a phone: the code alone
		self.as_user("officer")
		anonymous = petition(
			matter_kind="Suggestion", is_anonymous=1, petitioner_name=None, petitioner_phone=None
		)
		anonymous = self.walk(anonymous, "Register Petition")
		anonymous.acceptance = "Accepted"
		anonymous.save()
		anonymous = self.walk(anonymous, "Accept Petition")
		notice = printed(anonymous.name, notices.ACCEPTANCE_NOTICE)
		self.assertIn("/xinfang/track", notice)
		self.assertNotIn("后四位", notice)


class TestOnlineReviewRequest(PortalTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")
		set_route("Hospital Re-examination")

	def delivered(self):
		result = self.submit().json["message"]
		self.reply(result["name"])
		return result

	def test_the_reasons_are_required(self):
		result = self.delivered()
		response = self.post(
			METHOD + "request_review", {"code": result["tracking_code"], "last_four": "7777"}
		)
		self.assertEqual(response.status_code, 417, self.message(response))
		message = self.message(response)
		self.assertTrue("请填写申请复查的理由" in message or "Please give the reasons" in message, message)
		self.assertFalse(frappe.db.exists("Petition", {"parent_petition": result["name"]}))
		response = self.post(
			METHOD + "request_review",
			{"code": result["tracking_code"], "last_four": "7777", "request": "对退费金额有异议"},
		)
		self.assertEqual(response.status_code, 200, self.message(response))
		frappe.db.rollback()
		self.assertTrue(frappe.db.exists("Petition", {"parent_petition": result["name"]}))

	def test_via_the_commission_nothing_is_filed_here(self):
		set_route("Supervising Health Commission", COMMISSION, ADDRESS)
		result = self.delivered()
		response = self.post(
			METHOD + "request_review",
			{"code": result["tracking_code"], "last_four": "7777", "request": "对退费金额有异议"},
		)
		self.assertEqual(response.status_code, 417, self.message(response))
		self.assertIn(COMMISSION, self.message(response))
		self.assertIn(ADDRESS, self.message(response))
		frappe.db.rollback()
		self.assertFalse(frappe.db.exists("Petition", {"parent_petition": result["name"]}))

	def test_not_before_the_opinion_went_out(self):
		result = self.submit().json["message"]
		from xinfang_app.tests.browser_support import reply_to

		reply_to(result["name"], send_opinion=False)
		frappe.set_user("Administrator")
		view = self.track(result["tracking_code"], "7777").json["message"]
		self.assertNotIn("replied", [m["key"] for m in view["milestones"]])
		self.assertFalse(view["may_request_review"])
		response = self.post(
			METHOD + "request_review",
			{"code": result["tracking_code"], "last_four": "7777", "request": "对退费金额有异议"},
		)
		self.assertNotEqual(response.status_code, 200)
		self.assertLess(response.status_code, 500)
