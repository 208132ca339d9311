"""Petitions by email, notices sent by email and SMS at each milestone, against real services on local
ports: Dovecot (IMAP), aiosmtpd (SMTP) and a recording HTTP SMS gateway (see ``mail_services``).

Mail is delivered with IMAP APPEND and pulled by Frappe's own Email Account; outgoing mail leaves through
Frappe's Email Queue to the SMTP server; SMS go through Frappe's SMS Settings to the gateway.
"""

from __future__ import annotations

import email.utils
import io
import json
import os
import random
import unicodedata
from email.message import EmailMessage
from email.utils import make_msgid

import frappe
from frappe.email.doctype.email_account.email_account import pull_from_email_account
from frappe.model.workflow import apply_workflow
from frappe.tests.test_api import FrappeAPITestCase
from frappe.utils import add_to_date, get_datetime, now_datetime, today

from xinfang_app.api import notices as notice_api
from xinfang_app.communication_permissions import visible_timeline
from xinfang_app.services import sms
from xinfang_app.tests.mail_services import (
	AssetServer,
	ImapServer,
	SmsGateway,
	SmtpServer,
	check_prerequisites,
)
from xinfang_app.tests.utils import api_token, make_office, make_user, petition

ACCOUNT = "信访信箱（测试）"
OUTGOING = "信访发件（测试）"
ROLES = {
	# Officers read the mailbox's own mail (bounces, automatic replies) as Inbox Users.
	"mail_officer": ["Petition Officer", "Inbox User"],
	# A leader who works in 心内科, the unit a report is about, and reads the mailbox.
	"mail_cardio_leader": ["Hospital Leader", "Inbox User"],
	"mail_handler": ["Case Handler"],
	"mail_leader": ["Hospital Leader"],
}


def mail_date(moment) -> str:
	"""A Date header for a moment in the site's time zone."""
	from zoneinfo import ZoneInfo

	from frappe.utils import get_system_timezone

	return email.utils.format_datetime(moment.replace(tzinfo=ZoneInfo(get_system_timezone())))


def new_phone() -> str:
	return "137" + str(random.randrange(10**7, 10**8))


