"""ERPNext / HRMS Employee as the member of staff named in a responsibility finding (optional).

Where ERPNext is installed, a finding's row may name an Employee (custom field ``employee``, see
``erpnext.CUSTOM_FIELDS``); their user, name and office follow from the Employee record. Without ERPNext the
row names a user or a plain name, and nothing here runs. With HRMS, the HR Manager reads findings (never one
on a report that names them or their unit) and the Staff Finding Tally for the medical-ethics evaluation.
"""

from __future__ import annotations

import frappe


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


HR_ROLE = "HR Manager"
TALLY_REPORT = "Staff Finding Tally"


def grant_hr_manager() -> None:
	"""With HRMS, the HR Manager reads responsibility findings and runs the staff tally (idempotent; a
	permission the administrator removed afterwards is theirs to keep removed, as it is granted once)."""
	from frappe.permissions import add_permission

	if not frappe.db.exists("Role", HR_ROLE):
		return
	add_permission("Responsibility Finding", HR_ROLE, 0)
	frappe.db.set_value(
		"Custom DocPerm",
		{"parent": "Responsibility Finding", "role": HR_ROLE, "permlevel": 0},
		{"read": 1, "report": 1, "print": 1},
	)
	frappe.clear_cache(doctype="Responsibility Finding")
	report = frappe.get_doc("Report", TALLY_REPORT)
	if HR_ROLE not in {row.role for row in report.roles}:
		report.append("roles", {"role": HR_ROLE})
		report.save(ignore_permissions=True)
