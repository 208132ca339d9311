# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt
"""Staff Finding Tally (医德医风): for each member of staff, the issued responsibility findings of a month, quarter
or year by kind and their weighted points, for the medical-ethics evaluation. Read by petition managers and
hospital leaders (and, with HRMS, the HR Manager); a finding on a report is left out for anyone the finding
rules exclude, so the staff's own unit never learns of it here."""

from __future__ import annotations

import frappe
from frappe import _

from xinfang_app.rules import accountability as acc
from xinfang_app.services.reporting import permitted
from xinfang_app.xinfang.report.unit_evaluation.unit_evaluation import bounds, settings_targets_and_weights

KINDS = (
	("full", acc.FULL),
	("primary", acc.PRIMARY),
	("secondary", acc.SECONDARY),
	("none", acc.NONE),
	("pending", acc.PENDING),
)


def tally(start, end, staff_user: str | None = None, employee: str | None = None) -> list[dict]:
	"""Rows per member of staff; ``employee`` (with ERPNext) also finds the rows naming that Employee."""
	match = permitted("Responsibility Finding")
	if employee and staff_user:
		who = "and (party.employee = %(employee)s or party.staff_user = %(staff_user)s)"
	elif employee:
		who = "and party.employee = %(employee)s"
	elif staff_user:
		who = "and party.staff_user = %(staff_user)s"
	else:
		who = ""
	rows = frappe.db.sql(
		f"""select ifnull(party.staff_user, '') as staff_user, ifnull(party.staff_name, '') as staff_name,
			ifnull(party.unit, '') as unit, party.finding
		from `tabResponsibility Finding Party` party
		join `tabResponsibility Finding` on `tabResponsibility Finding`.name = party.parent
			and party.parenttype = 'Responsibility Finding'
		where `tabResponsibility Finding`.docstatus = 1
			and `tabResponsibility Finding`.decided_on between %(start)s and %(end)s
			and (ifnull(party.staff_user, '') != '' or ifnull(party.staff_name, '') != '')
			{who}
			{f"and ({match})" if match else ""}""",
		{"start": start, "end": end, "staff_user": staff_user or "", "employee": employee},
		as_dict=True,
	)
	weights, _targets = settings_targets_and_weights()
	grouped: dict[tuple, list] = {}
	for row in rows:
		grouped.setdefault((row.staff_user or row.staff_name, row.staff_user, row.unit), []).append(
			row.finding
		)
	out = []
	for (key, user, unit), findings in sorted(grouped.items()):
		counts = acc.tally(findings)
		out.append(
			{
				"staff": frappe.utils.get_fullname(user) if user else key,
				"staff_user": user,
				"unit": unit,
				**{field: counts[kind] for field, kind in KINDS},
				"points": acc.points(findings, weights),
			}
		)
	return sorted(out, key=lambda r: (-r["points"], r["staff"]))


def execute(filters=None):
	filters = frappe._dict(filters or {})
	start, end = bounds(filters)
	return columns(), tally(start, end, filters.get("staff_user"))


def columns():
	labels = {
		"full": _("Full Responsibility"),
		"primary": _("Primary Responsibility"),
		"secondary": _("Secondary Responsibility"),
		"none": _("No Responsibility"),
		"pending": _("Pending"),
	}
	return [
		{"fieldname": "staff", "label": _("Staff Name"), "fieldtype": "Data", "width": 140},
		# Plain text, not links: HR reads the tally without reading users or petition offices.
		{"fieldname": "staff_user", "label": _("User"), "fieldtype": "Data", "width": 160},
		{
			"fieldname": "unit",
			"label": _("Unit"),
			"fieldtype": "Data",
			"width": 130,
		},
		*({"fieldname": f, "label": labels[f], "fieldtype": "Int", "width": 90} for f, _k in KINDS),
		{
			"fieldname": "points",
			"label": _("Responsibility Points"),
			"fieldtype": "Float",
			"width": 110,
			"precision": 2,
		},
	]
