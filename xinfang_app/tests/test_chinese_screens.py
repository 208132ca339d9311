# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt
"""Chinese screens without English, raw values or e-mail addresses, and no dead ends, as each role sees them:
the desk's save answers with people's names and the timeline in words, matter kinds translated on every form,
Frappe's words that its own Chinese gets wrong, the sidebar and shortcuts a petition role uses, the 承办人 picker
of the handling office, the 建议书's own print, the portal's home page."""

from __future__ import annotations

import json
import re

import frappe

from xinfang_app.xinfang.doctype.petition.test_petition import PetitionTestCase

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


class TestChineseScreens(PetitionTestCase):
	def setUp(self):
		super().setUp()
		frappe.local.lang = "zh"
		frappe.local.response = frappe._dict(docs=[])

	def tearDown(self):
		frappe.local.lang = "en"
		frappe.set_user("Administrator")
		super().tearDown()

	def form_save(self, key, doc: dict, action="Save") -> dict:
		from xinfang_app.overrides.form_load import savedocs

		self.as_user(key)
		frappe.local.response = frappe._dict(docs=[])
		savedocs(frappe.as_json(doc), action)
		return frappe.local.response

	def test_issuing_a_suggestion_answers_with_names(self):
		for key, name in (("officer", "赵专员"), ("head", "钱主任")):
			frappe.set_user("Administrator")
			frappe.db.set_value("User", self.u[key], {"first_name": name, "full_name": name})
		petition = self.accepted()
		self.as_user("officer")
		draft = frappe.get_doc(
			{
				"doctype": "Petition Suggestion",
				"suggestion_kind": "Improve Work",
				"title": "关于改进门诊服务的建议",
				"addressed_unit": "医务科",
				"petitions": [{"petition": petition.name}],
				"problem": "候诊时间过长。",
				"suggestion": "增设导诊岗位。",
			}
		).insert()
		response = self.form_save("officer", draft.as_dict(convert_dates_to_str=True), "Submit")
		saved = response.docs[-1]
		self.assertEqual((saved["issued_by"], saved["unit_head"]), (self.u["officer"], self.u["head"]))
		titles = response.get("_link_titles") or {}
		self.assertEqual(titles.get(f"User::{self.u['officer']}"), "赵专员")
		self.assertEqual(titles.get(f"User::{self.u['head']}"), "钱主任")
		# the timeline names who created it, Frappe's own users in Chinese
		info = response.docinfo["user_info"]
		self.assertEqual(info[self.u["officer"]]["fullname"], "赵专员")
		# the print icon opens the letter, not Frappe's generic layout
		self.assertEqual(frappe.get_meta("Petition Suggestion").default_print_format, "信访工作建议书")
		self.assertEqual(frappe.get_meta("Rectification").default_print_format, "整改通知书")
		# the matter kind reads in Chinese in the suggestion's rows and on a responsibility finding
		from frappe.utils.formatters import format_value

		row = frappe.get_doc("Petition Suggestion", draft.name).petitions[0]
		self.assertEqual(row.matter_kind, "Appeal")
		for doctype in ("Petition Suggestion Petition", "Responsibility Finding", "Rectification Petition"):
			df = frappe.get_meta(doctype).get_field("matter_kind")
			self.assertEqual(df.fieldtype, "Select", doctype)
			self.assertEqual(format_value("Appeal", df), "申诉求决", doctype)
			self.assertEqual(format_value("Report", df), "检举控告", doctype)

	def test_the_timeline_after_a_save_and_who_created(self):
		self.as_user("officer")
		doc = frappe.get_doc(
			{
				"doctype": "Petition",
				"channel": "Online",
				"matter_kind": "Appeal",
				"subject": "网上信访：挂号难",
				"request": "改进挂号",
				"petitioner_name": "周网民",
				"petitioner_phone": "13812340000",
				"handling_office": "医务科",
				"received_at": frappe.utils.now_datetime(),
			}
		).insert()
		frappe.set_user("Administrator")
		frappe.db.set_value("Petition", doc.name, "owner", "Guest", update_modified=False)
		# the change the save records (a Version, as Frappe writes it) comes back in words, not "null"
		frappe.get_doc(
			{
				"doctype": "Version",
				"ref_doctype": "Petition",
				"docname": doc.name,
				"data": json.dumps({"changed": [["findings", None, "经核实，挂号系统高峰期拥堵。"]]}),
			}
		).insert(ignore_permissions=True)
		data = frappe.get_doc("Petition", doc.name).as_dict(convert_dates_to_str=True)
		data["findings"] = "经核实，挂号系统高峰期拥堵。"
		response = self.form_save("officer", data)
		info = response.docinfo["user_info"]
		self.assertEqual(info["Guest"]["fullname"], "网上信访")
		versions = response.docinfo["versions"]
		changed = {c[0]: c[1:] for v in versions for c in json.loads(v["data"]).get("changed", [])}
		self.assertEqual(changed["findings"], ["（空）", "经核实，挂号系统高峰期拥堵。"])
		# opening the form names Administrator in Chinese as well
		frappe.set_user("Administrator")
		frappe.db.set_value("Petition", doc.name, "owner", "Administrator", update_modified=False)
		from xinfang_app.overrides.form_load import getdoc

		self.as_user("officer")
		frappe.local.response = frappe._dict(docs=[])
		getdoc("Petition", doc.name)
		self.assertEqual(
			frappe.local.response.docinfo["user_info"]["Administrator"]["fullname"], "系统管理员"
		)

	def test_frappe_words_in_chinese(self):
		self.assertEqual(frappe._("Reports & Masters"), "报表与主数据")
		# the workspace header as the desk translates it (the whole HTML is the key)
		from frappe.translate import get_all_translations

		self.assertEqual(
			get_all_translations("zh").get('<span class="h4"><b>Reports &amp; Masters</b></span>'),
			'<span class="h4"><b>报表与主数据</b></span>',
		)
		# a handler refused by role permission reads a Chinese sentence, without their e-mail address
		self.as_user("handler")
		frappe.local.message_log = []
		self.assertFalse(frappe.has_permission("Petition Settings", "write", throw=False))
		frappe.local.message_log = []
		from frappe.permissions import has_permission

		# (its messages are printed by default: Frappe 15 calls the switch raise_exception, Frappe 16 print_logs)
		has_permission("Petition Settings", "write")
		messages = " ".join(
			str(m.get("message") if isinstance(m, dict) else json.loads(m).get("message"))
			for m in frappe.local.message_log
		)
		self.assertIn("您的角色无权进行此项操作", messages)
		self.assertNotRegex(messages, EMAIL)
		self.assertNotIn("role permission", messages)

	def test_the_sidebar_and_shortcuts_a_petition_role_uses(self):
		from xinfang_app.overrides.desk_pages import get_desktop_page, get_workspace_sidebar_items

		def shortcuts(page):
			return [s for s in get_desktop_page(page)["shortcuts"]["items"] if s.get("link_to")]

		# Frappe's own workspaces on this bench (Frappe 16 has no Tools workspace)
		framework = {
			w
			for w in ("Users", "Website", "Tools", "Integrations", "Build")
			if frappe.db.exists("Workspace", w)
		}
		self.assertGreaterEqual(len(framework), 4)
		for key in ("officer", "handler", "head", "leader", "manager"):
			self.as_user(key)
			pages = {p["name"] for p in get_workspace_sidebar_items()["pages"]}
			self.assertFalse(pages & framework, key)
			self.assertIn("Petition Desk", pages, key)
		frappe.set_user("Administrator")
		pages = {p["name"] for p in get_workspace_sidebar_items()["pages"]}
		self.assertTrue(framework <= pages)
		page = json.dumps({"name": "Petition Desk", "title": "Petition Desk", "public": 1})
		self.as_user("handler")
		labels = {s["link_to"] + ":" + (s.get("doc_view") or "") for s in shortcuts(page)}
		self.assertNotIn("Petition:New", labels)
		self.assertIn("Petition:List", labels)
		self.as_user("officer")
		labels = {s["link_to"] + ":" + (s.get("doc_view") or "") for s in shortcuts(page)}
		self.assertIn("Petition:New", labels)

	def test_the_handler_picker_lists_the_office_staff(self):
		from xinfang_app.api.pickers import office_staff

		self.as_user("officer")
		found = {r[0] for r in office_staff("User", "", "name", 0, 50, {"office": "医务科"})}
		self.assertIn(self.u["handler"], found)
		self.assertIn(self.u["head"], found)
		self.assertNotIn(self.u["leader"], found)
		self.assertNotIn(self.u["nurse_handler"], found)
		self.assertNotIn("Administrator", found)
		nursing = {r[0] for r in office_staff("User", "", "name", 0, 50, {"office": "护理部"})}
		self.assertIn(self.u["nurse_handler"], nursing)
		self.assertNotIn(self.u["handler"], nursing)
		# someone who may not read petitions learns nothing
		self.as_user("nobody")
		self.assertEqual(office_staff("User", "", "name", 0, 50, {"office": "医务科"}), [])

	def test_the_portal_home_leads_to_petitions(self):
		self.assertEqual(frappe.db.get_single_value("Website Settings", "home_page"), "xinfang")
		frappe.set_user("Guest")
		from frappe.website.utils import get_home_page

		frappe.local.flags.home_page = None
		self.assertEqual(get_home_page(), "xinfang")
