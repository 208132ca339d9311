"""Files: the app refuses only what it must (a report's materials, attaching to a mediation one may not
edit); everywhere else Frappe's own File rule decides, on Frappe 15 and 16 alike."""

from __future__ import annotations

import frappe

from xinfang_app.tests.utils import petition
from xinfang_app.xinfang.doctype.petition.test_petition import PetitionTestCase


class TestFilePermissions(PetitionTestCase):
	def attach(self, doctype, name, file_name="记录.txt", content=b"notes"):
		"""Attach a private file as the current user, through Frappe's permission checks."""
		doc = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": file_name,
				"content": content,
				"attached_to_doctype": doctype,
				"attached_to_name": name,
				"is_private": 1,
			}
		).insert()
		self.addCleanup(frappe.delete_doc, "File", doc.name, force=True, ignore_permissions=True)
		return doc

	def todo(self, allocated_to=None):
		doc = frappe.get_doc(
			{"doctype": "ToDo", "description": "整理科室会议纪要", "allocated_to": allocated_to}
		).insert()
		self.addCleanup(frappe.delete_doc, "ToDo", doc.name, force=True, ignore_permissions=True)
		return doc

	def test_desk_user_attaches_and_reads_files_on_their_todo(self):
		self.as_user("handler")  # a case handler: no System Manager, no rights over others' ToDos
		todo = self.todo(allocated_to=self.u["handler"])
		attached = self.attach("ToDo", todo.name, content=b"minutes of the ward meeting")
		self.assertTrue(frappe.has_permission("File", "read", doc=attached.name))
		self.assertTrue(frappe.has_permission("File", "write", doc=attached.name))
		self.assertEqual(
			frappe.safe_decode(frappe.get_doc("File", attached.name).get_content()),
			"minutes of the ward meeting",
		)
		self.assertIn(
			attached.name, frappe.get_list("File", filters={"attached_to_name": todo.name}, pluck="name")
		)
		# Frappe's own File rule still refuses whoever may not read the ToDo.
		self.as_user("nurse_handler")
		self.assertFalse(frappe.has_permission("File", "read", doc=attached.name))
		self.assertRaises(
			frappe.PermissionError, frappe.get_doc("File", attached.name).check_permission, "read"
		)

	def test_files_follow_the_document_they_are_attached_to(self):
		frappe.set_user("Administrator")
		todo = self.todo(allocated_to=self.u["nurse_handler"])
		attached = self.attach("ToDo", todo.name)
		# Not the file's owner: reads it because the ToDo is theirs, and may attach more.
		self.as_user("nurse_handler")
		self.assertTrue(frappe.has_permission("File", "read", doc=attached.name))
		self.attach("ToDo", todo.name, "补充.txt", b"more")
		self.as_user("head")
		self.assertFalse(frappe.has_permission("File", "read", doc=attached.name))

	def test_handler_reads_the_materials_of_an_appeal_they_handle(self):
		doc = self.accepted()
		self.as_user("officer")
		attached = self.attach("Petition", doc.name, "缴费单.txt", b"receipt")
		self.as_user("handler")
		self.assertTrue(frappe.has_permission("File", "read", doc=attached.name))
		self.as_user("nurse_handler")  # another office: neither the petition nor its files
		self.assertFalse(frappe.has_permission("File", "read", doc=attached.name))

	def test_report_materials_are_for_officers_and_managers_only(self):
		self.as_user("officer")
		report = petition(
			matter_kind="Report", subject="举报心内科医生收受红包", department_concerned="心内科"
		)
		attached = self.attach("Petition", report.name, "转账截图.txt", b"screenshot")
		self.assertTrue(frappe.has_permission("File", "read", doc=attached.name))
		self.as_user("manager")
		self.assertTrue(frappe.has_permission("File", "read", doc=attached.name))
		self.as_user("handler")  # reads the report itself, never its materials
		self.assertTrue(frappe.has_permission("Petition", "read", report.name))
		self.assertFalse(frappe.has_permission("File", "read", doc=attached.name))
		self.assertRaises(
			frappe.PermissionError, frappe.get_doc("File", attached.name).check_permission, "read"
		)
		self.assertRaises(frappe.PermissionError, self.attach, "Petition", report.name, "补充.txt", b"more")
