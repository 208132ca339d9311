"""The desk names people and values in the user's words: users by full name, not e-mail address; the
timeline without "null" or English select values; the online petitioner as 访客, not Guest."""

from __future__ import annotations

import json

import frappe

from xinfang_app.compat import SiteTestCase
from xinfang_app.tests.utils import make_office, make_user, petition


class TestReadableDesk(SiteTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.officer = make_user("words_officer", ["Petition Officer"])
		cls.handler = make_user("words_handler", ["Case Handler"])
		user = frappe.get_doc("User", cls.handler)
		user.first_name, user.last_name = "李承办", ""
		user.save(ignore_permissions=True)
		make_office("医务科", members=[cls.handler])
		frappe.db.commit()

	def setUp(self):
		frappe.local.fullnames = {}

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def test_users_are_shown_by_their_names(self):
		self.assertTrue(frappe.get_meta("User").show_title_field_in_link)
		self.assertEqual(frappe.utils.get_fullname("Guest"), "访客")
		if frappe.db.exists("Currency", "CNY"):
			self.assertEqual(frappe.db.get_value("Currency", "CNY", "symbol"), "¥")

	def test_the_timeline_reads_in_chinese(self):
		from xinfang_app.overrides.form_load import readable_versions

		frappe.local.lang = "zh"
		changed = [["handler", None, self.handler], ["acceptance", "", "Accepted"], ["subject", "旧", "新"]]
		versions = [{"data": json.dumps({"changed": changed})}]
		readable_versions(versions)
		by_field = {c[0]: c[1:] for c in json.loads(versions[0]["data"])["changed"]}
		self.assertEqual(by_field["handler"], ["（空）", "李承办"])
		self.assertEqual(by_field["acceptance"], ["（空）", "已受理"])
		self.assertEqual(by_field["subject"], ["旧", "新"])

	def test_the_overdue_report_names_the_handler(self):
		from xinfang_app.xinfang.report.overdue_and_due_soon.overdue_and_due_soon import execute

		frappe.set_user(self.officer)
		doc = petition()
		doc.db_set({"handler": self.handler, "clock_status": "Running", "deadline_status": "Overdue"})
		columns, rows = execute(frappe._dict())[:2]
		row = next(r for r in rows if r["name"] == doc.name)
		self.assertEqual(row["handler_name"], "李承办")
		self.assertNotIn("handler", [c["fieldname"] for c in columns])

	def test_tracking_before_acceptance_tells_the_decision_date(self):
		from xinfang_app.api.portal import find, public_view

		frappe.set_user(self.officer)
		doc = petition(petitioner_phone="13912348765")
		frappe.set_user("Guest")
		view = public_view(find(doc.tracking_code, "8765"))
		self.assertEqual(view["decision_due"], str(doc.notice_due))
		frappe.set_user("Administrator")
		doc.db_set("acceptance", "Accepted")
		self.assertEqual(public_view(find(doc.tracking_code, "8765"))["decision_due"], "")
