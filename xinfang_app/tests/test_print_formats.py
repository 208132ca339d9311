"""Printing a petition: the print picker finds the notices by their Chinese names, the printer button
prints the handling slip (no internal field on any format), and the hospital's name heads every notice."""

from __future__ import annotations

import frappe
from frappe.desk.search import search_link

from xinfang_app.compat import SiteTestCase
from xinfang_app.services import notices
from xinfang_app.tests.utils import make_office, make_user, petition

# Internal fields: indexes for repeat matching, deadline clock bookkeeping, the portal account.
INTERNAL_LABELS = ("姓名住址索引", "电话索引", "电话后四位", "计时", "下一期限", "网站用户", "查询码")
SHIPPED = {
	"意见书": notices.WRITTEN_OPINION,
	"受理告知": notices.ACCEPTANCE_NOTICE,
	"不予受理": notices.NON_ACCEPTANCE_NOTICE,
	"延期": notices.EXTENSION_NOTICE,
	"处理单": notices.HANDLING_SLIP,
}


class TestPrintFormats(SiteTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.officer = make_user("print_officer", ["Petition Officer"])
		make_office("医务科")
		frappe.db.commit()

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def registered(self):
		frappe.set_user(self.officer)
		doc = petition(petitioner_name="赵印", petitioner_phone="13900001234", petitioner_address="幸福路7号")
		doc.db_set({"tracking_code": "TRACK9X7Q"})
		return doc

	def test_the_picker_finds_each_notice_by_its_chinese_name(self):
		frappe.set_user(self.officer)
		for typed, name in SHIPPED.items():
			found = [r["value"] for r in search_link("Print Format", typed, filters={"doc_type": "Petition"})]
			self.assertIn(name, found, typed)
		for typed, name in {"协议书": "调解协议书", "封存": "病历封存清单"}.items():
			found = [
				r["value"] for r in search_link("Print Format", typed, filters={"doc_type": "Mediation"})
			]
			self.assertIn(name, found, typed)

	def test_the_default_format_prints_no_internal_field(self):
		self.assertEqual(frappe.get_meta("Petition").default_print_format, notices.HANDLING_SLIP)
		doc = self.registered()
		doc.reload()
		internal_values = [doc.tracking_code, doc.phone_key, doc.name_address_key]
		self.assertTrue(all(internal_values), internal_values)
		frappe.local.lang = "zh"
		html = frappe.get_print("Petition", doc.name)  # the printer button: the DocType's default
		self.assertIn("信访处理单", html)
		self.assertIn(doc.subject, html)
		self.assertIn("来信", html)  # the channel and the matter's kind in Chinese
		self.assertIn("申诉求决", html)
		for value in internal_values:
			self.assertNotIn(value, html)
		# Frappe's Standard format, chosen by hand, leaves them out too.
		html = frappe.get_print("Petition", doc.name, "Standard")
		self.assertIn(doc.subject, html)
		# (the officer may read the phone itself, which the phone index repeats)
		for text in [doc.tracking_code, doc.name_address_key, *INTERNAL_LABELS]:
			self.assertNotIn(text, html)

	def test_the_hospital_heads_the_notices_and_signs_the_opinion(self):
		settings = frappe.get_single("Petition Settings")
		settings.institution_name = "测试市第三人民医院"
		settings.save()
		doc = self.registered()
		doc.db_set({"acceptance": "Accepted", "accepted_on": frappe.utils.today(), "reply": "已核实并整改。"})
		for name in (notices.WRITTEN_OPINION, notices.ACCEPTANCE_NOTICE, notices.HANDLING_SLIP):
			html = frappe.get_print("Petition", doc.name, name)
			self.assertIn("测试市第三人民医院", html, name)
		opinion = frappe.get_print("Petition", doc.name, notices.WRITTEN_OPINION)
		self.assertIn("测试市第三人民医院（盖章）", opinion)
		self.assertNotIn("本机关", opinion)

	def test_without_a_name_the_notice_says_this_office(self):
		from xinfang_app.services.settings import institution_name

		frappe.db.set_single_value("Petition Settings", "institution_name", "")
		frappe.clear_document_cache("Petition Settings", "Petition Settings")
		if institution_name():  # ERPNext's default company stands in for the hospital's name
			return
		doc = self.registered()
		doc.db_set({"acceptance": "Accepted", "accepted_on": frappe.utils.today()})
		self.assertIn("本机关", frappe.get_print("Petition", doc.name, notices.WRITTEN_OPINION))


class TestHospitalName(SiteTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()
		frappe.clear_cache()

	def test_the_website_and_the_login_page_name_the_hospital(self):
		from frappe.website.serve import get_response_content

		from xinfang_app.services import brand

		frappe.set_user("Administrator")
		settings = frappe.get_single("Petition Settings")
		settings.institution_name = "测试市第三人民医院"
		settings.save()
		name = "测试市第三人民医院信访工作平台"
		self.assertEqual(frappe.db.get_single_value("Website Settings", "app_name"), name)
		self.assertEqual(frappe.db.get_single_value("Website Settings", "footer_powered"), name)
		frappe.set_user("Guest")
		frappe.local.lang = "zh"
		for page in ("xinfang", "xinfang/track"):
			html = get_response_content(page)
			self.assertIn('<div class="xf-org">测试市第三人民医院</div>', html, page)
			self.assertNotIn("基于Frappe构建", html, page)
		# (the login page says 登录到 Website Settings' app_name: frappe/www/login.py on 15 and 16)
		# A name the administrator gave Frappe's pages themselves stays.
		frappe.set_user("Administrator")
		frappe.db.set_single_value("Website Settings", "app_name", "院内办公平台")
		brand.apply("另一医院", "测试市第三人民医院")
		self.assertEqual(frappe.db.get_single_value("Website Settings", "app_name"), "院内办公平台")
