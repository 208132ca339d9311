# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt
"""Responsibility findings as each role: who decides, who reads, a report's finding kept from those it names."""

import frappe

from xinfang_app.compat import without_test_records
from xinfang_app.exceptions import RecordKept
from xinfang_app.xinfang.doctype.petition.test_petition import PetitionTestCase

globals().update(without_test_records("Responsibility Finding"))


class FindingTestCase(PetitionTestCase):
	def finding(self, petition, parties, submit=True, **values):
		self.as_user("officer")
		doc = frappe.get_doc(
			{
				"doctype": "Responsibility Finding",
				"petition": petition,
				"basis": "经调查核实，夜班护士未按规定巡视病房。",
				"parties": parties,
				**values,
			}
		).insert()
		if submit:
			doc.submit()
		return doc

	def readers(self, name, keys):
		found = {}
		for key in keys:
			self.as_user(key)
			try:
				listed = frappe.get_list("Responsibility Finding", pluck="name", limit_page_length=0)
			except frappe.PermissionError:
				listed = []
			found[key] = (bool(frappe.has_permission("Responsibility Finding", "read", name)), name in listed)
		frappe.set_user("Administrator")
		return found

	def set_staff_see_own(self, value):
		frappe.set_user("Administrator")
		frappe.db.set_single_value("Petition Settings", "staff_see_own_findings", value)
		frappe.clear_document_cache("Petition Settings", "Petition Settings")


class TestResponsibilityFinding(FindingTestCase):
	def tearDown(self):
		self.set_staff_see_own(0)
		super().tearDown()

	def test_the_office_finds_responsibility_per_unit_and_person(self):
		petition = self.accepted()
		doc = self.finding(
			petition.name,
			[
				{"unit": "医务科", "finding": "Primary Responsibility", "basis": "管理制度落实不到位"},
				{
					"unit": "护理部",
					"staff_user": self.u["nurse_handler"],
					"finding": "Secondary Responsibility",
				},
				{"staff_name": "张医生", "finding": "No Responsibility"},
			],
		)
		self.assertEqual((doc.docstatus, doc.decided_by), (1, self.u["officer"]))
		self.assertTrue(doc.decided_on)
		self.assertEqual(doc.parties[1].staff_name, "nurse_handler")
		self.assertEqual(doc.subject, petition.subject)

	def test_refused_before_acceptance_and_without_a_party(self):
		from xinfang_app.tests.utils import petition

		self.as_user("officer")
		draft = petition()
		self.assertRaises(
			frappe.ValidationError, self.finding, draft.name, [{"unit": "医务科", "finding": "Pending"}]
		)
		accepted = self.accepted()
		self.assertRaises(frappe.MandatoryError, self.finding, accepted.name, [{"finding": "Pending"}])
		self.assertRaises(
			frappe.ValidationError,
			self.finding,
			accepted.name,
			[{"unit": "医务科", "finding": "Pending"}, {"unit": "医务科", "finding": "Pending"}],
		)
		self.as_user("handler")
		self.assertFalse(frappe.has_permission("Responsibility Finding", "create"))
		self.as_user("leader")
		self.assertFalse(frappe.has_permission("Responsibility Finding", "create"))

	def test_who_reads_a_finding_on_an_ordinary_complaint(self):
		petition = self.accepted()
		name = self.finding(
			petition.name,
			[{"unit": "医务科", "staff_user": self.u["nurse_handler"], "finding": "Primary Responsibility"}],
		).name
		keys = ("officer", "manager", "leader", "supervisor", "head", "handler", "nurse_handler", "nobody")
		self.assertEqual(
			self.readers(name, keys),
			{
				"officer": (True, True),
				"manager": (True, True),
				"leader": (True, True),
				"supervisor": (True, True),
				"head": (True, True),  # the head of a unit named
				"handler": (True, True),  # the petition's handler
				"nurse_handler": (False, False),  # named, but staff do not see their own findings by default
				"nobody": (False, False),
			},
		)
		self.set_staff_see_own(1)
		self.assertEqual(self.readers(name, ["nurse_handler"]), {"nurse_handler": (True, True)})

	def test_a_finding_on_a_report_is_kept_from_the_unit_and_the_staff_it_names(self):
		report = self.accepted(
			matter_kind="Report", department_concerned="心内科", subject="举报心内科收受红包"
		)
		self.set_staff_see_own(1)
		name = self.finding(
			report.name,
			[
				{"unit": "心内科", "finding": "Full Responsibility"},
				{
					"unit": "护理部",
					"staff_user": self.u["nurse_handler"],
					"finding": "Secondary Responsibility",
				},
			],
		).name
		readers = self.readers(
			name, ("officer", "leader", "supervisor", "cardio", "nurse_handler", "handler")
		)
		self.assertEqual(
			readers,
			{
				"officer": (True, True),
				"leader": (True, True),
				"supervisor": (True, True),
				"cardio": (False, False),  # a leader, but a member of the unit reported on
				"nurse_handler": (False, False),  # named in the finding
				"handler": (True, True),  # handles the report
			},
		)
		self.as_user("cardio")
		self.assertRaises(
			frappe.PermissionError, frappe.get_doc("Responsibility Finding", name).check_permission
		)
		self.assertRaises(frappe.PermissionError, frappe.get_print, "Responsibility Finding", name)
		rows = frappe.get_list(
			"Responsibility Finding Party",
			parent_doctype="Responsibility Finding",
			fields=["parent", "unit", "finding"],
			limit_page_length=0,
		)
		self.assertNotIn(name, [r.parent for r in rows])

	def test_an_issued_finding_is_kept(self):
		petition = self.accepted()
		issued = self.finding(petition.name, [{"unit": "医务科", "finding": "Pending"}])
		frappe.set_user("Administrator")
		# Frappe refuses to delete a submitted document; a cancelled one is kept by the app.
		self.assertRaises(frappe.ValidationError, frappe.delete_doc, "Responsibility Finding", issued.name)
		issued = frappe.get_doc("Responsibility Finding", issued.name)
		self.assertEqual(issued.docstatus, 1)
		issued.cancel()
		self.assertRaises(RecordKept, frappe.delete_doc, "Responsibility Finding", issued.name)
		self.as_user("officer")
		amended = frappe.copy_doc(issued)
		amended.docstatus = 0
		amended.amended_from = issued.name
		amended.parties[0].finding = "No Responsibility"
		amended.insert()
		amended.submit()
		draft = self.finding(petition.name, [{"unit": "护理部", "finding": "Pending"}], submit=False)
		self.as_user("manager")
		frappe.delete_doc("Responsibility Finding", draft.name)
		self.assertFalse(frappe.db.exists("Responsibility Finding", draft.name))
