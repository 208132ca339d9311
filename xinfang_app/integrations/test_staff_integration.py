"""A finding names an ERPNext Employee; with HRMS the HR Manager reads findings and the staff tally (skipped on
a site without those apps)."""

from __future__ import annotations

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, now_datetime

from xinfang_app.compat import SiteTestCase
from xinfang_app.integrations.test_integrations import company, employee, need
from xinfang_app.tests.utils import make_office, make_user

UNIT = "员工认定测试科"


class TestStaffIntegration(SiteTestCase):
	def setUp(self):
		need("erpnext")
		frappe.set_user("Administrator")
		self.officer = make_user("staff_int_officer", ["Petition Officer"])
		self.doctor = make_user("staff_int_doctor", ["Case Handler"])
		make_office(UNIT, kind="Clinical Department")
		department = (
			frappe.db.get_value("Department", {"department_name": UNIT})
			or (
				frappe.get_doc(
					{"doctype": "Department", "department_name": UNIT, "company": company()}
				).insert(ignore_permissions=True)
			).name
		)
		frappe.db.set_value("Petition Office", UNIT, "erpnext_department", department)
		self.employee = frappe.db.get_value("Employee", {"user_id": self.doctor}) or employee(
			self.doctor, department
		)

	def tearDown(self):
		frappe.set_user("Administrator")

	def petition(self, **values):
		frappe.set_user(self.officer)
		doc = frappe.get_doc(
			{
				"doctype": "Petition",
				"channel": "Letter",
				"received_at": add_days(now_datetime(), -1),
				"matter_kind": "Appeal",
				"subject": "员工认定测试：服务态度",
				"request": "要求道歉",
				"petitioner_name": "员工测试",
				"petitioner_phone": "13955550001",
				"handling_office": UNIT,
				"department_concerned": UNIT,
				**values,
			}
		).insert()
		doc = apply_workflow(doc, "Register Petition")
		doc.acceptance = "Accepted"
		doc.save()
		return apply_workflow(doc, "Accept Petition")

	def finding(self, petition):
		frappe.set_user(self.officer)
		doc = frappe.get_doc(
			{
				"doctype": "Responsibility Finding",
				"petition": petition,
				"basis": "核实",
				"parties": [{"employee": self.employee, "finding": "Secondary Responsibility"}],
			}
		).insert()
		doc.submit()
		return doc

	def test_an_employee_named_brings_their_user_name_and_office(self):
		doc = self.finding(self.petition().name)
		row = doc.parties[0]
		self.assertEqual((row.staff_user, row.staff_name, row.unit), (self.doctor, "刘员工", UNIT))

	def test_the_hr_manager_reads_findings_and_the_tally(self):
		need("hrms")
		from frappe.desk.query_report import run

		hr = make_user("staff_int_hr", ["HR Manager"])
		report = self.petition(matter_kind="Report", subject="员工认定测试：举报")
		ordinary = self.finding(self.petition().name)
		on_report = self.finding(report.name)
		frappe.set_user(hr)
		self.assertTrue(frappe.has_permission("Responsibility Finding", "read", ordinary.name))
		self.assertTrue(frappe.has_permission("Responsibility Finding", "read", on_report.name))
		month = frappe.utils.getdate(on_report.decided_on)
		result = run(
			"Staff Finding Tally", filters={"period": "Month", "year": month.year, "number": month.month}
		)
		row = next(r for r in result["result"] if r.get("staff_user") == self.doctor)
		self.assertGreaterEqual(row["secondary"], 2)
		# an HR manager who belongs to the unit reported on does not read its finding
		make_office(UNIT, kind="Clinical Department", members=[hr])
		from xinfang_app.permissions import clear_unit_cache

		clear_unit_cache()
		self.assertFalse(frappe.has_permission("Responsibility Finding", "read", on_report.name))
		self.assertTrue(frappe.has_permission("Responsibility Finding", "read", ordinary.name))

	def test_the_employee_tally_for_the_form_and_an_appraisal(self):
		need("hrms")
		from xinfang_app.integrations.staff import employee_tally

		hr = make_user("staff_int_hr", ["HR Manager"])
		self.finding(self.petition().name)
		frappe.set_user(hr)
		tally = employee_tally(self.employee)
		self.assertEqual(tally["employee"], self.employee)
		self.assertGreaterEqual(tally["findings"]["Secondary Responsibility"], 1)
		self.assertGreaterEqual(tally["points"], 0.3)
		frappe.set_user(self.doctor)
		self.assertRaises(frappe.PermissionError, employee_tally, self.employee)