class MailAndSmsTestCase(FrappeAPITestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		check_prerequisites()
		# Each service is stopped by its PID at the end, also when a later step of this setup fails.
		cls.imap = ImapServer().start()
		cls.addClassCleanup(cls.imap.stop)
		cls.smtp = SmtpServer().start()
		cls.addClassCleanup(cls.smtp.stop)
		cls.gateway = SmsGateway().start()
		cls.addClassCleanup(cls.gateway.stop)
		cls.u = {key: make_user(key, roles) for key, roles in ROLES.items()}
		make_office("医务科", members=[cls.u["mail_handler"]])
		make_office("心内科", kind="Clinical Department", members=[cls.u["mail_cardio_leader"]])
		cls.sms_settings = frappe.get_single("SMS Settings").as_dict()
		cls.default_outgoing = frappe.db.get_value("Email Account", {"default_outgoing": 1})
		# Other tests' outgoing accounts stay out of the way while these tests send (and are put back).
		cls.other_outgoing = frappe.get_all("Email Account", filters={"enable_outgoing": 1}, pluck="name")
		for name in cls.other_outgoing:
			frappe.db.set_value("Email Account", name, {"enable_outgoing": 0, "default_outgoing": 0})
		cls.set_gateway(cls.gateway.url)
		for account in (ACCOUNT, OUTGOING):
			if frappe.db.exists("Email Account", account):
				frappe.delete_doc("Email Account", account, force=True, ignore_permissions=True)
		cls.account = frappe.get_doc(
			{
				"doctype": "Email Account",
				"email_account_name": ACCOUNT,
				"email_id": cls.imap.user,
				"password": cls.imap.password,
				"enable_incoming": 1,
				"use_imap": 1,
				"email_server": "127.0.0.1",
				"incoming_port": str(cls.imap.port),
				"use_ssl": 0,
				"use_starttls": 0,
				"imap_folder": [{"folder_name": "INBOX", "append_to": "Petition"}],
				"email_sync_option": "UNSEEN",
				"create_contact": 1,
			}
		).insert(ignore_permissions=True)
		# Notices leave through the hospital's SMTP relay, which takes mail without a login.
		cls.outgoing = frappe.get_doc(
			{
				"doctype": "Email Account",
				"email_account_name": OUTGOING,
				"email_id": "notices@hospital.test",
				"enable_outgoing": 1,
				"smtp_server": "127.0.0.1",
				"smtp_port": str(cls.smtp.port),
				"use_tls": 0,
				"no_smtp_authentication": 1,
				"default_outgoing": 1,
			}
		).insert(ignore_permissions=True)
		# The officers read the mailbox in the desk (User → Email).
		for key in ("mail_officer", "mail_cardio_leader"):
			user = frappe.get_doc("User", cls.u[key])
			user.set("user_emails", [{"email_account": ACCOUNT}])
			user.save(ignore_permissions=True)
		frappe.db.commit()
		# Frappe keeps the outgoing account it found for the rest of a request (frappe.local); a test run is
		# one long request, so an account found by an earlier test would send these tests' mail.
		frappe.local.outgoing_email_account = {}

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		# Mail that leaves on commit goes now, while the outgoing account and the SMTP server are still
		# there (Frappe 16 sends the assignment notices of the tests this way; see compat).
		frappe.db.commit()
		for key in ("mail_officer", "mail_cardio_leader"):
			user = frappe.get_doc("User", cls.u[key])
			user.set("user_emails", [])
			user.save(ignore_permissions=True)
		for account in (ACCOUNT, OUTGOING):
			frappe.delete_doc("Email Account", account, force=True, ignore_permissions=True)
		for name in cls.other_outgoing:
			if frappe.db.exists("Email Account", name):
				frappe.db.set_value("Email Account", name, "enable_outgoing", 1)
		if cls.default_outgoing and frappe.db.exists("Email Account", cls.default_outgoing):
			frappe.db.set_value("Email Account", cls.default_outgoing, "default_outgoing", 1)
		settings = frappe.get_single("SMS Settings")
		for field in ("sms_gateway_url", "message_parameter", "receiver_parameter", "use_post"):
			settings.set(field, cls.sms_settings.get(field))
		settings.set(
			"parameters", [{"parameter": p.parameter, "value": p.value} for p in cls.sms_settings.parameters]
		)
		settings.flags.ignore_mandatory = True  # the site may have had no gateway before
		settings.save(ignore_permissions=True)
		frappe.db.commit()
		frappe.local.outgoing_email_account = {}
		super().tearDownClass()

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.flags.testing_email = False

	@staticmethod
	def set_gateway(url: str):
		settings = frappe.get_single("SMS Settings")
		settings.sms_gateway_url = url
		settings.message_parameter = "content"
		settings.receiver_parameter = "mobile"
		settings.use_post = 0
		settings.set("parameters", [{"parameter": "apikey", "value": "hospital-key"}])
		settings.save(ignore_permissions=True)

	def as_user(self, key):
		frappe.set_user(self.u[key])

	# ------------------------------------------------------------------ helpers
	def mail(self, subject, body=None, sender=None, **headers):
		message = EmailMessage()
		message["From"] = sender or f"李明 <{self.sender}>"
		message["To"] = self.imap.user
		message["Subject"] = subject
		message["Date"] = mail_date(headers.pop("sent_at", now_datetime()))
		message["Message-ID"] = make_msgid(domain="patient.test")
		for name, value in headers.items():
			message[name.replace("_", "-")] = value
		if body is not None:
			message.set_content(body)
		return message

	def setUp(self):
		# Each test writes as a petitioner of its own: mail pulled by earlier runs stays on the site.
		self.sender = f"liming.{frappe.generate_hash(length=8)}@patient.test"

	def deliver_and_pull(self, *messages):
		for message in messages:
			self.imap.deliver(message)
		pull_from_email_account(ACCOUNT)

	@staticmethod
	def communication_of(message):
		return frappe.db.get_value(
			"Communication",
			{"message_id": message["Message-ID"].strip("<>")},
			["name", "reference_doctype", "reference_name", "status", "_user_tags"],
			as_dict=True,
		)

	def flush_mail(self, petition):
		frappe.flags.testing_email = True
		for name in frappe.get_all(
			"Email Queue",
			filters={"status": "Not Sent", "reference_doctype": "Petition", "reference_name": petition},
			pluck="name",
		):
			frappe.get_doc("Email Queue", name).send(force_send=True)

	def sent_to(self, address):
		# aiosmtpd records the envelope's recipients in X-RcptTo (a copy in Cc is not in To).
		return [m for m in self.smtp.messages() if address in (m["X-RcptTo"] or "")]

	def deliver_sms(self):
		# Every message due, also on a test site where earlier runs left many queued.
		sms.retry_due(limit=100_000, commit=False)


class TestEmailIntake(MailAndSmsTestCase):
	def test_a_mail_becomes_a_petition_with_its_attachment_and_a_reply_joins_it(self):
		from frappe.utils.pdf import get_pdf

		sent_at = add_to_date(now_datetime(), hours=-3).replace(microsecond=0)
		first = self.mail(
			"投诉门诊收费不合理",
			"我于11月20日在门诊缴费时被重复收取检查费200元，请求退还多收费用。",
			sent_at=sent_at,
		)
		receipt = get_pdf("<p>收费单据 No. 20261120</p>")
		first.add_attachment(receipt, maintype="application", subtype="pdf", filename="收费单.pdf")
		self.deliver_and_pull(first)

		mail = self.communication_of(first)
		self.assertEqual(mail.reference_doctype, "Petition")
		doc = frappe.get_doc("Petition", mail.reference_name)
		self.assertEqual(doc.channel, "Email")
		self.assertEqual(doc.petitioner_email, self.sender)
		self.assertTrue(doc.petitioner_name, "the sender's name, for the officer to check")
		self.assertEqual(doc.subject, "投诉门诊收费不合理")
		self.assertIn("请求退还多收费用", doc.request)
		self.assertEqual(get_datetime(doc.received_at), sent_at)
		self.assertTrue(doc.tracking_code)
		files = frappe.get_all(
			"File",
			filters={"attached_to_doctype": "Petition", "attached_to_name": doc.name},
			fields=["file_name", "is_private", "file_url"],
		)
		# Frappe adds a suffix to a name another file already has.
		self.assertEqual(
			[
				(f.file_name.startswith("收费单") and f.file_name.endswith(".pdf"), f.is_private)
				for f in files
			],
			[(True, 1)],
		)
		self.assertEqual(frappe.get_doc("File", {"file_url": files[0].file_url}).get_content(), receipt)

		reply = self.mail(
			"Re: 投诉门诊收费不合理",
			"补充：缴费时间为上午10点，收费窗口3号。",
			In_Reply_To=first["Message-ID"],
		)
		self.deliver_and_pull(reply)
		self.assertEqual(self.communication_of(reply).reference_name, doc.name)
		self.assertEqual(frappe.db.count("Petition", {"petitioner_email": self.sender}), 1)
		timeline = frappe.get_all(
			"Communication", filters={"reference_doctype": "Petition", "reference_name": doc.name}
		)
		self.assertEqual(len(timeline), 2)

	def test_repeat_detection_runs_on_emailed_petitions(self):
		first = self.mail("投诉门诊收费不合理", "门诊重复收费200元，请求退还。")
		self.deliver_and_pull(first)
		original = self.communication_of(first).reference_name
		# A new mail (not a reply) from the same address about the same matter: a repeat petition.
		again = self.mail("再次投诉门诊收费不合理", "门诊重复收费200元至今未退还，请求退还。")
		self.deliver_and_pull(again)
		doc = frappe.get_doc("Petition", self.communication_of(again).reference_name)
		self.assertNotEqual(doc.name, original)
		self.assertEqual((doc.channel, doc.is_repeat, doc.original_petition), ("Email", 1, original))

		# The officer registering a mailed petition adds the phone from its text: checked again.
		phone = new_phone()
		self.as_user("mail_officer")
		by_phone = petition(
			subject="投诉住院部收费不合理", request="住院部重复收费，请求退还", petitioner_phone=phone
		)
		frappe.set_user("Administrator")
		frappe.db.commit()
		other = self.mail(
			"投诉住院部收费不合理",
			f"住院部重复收费，请求退还。电话{phone}",
			sender=f"王先生 <other.{self.sender}>",
		)
		self.deliver_and_pull(other)
		doc = frappe.get_doc("Petition", self.communication_of(other).reference_name)
		self.assertFalse(doc.is_repeat)
		self.as_user("mail_officer")
		doc.petitioner_phone = phone
		doc.matter_kind = "Appeal"
		doc.save()
		self.assertEqual((doc.is_repeat, doc.original_petition), (1, by_phone.name))

	def test_bounces_automatic_replies_and_empty_mail_make_no_petition(self):
		before = frappe.db.count("Petition")
		bounce = self.mail(
			"Undelivered Mail Returned to Sender",
			"This is the mail system at host mail.hospital.test. The message could not be delivered.",
			sender="MAILER-DAEMON@mail.hospital.test",
			Return_Path="<>",
		)
		auto = self.mail(
			"自动回复：您的信访事项",
			"我正在休假，11月30日返回。",
			sender="busy@patient.test",
			Auto_Submitted="auto-replied",
		)
		blank = self.mail("（无主题）", None, sender="empty@patient.test")
		self.deliver_and_pull(bounce, auto, blank)
		self.assertEqual(frappe.db.count("Petition"), before)
		for message, tag in ((bounce, "Bounce"), (auto, "Automatic Reply"), (blank, "Blank Email")):
			mail = self.communication_of(message)
			self.assertTrue(mail, f"{message['Subject']} is kept as mail")
			self.assertFalse(mail.reference_doctype)
			self.assertEqual(mail.status, "Closed")
			self.assertIn(tag, mail._user_tags or "")

	def test_the_mailbox_creates_no_contacts(self):
		self.assertEqual(frappe.db.get_value("Email Account", ACCOUNT, "create_contact"), 0)


class TestMailConfidentiality(MailAndSmsTestCase):
	def report_by_mail(self):
		message = self.mail(
			"举报心内科医生收受红包",
			"本人举报心内科某医生收受患者红包，附转账记录。举报人：赵某，电话13911112222。",
			sender="赵某 <whistle@patient.test>",
		)
		self.deliver_and_pull(message)
		mail = self.communication_of(message)
		doc = frappe.get_doc("Petition", mail.reference_name)
		doc.matter_kind = "Report"
		doc.department_concerned = "心内科"
		doc.handling_office = "医务科"
		doc.flags.ignore_mandatory = True
		doc.save(ignore_permissions=True)
		frappe.db.commit()
		return doc, mail.name

	def test_a_reports_mail_never_reaches_the_unit_reported_on(self):
		doc, mail = self.report_by_mail()
		self.as_user("mail_officer")
		self.assertIn(mail, frappe.get_list("Communication", pluck="name"))
		self.assertTrue(frappe.has_permission("Communication", "read", mail))

		self.as_user("mail_cardio_leader")  # reads the mailbox, but belongs to 心内科
		self.assertFalse(frappe.has_permission("Petition", "read", doc.name))
		self.assertNotIn(mail, frappe.get_list("Communication", pluck="name"))
		self.assertNotIn(
			mail,
			frappe.get_list("Communication", filters={"reference_name": doc.name}, pluck="name"),
		)
		self.assertRaises(
			frappe.PermissionError, frappe.get_doc("Communication", mail).check_permission, "read"
		)
		frappe.set_user("Administrator")
		api = self.rest_key("mail_cardio_leader")
		self.assertEqual(self.get(self.resource("Communication", mail), headers=api).status_code, 403)
		listed = self.get(
			self.resource("Communication"),
			{
				"filters": json.dumps([["reference_name", "=", doc.name]]),
				"fields": json.dumps(["name", "content"]),
			},
			headers=api,
		)
		# A list that names a petition's number is refused at the door (overrides/door_rule.py), as it is for a
		# number that does not exist: the answer tells nothing of the report or its mail.
		self.assertEqual(listed.status_code, 403)
		self.assertNotIn(mail, listed.get_data(as_text=True))
		nowhere = self.get(
			self.resource("Communication"),
			{
				"filters": json.dumps([["reference_name", "=", "XF-0000-00000"]]),
				"fields": json.dumps(["name", "content"]),
			},
			headers=api,
		)
		self.assertEqual(nowhere.status_code, listed.status_code)

	def test_a_handler_reads_the_matter_but_not_the_mail_with_the_reporters_address(self):
		doc, mail = self.report_by_mail()
		self.as_user("mail_handler")  # 医务科 handles it: reads the petition, not the identity
		self.assertTrue(frappe.has_permission("Petition", "read", doc.name))
		self.assertFalse(frappe.has_permission("Communication", "read", mail))
		timeline = [{"name": mail, "communication_type": "Communication"}]
		self.assertEqual(visible_timeline(timeline), [])
		from xinfang_app.overrides.form_load import get_communications

		self.assertEqual(get_communications("Petition", doc.name), [])
		self.assertFalse(
			frappe.get_all(
				"Communication Link", filters={"parent": mail}, fields=["link_doctype", "link_name"]
			),
			"the mail is on no Contact's timeline",
		)

	def test_a_reply_is_forwarded_only_to_those_who_may_see_the_reporter(self):
		doc, _mail = self.report_by_mail()
		first = frappe.get_doc("Communication", _mail)
		from frappe.desk.form.assign_to import add

		add(
			{
				"doctype": "Petition",
				"name": doc.name,
				"assign_to": [self.u["mail_handler"], self.u["mail_officer"]],
			},
			ignore_permissions=True,
		)
		frappe.db.commit()
		reply = self.mail(
			"Re: 举报心内科医生收受红包",
			"补充一份转账截图。",
			sender=f"赵某 <{first.sender}>",
			In_Reply_To=f"<{first.message_id}>",
		)
		self.deliver_and_pull(reply)
		self.assertEqual(self.communication_of(reply).reference_name, doc.name)
		self.flush_mail(doc.name)
		self.assertTrue(self.sent_to(self.u["mail_officer"]), "the officer is told of the reply")
		self.assertEqual(self.sent_to(self.u["mail_handler"]), [], "the handler may not see who wrote")

	def rest_key(self, key):
		token = api_token(self.u[key])
		frappe.db.commit()
		return {"Authorization": token}


class TestNotices(MailAndSmsTestCase):
	def replied_petition(self, **values):
		self.as_user("mail_officer")
		doc = petition(**{"petitioner_email": "wangfang@patient.test", **values})
		doc = apply_workflow(doc, "Register Petition")
		doc.acceptance = "Accepted"
		doc.save()
		doc = apply_workflow(doc, "Accept Petition")
		doc.outcome = "Not Supported"
		doc.reply = "经调查，收费符合规定。"
		doc.legal_basis = "《医疗机构投诉管理办法》"
		doc.save()
		return doc

	def test_the_written_opinion_goes_by_email_as_a_chinese_pdf_and_is_recorded(self):
		from pypdf import PdfReader

		self.serve_assets()
		doc = self.replied_petition()
		communication = notice_api.send_notice(doc.name, "opinion")
		doc.reload()
		self.assertEqual(str(doc.opinion_sent_on), today())
		self.assertEqual(doc.opinion_sent_by, "Email")
		logged = frappe.get_doc("Communication", communication)
		self.assertEqual((logged.reference_doctype, logged.reference_name), ("Petition", doc.name))
		self.assertIn("信访事项处理意见书", logged.subject)

		frappe.set_user("Administrator")
		self.flush_mail(doc.name)
		delivered = self.sent_to("wangfang@patient.test")
		self.assertEqual(len(delivered), 1)
		pdfs = [p for p in delivered[0].walk() if p.get_content_type() == "application/pdf"]
		self.assertEqual(len(pdfs), 1)
		self.assertIn(doc.name, pdfs[0].get_filename())
		text = "".join(
			page.extract_text() for page in PdfReader(io.BytesIO(pdfs[0].get_payload(decode=True))).pages
		)
		# The PDF's text layer writes some characters as their radical forms (⽀ for 支): compare after NFKC.
		text = unicodedata.normalize("NFKC", text)
		self.assertIn("信访事项处理意", text)
		self.assertIn("不予支持", text)
		self.assertIn(doc.petitioner_name, text)

	def test_the_non_acceptance_and_extension_notices_go_by_email_with_their_own_pdf(self):
		from pypdf import PdfReader

		self.serve_assets()
		self.as_user("mail_officer")
		declined = petition(petitioner_email="declined@patient.test")
		declined = apply_workflow(declined, "Register Petition")
		declined.acceptance = "Not Accepted"
		declined.acceptance_reason = "该事项已进入诉讼程序，请向人民法院提出。"
		declined.save()
		notice_api.send_notice(declined.name, "acceptance")

		extended = petition(petitioner_email="extended@patient.test")
		extended = apply_workflow(extended, "Register Petition")
		extended.acceptance = "Accepted"
		extended.handler = self.u["mail_handler"]
		extended.save()
		extended = apply_workflow(extended, "Accept Petition")
		extended = apply_workflow(extended, "Assign Handler")
		self.as_user("mail_leader")
		extended.reload()
		extended.extension_days = 20
		extended.extension_reason = "需组织医疗专家论证"
		extended.save()
		self.as_user("mail_officer")
		notice_api.send_notice(extended.name, "extension")

		frappe.set_user("Administrator")
		for doc, address, title, field in (
			(declined, "declined@patient.test", "不予受理告知书", "notice_sent_by"),
			(extended, "extended@patient.test", "延期告知书", "extension_notice_sent_by"),
		):
			self.flush_mail(doc.name)
			self.assertEqual(frappe.db.get_value("Petition", doc.name, field), "Email")
			delivered = self.sent_to(address)
			self.assertEqual(len(delivered), 1, address)
			pdf = next(p for p in delivered[0].walk() if p.get_content_type() == "application/pdf")
			text = "".join(
				page.extract_text() for page in PdfReader(io.BytesIO(pdf.get_payload(decode=True))).pages
			)
			self.assertIn(title, unicodedata.normalize("NFKC", text).replace(" ", ""))

	def serve_assets(self):
		"""A print rendered as PDF loads its stylesheet from the site's address: serve it."""
		assets = AssetServer(os.path.abspath(frappe.get_site_path(".."))).start()
		host_name = frappe.local.conf.get("host_name")
		frappe.local.conf.host_name = assets.url
		self.addCleanup(assets.stop)
		self.addCleanup(frappe.local.conf.__setitem__, "host_name", host_name)

	def test_posting_is_recorded_and_a_notice_needs_its_decision(self):
		self.as_user("mail_officer")
		doc = petition(petitioner_email=None)
		self.assertRaises(frappe.ValidationError, notice_api.send_notice, doc.name, "acceptance")
		doc = apply_workflow(doc, "Register Petition")
		doc.acceptance = "Not Accepted"
		doc.acceptance_reason = "该事项已进入诉讼程序，请向人民法院提出。"
		doc.save()
		self.assertRaises(frappe.ValidationError, notice_api.send_notice, doc.name, "acceptance")
		notice_api.record_posted(doc.name, "acceptance")
		doc.reload()
		self.assertEqual(doc.notice_sent_by, "Post")
		self.assertEqual(str(doc.notice_sent_on), today())
		posted = frappe.get_all(
			"Communication",
			filters={
				"reference_doctype": "Petition",
				"reference_name": doc.name,
				"communication_medium": "Other",
			},
			pluck="subject",
		)
		self.assertEqual(len(posted), 1)
		self.as_user("mail_handler")
		self.assertRaises(frappe.PermissionError, notice_api.record_posted, doc.name, "acceptance")

	def test_an_english_users_print_of_the_written_opinion_is_chinese(self):
		doc = self.replied_petition()
		self.assertEqual(frappe.db.get_value("User", self.u["mail_officer"], "language"), "en")
		frappe.local.lang = "en"
		html = frappe.get_print("Petition", doc.name, "信访事项处理意见书")
		self.assertIn("不予支持", html)
		self.assertNotIn("Not Supported", html)


class TestSms(MailAndSmsTestCase):
	def texts_to(self, phone):
		return [r["params"]["content"] for r in self.gateway.requests() if r["params"].get("mobile") == phone]

	def test_each_milestone_reaches_the_gateway(self):
		phone = new_phone()
		self.as_user("mail_officer")
		doc = petition(petitioner_phone=phone)
		doc = apply_workflow(doc, "Register Petition")
		doc.acceptance = "Accepted"
		doc.handler = self.u["mail_handler"]
		doc.save()
		doc = apply_workflow(doc, "Accept Petition")
		doc = apply_workflow(doc, "Assign Handler")
		self.as_user("mail_leader")
		doc.reload()
		doc.extension_days = 15
		doc.extension_reason = "需组织医疗专家论证"
		doc.save()
		self.as_user("mail_officer")
		doc.reload()
		doc.outcome = "Explained"
		doc.reply = "已向您解释相关诊疗规范。"
		doc.replied_on = today()
		doc.save()
		from xinfang_app.api.petition import create_review

		review = create_review(doc, ignore_permissions=True)
		review.reload()
		review.outcome = "Explained"
		review.reply = "复查维持原处理意见。"
		review.replied_on = today()
		review.save()
		frappe.set_user("Administrator")
		self.deliver_sms()

		texts = self.texts_to(phone)
		self.assertEqual(len(texts), 6, texts)
		expected = [
			f"查询码{doc.tracking_code}",
			"已受理",
			"延期15日",
			"已作出处理意见",
			f"查询码{review.tracking_code}",
			"复查意见",
		]
		for fragment in expected:
			self.assertTrue(any(fragment in t for t in texts), f"{fragment} in {texts}")
		self.assertTrue(all(r["params"]["apikey"] == "hospital-key" for r in self.gateway.requests()))
		self.assertFalse(any("王芳" in t for t in texts), "no names in the texts")
		# Read as committed now (a locking read): a worker of the bench may have sent a message of this test's
		# after-commit job meanwhile, which the test's own snapshot would still show queued.
		sent = frappe.db.get_values(
			"Petition SMS", {"petition": doc.name, "status": "Sent"}, "name", for_update=True
		)
		self.assertEqual(len(sent), 4)

	def test_no_sms_without_a_phone_or_after_opting_out(self):
		self.as_user("mail_officer")
		phone = new_phone()
		opted_out = petition(petitioner_phone=phone, sms_opt_out=1)
		phoneless = petition(petitioner_phone=None, petitioner_email="nophone@patient.test")
		for doc in (opted_out, phoneless):
			doc = apply_workflow(doc, "Register Petition")
			doc.acceptance = "Accepted"
			doc.save()
		frappe.set_user("Administrator")
		self.deliver_sms()
		self.assertEqual(self.texts_to(phone), [])
		self.assertEqual(
			frappe.db.count("Petition SMS", {"petition": ("in", [opted_out.name, phoneless.name])}), 0
		)

	def test_an_online_petitioner_may_ask_for_no_sms(self):
		frappe.cache.delete_keys("rl:")
		frappe.db.commit()  # the requests number petitions from the same series as this test's inserts
		form = {
			"consent": 1,
			"matter_kind": "Suggestion",
			"subject": "建议门诊增加自助缴费机",
			"request": "建议在门诊大厅增加自助缴费机",
			"petitioner_name": "网上建议人",
		}
		names = {}
		for opt_out in (0, 1):
			phone = new_phone()
			response = self.post(
				"/api/method/xinfang_app.api.portal.submit",
				{**form, "petitioner_phone": phone, "sms_opt_out": opt_out},
			)
			self.assertEqual(response.status_code, 200, response.text)
			names[opt_out] = response.json["message"]["name"]
		frappe.db.rollback()  # read what the requests committed
		self.assertEqual(frappe.db.get_value("Petition", names[1], "sms_opt_out"), 1)
		self.assertEqual(frappe.db.count("Petition SMS", {"petition": names[1]}), 0)
		self.assertEqual(frappe.db.count("Petition SMS", {"petition": names[0]}), 1)

	def test_a_draft_deleted_takes_its_sms_along(self):
		self.as_user("mail_officer")
		doc = petition(petitioner_phone=new_phone())
		outbox = frappe.db.get_value("Petition SMS", {"petition": doc.name})
		self.assertTrue(outbox)
		frappe.set_user("Administrator")
		frappe.delete_doc("Petition", doc.name)
		self.assertEqual(frappe.db.count("Petition SMS", {"petition": doc.name}), 0)
		sms.deliver(outbox)  # the delivery that was waiting for it finds nothing to send, and says nothing

	def test_a_gateway_that_is_down_leaves_the_petition_saved_and_the_failure_logged(self):
		down = SmsGateway()  # a port nobody listens on
		self.set_gateway(down.url)
		try:
			self.as_user("mail_officer")
			phone = new_phone()
			doc = petition(petitioner_phone=phone)
			self.assertTrue(frappe.db.exists("Petition", doc.name))
			frappe.set_user("Administrator")
			self.deliver_sms()
			row = frappe.get_doc("Petition SMS", {"petition": doc.name})
			self.assertEqual((row.status, row.attempts), ("Queued", 1))
			self.assertGreater(get_datetime(row.next_attempt_at), now_datetime())
			self.assertTrue(
				frappe.db.exists("Error Log", {"reference_doctype": "Petition", "reference_name": doc.name})
			)
		finally:
			self.set_gateway(self.gateway.url)
		# The sweep retries once the time has come, and the gateway is back.
		row.db_set("next_attempt_at", now_datetime())
		self.deliver_sms()
		row.reload()
		self.assertEqual(row.status, "Sent")
		self.assertEqual(len(self.texts_to(phone)), 1)
