"""HRMS: a staff petition (职工信访) and an Employee Grievance are linked, and either creates the other."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate, now_datetime, today

CUSTOM_FIELDS = {
	"Petition": [
		{
			"fieldname": "employee_grievance",
			"label": "Employee Grievance",
			"fieldtype": "Link",
			"options": "Employee Grievance",
			"insert_after": "case_owner",
			"read_only": 1,
			"no_copy": 1,
		}
	],
	"Employee Grievance": [
		{
			"fieldname": "petition",
			"label": "Petition",
			"fieldtype": "Link",
			"options": "Petition",
			"insert_after": "subject",
			"read_only": 1,
			"no_copy": 1,
		}
	],
}


@frappe.whitelist()
def grievance_from_petition(petition: str, employee: str, grievance_type: str) -> str:
	doc = frappe.get_doc("Petition", petition)
	doc.check_permission("write")
	if doc.get("employee_grievance"):
		frappe.throw(_("This petition is already handled as grievance {0}.").format(doc.employee_grievance))
	grievance = frappe.get_doc(
		{
			"doctype": "Employee Grievance",
			"subject": doc.subject[:140],
			"raised_by": employee,
			"date": getdate(doc.received_at),
			"grievance_type": grievance_type,
			"description": doc.request or doc.subject,
			**grievance_against(employee),
			"petition": doc.name,
		}
	).insert()
	doc.db_set("employee_grievance", grievance.name)
	return grievance.name


def grievance_against(employee: str) -> dict:
	"""Against the employee's department when it is known, otherwise against the employee."""
	department = frappe.db.get_value("Employee", employee, "department")
	if department:
		return {"grievance_against_party": "Department", "grievance_against": department}
	return {"grievance_against_party": "Employee", "grievance_against": employee}


@frappe.whitelist()
def petition_from_grievance(grievance: str) -> str:
	source = frappe.get_doc("Employee Grievance", grievance)
	source.check_permission("read")
	frappe.has_permission("Petition", "create", throw=True)
	if source.get("petition"):
		frappe.throw(_("This grievance is already petition {0}.").format(source.petition))
	employee = (
		frappe.db.get_value("Employee", source.raised_by, ["employee_name", "cell_number"], as_dict=True)
		or {}
	)
	petition = frappe.get_doc(
		{
			"doctype": "Petition",
			"channel": "Letter",
			"received_at": now_datetime()
			if getdate(source.date) == getdate(today())
			else f"{source.date} 09:00:00",
			"matter_kind": "Appeal",
			"category": "职工权益" if frappe.db.exists("Petition Category", "职工权益") else None,
			"handling_office": "工会" if frappe.db.exists("Petition Office", "工会") else None,
			"petitioner_name": employee.get("employee_name") or source.raised_by,
			"petitioner_phone": employee.get("cell_number"),
			"subject": source.subject,
			"request": source.description,
			"employee_grievance": source.name,
		}
	).insert()
	source.db_set("petition", petition.name)
	return petition.name
