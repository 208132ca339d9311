"""ERPNext / HRMS Employee as the member of staff named in a responsibility finding (optional).

Where ERPNext is installed, a finding's row may name an Employee (custom field ``employee``, see
``erpnext.CUSTOM_FIELDS``); their user, name and office follow from the Employee record. Without ERPNext the
row names a user or a plain name, and nothing here runs.
"""

from __future__ import annotations

import frappe

EMPLOYEE_FIELD = {
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


def fill_staff_from_employee(row) -> None:
	"""A row naming an Employee takes their user, name and office (by the Department's office)."""
	employee = row.get("employee")
	if not employee or not frappe.db.table_exists("Employee"):
		return
	values = frappe.db.get_value(
		"Employee", employee, ["employee_name", "user_id", "department"], as_dict=True
	)
	if not values:
		return
	row.staff_name = row.staff_name or values.employee_name
	row.staff_user = row.staff_user or values.user_id
	if not row.unit and values.department and frappe.db.has_column("Petition Office", "erpnext_department"):
		row.unit = frappe.db.get_value("Petition Office", {"erpnext_department": values.department})


def employee_of(user: str) -> str | None:
	"""The active Employee record of a user, where ERPNext is installed."""
	if not user or not frappe.db.table_exists("Employee"):
		return None
	return frappe.db.get_value("Employee", {"user_id": user, "status": "Active"})
