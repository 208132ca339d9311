"""The ERPNext, HRMS and Healthcare links, on a site that has those apps (skipped where it has not)."""

from __future__ import annotations

import frappe
from frappe.utils import add_years, today

from xinfang_app.compat import SiteTestCase
from xinfang_app.integrations import INTEGRATIONS, installed
from xinfang_app.tests.utils import make_office, make_user, petition, valid_id


def need(app: str):
	if not installed(app):
		raise __import__("unittest").SkipTest(f"{app} is not installed on this site")


def gender(name: str = "Female") -> str:
	if not frappe.db.exists("Gender", name):
		frappe.get_doc({"doctype": "Gender", "gender": name}).insert(ignore_permissions=True)
	return name


def company() -> str:
	name = frappe.db.get_value("Company", {}, "name")
	if name:
		return name
	return (
		frappe.get_doc(
			{
				"doctype": "Company",
				"company_name": "示例人民医院",
				"abbr": "SLYY",
				"default_currency": "CNY",
				"country": "China",
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def employee(user: str | None, department: str | None) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "Employee",
				"first_name": "刘员工",
				"gender": gender(),
				"date_of_birth": add_years(today(), -35),
				"date_of_joining": add_years(today(), -5),
				"company": company(),
				"department": department,
				"user_id": user,
				"status": "Active",
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


class TestIntegrations(SiteTestCase):
	def test_custom_fields_exist_exactly_for_installed_apps(self):
		for app, module in INTEGRATIONS.items():
			for doctype, fields in module.CUSTOM_FIELDS.items():
				for field in fields:
					present = bool(
						frappe.db.exists("Custom Field", {"dt": doctype, "fieldname": field["fieldname"]})
					)
					self.assertEqual(present, installed(app), f"{app}: {doctype}.{field['fieldname']}")

	def test_erpnext_department_and_employee_decide_the_office(self):
		need("erpnext")
		from xinfang_app.integrations.erpnext import sync_offices_from_departments
		from xinfang_app.permissions import clear_unit_cache, user_units

		department = frappe.get_doc(
			{
				"doctype": "Department",
				"department_name": "心血管内科",
				"company": company(),
				"parent_department": "All Departments",
			}
		).insert(ignore_permissions=True)
		created = sync_offices_from_departments(company())
		self.assertIn("心血管内科", created)
		self.assertEqual(
			frappe.db.get_value("Petition Office", "心血管内科", "erpnext_department"), department.name
		)
		user = make_user("erp_handler", ["Case Handler"])
		employee(user, department.name)
		clear_unit_cache()
		self.assertIn("心血管内科", user_units(user))
		frappe.set_user(make_user("erp_officer", ["Petition Officer"]))
		doc = petition(handling_office="心血管内科")
		frappe.set_user(user)
		clear_unit_cache()
		self.assertIn(doc.name, frappe.get_list("Petition", pluck="name"))
		frappe.set_user("Administrator")
		# A User Permission on the ERPNext Department counts as that department's office.
		restricted = make_user("erp_restricted_handler", ["Case Handler"])
		frappe.get_doc(
			{
				"doctype": "User Permission",
				"user": restricted,
				"allow": "Department",
				"for_value": department.name,
			}
		).insert(ignore_permissions=True)
		clear_unit_cache()
		self.assertEqual(user_units(restricted), ["心血管内科"])
		frappe.set_user(restricted)
		self.assertIn(doc.name, frappe.get_list("Petition", pluck="name"))
		frappe.set_user("Administrator")

	def test_staff_petition_and_employee_grievance_create_each_other(self):
		need("hrms")
		from xinfang_app.integrations.hrms import grievance_from_petition, petition_from_grievance

		if not frappe.db.exists("Grievance Type", "薪酬待遇"):
			frappe.get_doc({"doctype": "Grievance Type", "name": "薪酬待遇"}).insert(ignore_permissions=True)
		make_office("工会")
		staff = employee(None, None)
		doc = petition(category="职工权益", handling_office="工会", subject="加班费未按时发放")
		grievance = grievance_from_petition(doc.name, staff, "薪酬待遇")
		self.assertEqual(frappe.db.get_value("Employee Grievance", grievance, "petition"), doc.name)
		self.assertEqual(frappe.db.get_value("Petition", doc.name, "employee_grievance"), grievance)
		self.assertRaises(frappe.ValidationError, grievance_from_petition, doc.name, staff, "薪酬待遇")
		other = frappe.get_doc(
			{
				"doctype": "Employee Grievance",
				"subject": "夜班补贴标准不一",
				"raised_by": staff,
				"date": today(),
				"grievance_type": "薪酬待遇",
				"description": "同岗位夜班补贴不一致",
				"grievance_against_party": "Employee",
				"grievance_against": staff,
			}
		).insert(ignore_permissions=True)
		made = petition_from_grievance(other.name)
		self.assertEqual(frappe.db.get_value("Petition", made, "employee_grievance"), other.name)
		self.assertEqual(frappe.db.get_value("Employee Grievance", other.name, "petition"), made)

	def test_petition_names_the_patient_and_the_patient_shows_it(self):
		need("healthcare")
		from frappe.desk.notifications import get_open_count

		patient = frappe.get_doc(
			{
				"doctype": "Patient",
				"first_name": "赵病人",
				"sex": gender(),
				"mobile": "13512345678",
				"uid": valid_id(),
			}
		).insert(ignore_permissions=True)
		doc = petition(patient=patient.name, petitioner_name=None, petitioner_phone=None, patient_name=None)
		self.assertEqual(
			(doc.patient_name, doc.petitioner_name, doc.petitioner_phone), ("赵病人", "赵病人", "13512345678")
		)
		self.assertEqual(doc.medical_record_no, patient.name)
		counts = get_open_count("Patient", patient.name)["count"]
		found = {
			d["doctype"]: d["count"] for d in counts["external_links_found"] + counts["internal_links_found"]
		}
		self.assertEqual(found.get("Petition"), 1)
