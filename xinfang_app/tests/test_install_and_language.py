"""Installed defaults belong to the administrator; the app speaks Chinese."""

import frappe

from xinfang_app.compat import SiteTestCase
from xinfang_app.install import install_defaults
from xinfang_app.rules.roles import ROLES


class TestInstalledDefaults(SiteTestCase):
	def test_roles_workflow_settings_calendar_installed(self):
		for role in ROLES:
			self.assertTrue(frappe.db.exists("Role", role), role)
		workflow = frappe.get_doc("Workflow", "Petition Workflow")
		self.assertEqual(workflow.document_type, "Petition")
		self.assertTrue(workflow.is_active)
		states = [s.state for s in workflow.states]
		for state in (
			"Draft",
			"Registered",
			"Accepted",
			"Not Accepted",
			"Transferred",
			"In Progress",
			"Pending Approval",
			"Replied",
			"Concluded",
			"Archived",
		):
			self.assertIn(state, states)
		settings = frappe.get_single("Petition Settings")
		self.assertEqual(
			(settings.notice_days, settings.conclude_days, settings.max_extension_days), (15, 60, 30)
		)
		self.assertTrue(settings.working_calendar)
		clocks = {r.workflow_state: r.clock for r in settings.state_clocks}
		self.assertEqual(clocks["Accepted"], "Start")
		self.assertEqual(clocks["Concluded"], "Concluded")
		self.assertTrue(frappe.db.exists("Notification", "Petition Due Soon"))
		self.assertTrue(frappe.db.exists("Petition Category", "职工权益"))

	def test_administrators_edits_survive_a_migrate(self):
		workflow = frappe.get_doc("Workflow", "Petition Workflow")
		conclude = next(t for t in workflow.transitions if t.action == "Conclude Petition")
		conclude.allowed = "Petition Manager"
		workflow.save()
		frappe.delete_doc("Petition Category", "意见建议", force=True)
		notification = frappe.get_doc("Notification", "Petition Overdue")
		notification.subject = "超期提醒（管理员修改）"
		notification.save()
		install_defaults()  # what every bench migrate runs (after_migrate)
		workflow.reload()
		self.assertEqual(
			next(t for t in workflow.transitions if t.action == "Conclude Petition").allowed,
			"Petition Manager",
		)
		self.assertFalse(frappe.db.exists("Petition Category", "意见建议"))
		self.assertEqual(
			frappe.db.get_value("Notification", "Petition Overdue", "subject"), "超期提醒（管理员修改）"
		)

	def test_changing_the_lead_days_moves_the_reminder(self):
		settings = frappe.get_single("Petition Settings")
		settings.reminder_lead_days = 5
		settings.save()
		self.assertEqual(frappe.db.get_value("Notification", "Petition Due Soon", "days_in_advance"), 5)


class TestChinese(SiteTestCase):
	def setUp(self):
		frappe.local.lang = "zh"
		frappe.translate.clear_cache()

	def tearDown(self):
		frappe.local.lang = "en"

	def test_labels_states_roles_and_messages_read_in_chinese(self):
		_ = frappe._
		self.assertEqual(_("Petition"), "信访件")
		self.assertEqual(_("Petition Officer"), "信访专员")
		self.assertEqual(_("Pending Approval"), "待审批")
		self.assertEqual(_("Accept Petition"), "受理")
		self.assertEqual(_("Report", context="Petition"), "检举控告")
		self.assertEqual(_("Letter", context="Petition"), "来信")
		self.assertEqual(_("Due Date"), "办结期限")
		self.assertEqual(_("Petition Written Opinion"), "信访事项处理意见书")
		self.assertIn("代表", _("A joint petition chooses at most {0} representatives; {1} were entered."))

	def test_frappe_words_keep_their_meaning_elsewhere(self):
		self.assertNotEqual(frappe._("Report"), "检举控告")
		self.assertNotEqual(frappe._("Open"), "进行中")
