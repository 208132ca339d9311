"""Online petitions over real HTTP requests: submission, tracking, rating, reviews, abuse."""

from __future__ import annotations

import io
import json

import frappe
from frappe.tests.test_api import FrappeAPITestCase, make_request
from frappe.utils import add_days, today

from xinfang_app.tests.utils import api_token, insert_once

METHOD = "api/method/xinfang_app.api.portal."
FORM = {
	"matter_kind": "Appeal",
	"subject": "门诊收费多收了检查费",
	"request": "要求退还多收的费用",
	"facts": "2026年11月20日在门诊缴费时被重复收取CT检查费",
	"petitioner_name": "吴网民",
	"petitioner_phone": "13566667777",
	"consent": "1",
}


def a_pdf() -> bytes:
	"""A real one-page PDF."""
	from pypdf import PdfWriter

	writer = PdfWriter()
	writer.add_blank_page(width=595, height=842)
	buffer = io.BytesIO()
	writer.write(buffer)
	return buffer.getvalue()


class PortalTestCase(FrappeAPITestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.created = []
		cls.settings_before = frappe.get_single("Petition Settings").as_dict()

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		for name in cls.created:
			for child in frappe.get_all("Petition", filters={"parent_petition": name}, pluck="name"):
				frappe.delete_doc(
					"Petition", child, force=True, ignore_permissions=True, ignore_on_trash=True
				)
			if frappe.db.exists("Petition", name):
				frappe.delete_doc("Petition", name, force=True, ignore_permissions=True, ignore_on_trash=True)
		for field in (
			"portal_require_login",
			"portal_max_file_mb",
			"portal_track_limit",
			"portal_submit_limit",
		):
			frappe.db.set_single_value("Petition Settings", field, cls.settings_before.get(field))
		frappe.db.commit()
		super().tearDownClass()

	def url(self, path: str) -> str:
		return f"{self.site_url.rstrip('/')}/{path.lstrip('/')}"

	def setUp(self):
		frappe.cache.delete_keys("rl:")
		frappe.set_user("Administrator")

	def submit(self, files=(), **overrides):
		data = {**FORM, **overrides}
		data = {k: v for k, v in data.items() if v is not None}
		if files:
			data["files"] = [(io.BytesIO(content), name) for name, content in files]
		response = self.post_form(METHOD + "submit", data, {"Accept-Language": "zh-CN"})
		if response.status_code == 200:
			self.created.append(response.json["message"]["name"])
		frappe.db.rollback()  # see what the request committed
		return response

	def post_form(self, path, data, headers=None):
		"""A multipart POST (files included), in the site's request context."""
		kwargs = {"data": data, "content_type": "multipart/form-data", "headers": headers or {}}
		return make_request(target=self.TEST_CLIENT.post, args=(self.url(path),), kwargs=kwargs)

	def message(self, response) -> str:
		"""Every text in a response, whether Frappe wrote its JSON with \\uXXXX escapes (v15) or as UTF-8
		(v16): the body's strings and the JSON nested in them (``_server_messages``), decoded."""
		texts = []

		def collect(value):
			if isinstance(value, dict):
				for item in value.values():
					collect(item)
			elif isinstance(value, list):
				for item in value:
					collect(item)
			elif isinstance(value, str):
				texts.append(value)
				if value[:1] in ("{", "[", '"'):
					try:
						collect(json.loads(value))
					except ValueError:
						pass

		body = response.get_data(as_text=True)
		try:
			collect(json.loads(body))
		except ValueError:
			texts.append(body)
		return "\n".join(texts)

	def reply(self, name):
		"""Handle the petition in the desk up to the written reply, as the hospital would."""
		from xinfang_app.tests.browser_support import reply_to

		reply_to(name)
		frappe.set_user("Administrator")

	def track(self, code, last_four):
		return self.get(self.url(METHOD + "track?" + f"code={code}&last_four={last_four}"))


class TestSubmission(PortalTestCase):
	def test_guest_submits_with_an_attachment_and_gets_a_tracking_code(self):
		insert_once(
			"Email Account",
			"信访办邮箱",
			email_account_name="信访办邮箱",
			email_id="xinfang@hospital.example",
			enable_outgoing=1,
			default_outgoing=1,
			smtp_server="127.0.0.1",
			no_smtp_authentication=1,
		)
		# Other tests may have made another account the default for outgoing mail, or switched it off.
		account = frappe.get_doc("Email Account", "信访办邮箱")
		account.enable_outgoing = account.default_outgoing = 1
		account.save(ignore_permissions=True)
		frappe.db.commit()
		frappe.local.outgoing_email_account = {}  # the account Frappe found earlier in this test run
		response = self.submit(files=[("缴费单.pdf", a_pdf())], petitioner_email="wu@example.com")
		self.assertEqual(response.status_code, 200, self.message(response))
		result = response.json["message"]
		doc = frappe.get_doc("Petition", result["name"])
		self.assertEqual(
			(doc.channel, doc.workflow_state, doc.tracking_code), ("Online", "Draft", result["tracking_code"])
		)
		self.assertTrue(doc.consent_given_at)
		files = frappe.get_all(
			"File", filters={"attached_to_name": doc.name}, fields=["file_name", "is_private"]
		)
		self.assertEqual([(f.file_name, f.is_private) for f in files], [("缴费单.pdf", 1)])
		self.assertTrue(frappe.db.exists("Email Queue", {"reference_name": doc.name}))

	def test_refusals_keep_nothing_and_speak_chinese(self):
		before = frappe.db.count("Petition")
		cases = [
			({"consent": None}, "同意"),
			({"is_anonymous": "1"}, "匿名"),
			({"petitioner_phone": "12345"}, "电话号码"),
			({"files": [("virus.exe", b"MZ")]}, "不能上传"),
		]
		for overrides, words in cases:
			files = overrides.pop("files", ())
			response = self.submit(files=files, **overrides)
			self.assertNotEqual(response.status_code, 200, overrides)
			self.assertIn(words, self.message(response), overrides)
		frappe.db.set_single_value("Petition Settings", "portal_max_file_mb", 1)
		frappe.db.commit()
		response = self.submit(files=[("片子.jpg", b"0" * (1024 * 1024 + 1))])
		self.assertIn("超过了1MB", self.message(response))
		frappe.db.set_single_value("Petition Settings", "portal_max_file_mb", 10)
		frappe.db.commit()
		self.assertEqual(frappe.db.count("Petition"), before)

	def test_overlong_text_is_refused_with_the_field_and_its_limit(self):
		before = frappe.db.count("Petition")
		for field, label in (
			("request", "诉求"),
			("facts", "事实与理由"),
			("petitioner_address", "信访人住址"),
		):
			response = self.submit(**{field: "长" * 22_000})
			self.assertTrue(400 <= response.status_code < 500, (field, response.status_code))
			self.assertIn(label, self.message(response), field)
			self.assertIn("21,845", self.message(response), field)
		response = self.submit(subject="长" * 241)
		self.assertTrue(400 <= response.status_code < 500, response.status_code)
		self.assertIn("信访事由", self.message(response))
		self.assertEqual(frappe.db.count("Petition"), before)

	def test_files_that_are_not_what_they_say_are_refused_in_chinese(self):
		before = frappe.db.count("Petition")
		for name, content in (
			("缴费单.pdf", b"%PDF-1.4 not really a document"),  # a header, nothing behind it
			("缴费单.pdf", "<html>发票</html>".encode()),
			("片子.jpg", b"MZ\x90\x00 a program"),
			("病历.docx", b"PK\x03\x04 not a document"),
		):
			response = self.submit(files=[(name, content)])
			self.assertEqual(response.status_code, 417, (name, self.message(response)))
			message = self.message(response)
			self.assertTrue("不符" in message or "已损坏" in message, (name, message))
			self.assertIn(name, message)
		self.assertEqual(frappe.db.count("Petition"), before)

	def test_anonymous_suggestion_is_accepted(self):
		response = self.submit(
			matter_kind="Suggestion", is_anonymous="1", petitioner_name=None, petitioner_phone=None
		)
		self.assertEqual(response.status_code, 200, self.message(response))
		doc = frappe.get_doc("Petition", response.json["message"]["name"])
		self.assertTrue(doc.is_anonymous)
		self.assertFalse(doc.petitioner_name)

	def test_script_in_a_field_is_stored_as_text(self):
		response = self.submit(
			subject='<script>alert("x")</script>投诉', facts='<img src=x onerror="alert(1)">'
		)
		self.assertEqual(response.status_code, 200, self.message(response))
		doc = frappe.get_doc("Petition", response.json["message"]["name"])
		self.assertNotIn("<script", doc.subject)
		self.assertNotIn("onerror", doc.facts or "")
		self.assertIn("投诉", doc.subject)

	def test_login_can_be_required(self):
		frappe.db.set_single_value("Petition Settings", "portal_require_login", 1)
		frappe.db.commit()
		try:
			response = self.submit()
			self.assertEqual(response.status_code, 403)
		finally:
			frappe.db.set_single_value("Petition Settings", "portal_require_login", 0)
			frappe.db.commit()

	def test_submissions_are_rate_limited(self):
		frappe.db.set_single_value("Petition Settings", "portal_submit_limit", 2)
		frappe.db.commit()
		try:
			codes = [self.submit(subject=f"限流测试{i}").status_code for i in range(3)]
			self.assertEqual(codes, [200, 200, 429])
		finally:
			frappe.db.set_single_value("Petition Settings", "portal_submit_limit", 5)
			frappe.db.commit()


class TestTracking(PortalTestCase):
	def test_track_rate_and_request_review(self):
		result = self.submit().json["message"]
		response = self.track(result["tracking_code"], "7777")
		self.assertEqual(response.status_code, 200)
		# an online submission is not registered until the office registers it
		self.assertEqual([m["key"] for m in response.json["message"]["milestones"]], ["submitted"])
		self.reply(result["name"])
		view = self.track(result["tracking_code"], "7777").json["message"]
		self.assertEqual([m["key"] for m in view["milestones"]], ["registered", "accepted", "replied"])
		body = str(view)
		for secret in ("收费员操作失误", "browser_officer", "吴网民", "13566667777"):
			self.assertNotIn(secret, body)
		self.assertTrue(view["may_rate"] and view["may_request_review"])
		rated = self.post(
			METHOD + "rate",
			{"code": result["tracking_code"], "last_four": "7777", "satisfaction": "Dissatisfied"},
		)
		self.assertEqual(rated.status_code, 200)
		self.assertFalse(rated.json["message"]["may_rate"])
		again = self.post(
			METHOD + "rate",
			{"code": result["tracking_code"], "last_four": "7777", "satisfaction": "Satisfied"},
		)
		self.assertNotEqual(again.status_code, 200)
		self.assertEqual(frappe.db.get_value("Petition", result["name"], "satisfaction"), "Dissatisfied")
		review = self.post(
			METHOD + "request_review",
			{"code": result["tracking_code"], "last_four": "7777", "request": "对退费金额有异议"},
		)
		self.assertEqual(review.status_code, 200, self.message(review))
		self.created.append(review.json["message"]["review"])
		frappe.db.rollback()
		self.assertEqual(
			frappe.db.get_value("Petition", review.json["message"]["review"], "review_stage"), "Review"
		)
		view = self.track(result["tracking_code"], "7777").json["message"]
		self.assertEqual(view["milestones"][-1]["key"], "review_requested")
		self.assertFalse(view["may_request_review"])

	def test_late_review_request_refused(self):
		result = self.submit().json["message"]
		self.reply(result["name"])
		frappe.db.set_value(
			"Petition",
			result["name"],
			{"replied_on": add_days(today(), -32), "opinion_sent_on": add_days(today(), -31)},
		)
		frappe.db.commit()
		response = self.post(
			METHOD + "request_review",
			{"code": result["tracking_code"], "last_four": "7777", "request": "对退费金额有异议"},
		)
		self.assertNotEqual(response.status_code, 200)
		self.assertFalse(frappe.db.exists("Petition", {"parent_petition": result["name"]}))

	def test_wrong_code_and_wrong_phone_look_the_same(self):
		result = self.submit().json["message"]
		wrong_phone = self.track(result["tracking_code"], "0000")
		wrong_code = self.track("ABCDEFGHJKLMNPQR", "7777")
		self.assertEqual(wrong_phone.status_code, wrong_code.status_code)

		def strip(r):
			return {
				k: v for k, v in r.json.items() if k not in ("exc", "exception", "_exc_source", "exc_type")
			}

		self.assertEqual(
			{k: v for k, v in strip(wrong_phone).items() if k != "_server_messages"}.keys(),
			{k: v for k, v in strip(wrong_code).items() if k != "_server_messages"}.keys(),
		)

		def msg(r):
			return frappe.parse_json(frappe.parse_json(r.json["_server_messages"])[0])["message"]

		self.assertEqual(msg(wrong_phone), msg(wrong_code))

	def test_guessing_is_rate_limited(self):
		frappe.db.set_single_value("Petition Settings", "portal_track_limit", 3)
		frappe.db.commit()
		try:
			codes = [self.track(f"GUESS{i:011d}", "1234").status_code for i in range(4)]
			self.assertEqual(codes[-1], 429)
		finally:
			frappe.db.set_single_value("Petition Settings", "portal_track_limit", 30)
			frappe.db.commit()


class TestMyPetitions(PortalTestCase):
	def test_website_user_sees_own_petitions(self):
		email = "petitioner_web@xf.test"
		insert_once(
			"User", email, email=email, first_name="网民", user_type="Website User", send_welcome_email=0
		)
		frappe.get_doc("User", email).add_roles("Petitioner")
		headers = {"Authorization": api_token(email)}
		frappe.db.commit()
		response = self.post_form(METHOD + "submit", {**FORM, "subject": "登录用户的投诉"}, headers)
		self.assertEqual(response.status_code, 200, self.message(response))
		mine = response.json["message"]["name"]
		self.created.append(mine)
		other = self.submit().json["message"]["name"]
		listing = self.get(self.url(METHOD + "my_petitions"), headers=headers)
		names = [p["name"] for p in listing.json["message"]]
		self.assertIn(mine, names)
		self.assertNotIn(other, names)
		self.assertEqual(
			self.get(self.url("api/resource/Petition/" + mine), headers=headers).status_code, 403
		)


class TestDeskUpload(PortalTestCase):
	def test_desk_upload_to_a_petition_must_be_what_it_says(self):
		from xinfang_app.tests.utils import make_office, make_user, petition

		officer = make_user("upload_officer", ["Petition Officer"])
		token = api_token(officer, language="zh")
		make_office("医务科")
		frappe.set_user(officer)
		doc = petition()
		frappe.set_user("Administrator")
		self.created.append(doc.name)
		frappe.db.commit()

		def upload(name, content):
			data = {
				"doctype": "Petition",
				"docname": doc.name,
				"is_private": "1",
				"file": (io.BytesIO(content), name),
			}
			headers = {"Authorization": token, "Accept-Language": "zh-CN"}
			kwargs = {"data": data, "content_type": "multipart/form-data", "headers": headers}
			return make_request(
				target=self.TEST_CLIENT.post, args=(self.url("api/method/upload_file"),), kwargs=kwargs
			)

		refused = upload("病历.pdf", "<html>病历</html>".encode())
		self.assertEqual(refused.status_code, 417, self.message(refused))
		self.assertIn("不符", self.message(refused))
		refused = upload("片子.jpg", b"%PDF-1.4")
		self.assertEqual(refused.status_code, 417, self.message(refused))
		accepted = upload("病历.pdf", a_pdf())
		self.assertEqual(accepted.status_code, 200, self.message(accepted))
		frappe.db.rollback()
		self.assertEqual(
			frappe.get_all("File", filters={"attached_to_name": doc.name}, pluck="file_name"), ["病历.pdf"]
		)
