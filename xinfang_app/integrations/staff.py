"""ERPNext / HRMS Employee as the member of staff named in a responsibility finding (optional).

Where ERPNext is installed, a finding's row may name an Employee (custom field ``employee``, see
``erpnext.CUSTOM_FIELDS``); their user, name and office follow from the Employee record. Without ERPNext the
row names a user or a plain name, and nothing here runs. With HRMS, the HR Manager reads findings (never one
on a report that names them or their unit) and the Staff Finding Tally for the medical-ethics evaluation.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import add_days, add_years, getdate, today


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


@frappe.whitelist()
def employee_tally(employee: str, from_date: str | None = None, to_date: str | None = None) -> dict:
	"""An Employee's issued findings by kind and their points, for the medical-ethics evaluation (医德医风) on the
	Employee form and for an appraisal to read; by default the last twelve months. Only for those who run the
	Staff Finding Tally, and only the findings they may read (a finding on a report about their own unit is
	left out for them)."""
	from xinfang_app.rules import accountability as acc
	from xinfang_app.xinfang.report.staff_finding_tally.staff_finding_tally import KINDS, tally

	allowed = set(
		frappe.get_all("Has Role", filters={"parent": TALLY_REPORT, "parenttype": "Report"}, pluck="role")
	)
	if frappe.session.user != "Administrator" and not allowed & set(frappe.get_roles()):
		frappe.throw(_("You may not read the staff finding tally."), frappe.PermissionError)
	frappe.has_permission("Employee", "read", employee, throw=True)
	end = getdate(to_date or today())
	start = getdate(from_date or add_days(add_years(end, -1), 1))
	user = frappe.db.get_value("Employee", employee, "user_id")
	rows = tally(start, end, staff_user=user, employee=employee)
	total = {kind: sum(r[field] for r in rows) for field, kind in KINDS}
	return {
		"employee": employee,
		"from_date": str(start),
		"to_date": str(end),
		"findings": total,
		"labels": {kind: _(kind) for kind in acc.FINDINGS},
		"points": round(sum(r["points"] for r in rows), 2),
	}
