"""ERPNext: petition offices follow the Department tree; a user's office can come from their Employee record."""

from __future__ import annotations

import frappe

from xinfang_app.permissions import permitted_values

CUSTOM_FIELDS = {
	"Petition Office": [
		{
			"fieldname": "erpnext_department",
			"label": "ERPNext Department",
			"fieldtype": "Link",
			"options": "Department",
			"insert_after": "parent_office",
			"description": "Employees of this department belong to this office.",
		}
	],
	# The member of staff named in a responsibility finding (integrations/staff.py fills the rest).
	"Responsibility Finding Party": [
		{
			"fieldname": "employee",
			"label": "Employee",
			"fieldtype": "Link",
			"options": "Employee",
			"insert_after": "unit",
			"in_list_view": 1,
		}
	],
}


def units_from_employee(user: str) -> set[str]:
	"""Offices whose ERPNext department is the department of the user's active Employee record."""
	if not frappe.db.has_column("Petition Office", "erpnext_department") or not frappe.db.table_exists(
		"Employee"
	):
		return set()
	department = frappe.db.get_value("Employee", {"user_id": user, "status": "Active"}, "department")
	if not department:
		return set()
	return set(frappe.get_all("Petition Office", filters={"erpnext_department": department}, pluck="name"))


def user_units(user: str) -> set[str]:
	"""The offices a user belongs to through ERPNext (hook ``xinfang_user_units``, read by
	``permissions.user_units``): their Employee's department, and the Departments a User Permission gives them."""
	return units_from_employee(user) | units_from_departments(permitted_values(user, "Department"))


def units_from_departments(departments: set[str]) -> set[str]:
	"""Offices whose ERPNext department is one of ``departments`` (a User Permission on Department)."""
	if not departments or not frappe.db.has_column("Petition Office", "erpnext_department"):
		return set()
	return set(
		frappe.get_all(
			"Petition Office", filters={"erpnext_department": ("in", sorted(departments))}, pluck="name"
		)
	)


def sync_offices_from_departments(company: str | None = None) -> list[str]:
	"""Create a Petition Office for each ERPNext Department that has none (names kept in step)."""
	created = []
	filters = {"is_group": 0}
	if company:
		filters["company"] = company
	for department in frappe.get_all("Department", filters=filters, fields=["name", "department_name"]):
		if frappe.db.exists("Petition Office", {"erpnext_department": department.name}):
			continue
		name = department.department_name
		if frappe.db.exists("Petition Office", name):
			frappe.db.set_value("Petition Office", name, "erpnext_department", department.name)
			continue
		frappe.get_doc(
			{
				"doctype": "Petition Office",
				"office_name": name,
				"office_kind": "Clinical Department",
				"erpnext_department": department.name,
			}
		).insert(ignore_permissions=True)
		created.append(name)
	return created


def default_company() -> str:
	"""ERPNext's default company, the hospital's name where Petition Settings gives none."""
	if not frappe.db.table_exists("Company"):
		return ""
	return frappe.defaults.get_global_default("company") or ""
