# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt
"""Petitions whose running deadline has passed or is about to: who has them and since when.

Rows come through ``frappe.get_list``, so each user sees only the petitions their permissions allow
(a handler their office's, nobody a report about their own unit). Read-only: it can run on a replica.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import date_diff, getdate, today

STATUSES = ("Overdue", "Due Soon")


def execute(filters=None):
	filters = frappe._dict(filters or {})
	rows = get_rows(filters)
	return columns(), rows, None, chart(rows), summary(rows)


def columns():
	return [
		{
			"fieldname": "name",
			"label": _("Petition"),
			"fieldtype": "Link",
			"options": "Petition",
			"width": 170,
		},
		{
			"fieldname": "subject",
			"label": _("Subject", context="Petition"),
			"fieldtype": "Data",
			"width": 260,
		},
		{"fieldname": "deadline_status", "label": _("Deadline Status"), "fieldtype": "Data", "width": 100},
		{"fieldname": "next_deadline", "label": _("Due Date"), "fieldtype": "Date", "width": 120},
		{"fieldname": "days", "label": _("Days Overdue (−: days left)"), "fieldtype": "Int", "width": 110},
		{
			"fieldname": "handling_office",
			"label": _("Handling Office"),
			"fieldtype": "Link",
			"options": "Petition Office",
			"width": 120,
		},
		# the handler by name, not by e-mail address
		{"fieldname": "handler_name", "label": _("Handler"), "fieldtype": "Data", "width": 120},
		{"fieldname": "workflow_state", "label": _("Workflow State"), "fieldtype": "Data", "width": 100},
	]


def get_rows(filters) -> list[dict]:
	conditions = {
		"clock_status": "Running",
		"deadline_status": ("in", filters.get("deadline_status") or STATUSES),
	}
	if filters.get("handling_office"):
		conditions["handling_office"] = filters.handling_office
	rows = frappe.get_list(
		"Petition",
		filters=conditions,
		fields=[
			"name",
			"subject",
			"deadline_status",
			"next_deadline",
			"handling_office",
			"handler",
			"workflow_state",
		],
		order_by="next_deadline asc",
	)
	now = getdate(today())
	for row in rows:
		row["days"] = date_diff(now, row.next_deadline) if row.next_deadline else None
		row["deadline_status"] = _(row.deadline_status)
		row["workflow_state"] = _(row.workflow_state) if row.workflow_state else ""
		row["handler_name"] = frappe.utils.get_fullname(row.handler) if row.handler else ""
	return rows


def chart(rows):
	offices = sorted({r.handling_office or _("Not Set") for r in rows})
	if not offices:
		return None
	datasets = []
	for status in STATUSES:
		label = _(status)
		datasets.append(
			{
				"name": label,
				"values": [
					sum(
						1
						for r in rows
						if (r.handling_office or _("Not Set")) == o and r.deadline_status == label
					)
					for o in offices
				],
			}
		)
	return {"data": {"labels": offices, "datasets": datasets}, "type": "bar", "barOptions": {"stacked": 1}}


def summary(rows):
	overdue = sum(1 for r in rows if r.deadline_status == _("Overdue"))
	return [
		{"value": overdue, "label": _("Overdue"), "indicator": "red", "datatype": "Int"},
		{"value": len(rows) - overdue, "label": _("Due Soon"), "indicator": "orange", "datatype": "Int"},
	]
