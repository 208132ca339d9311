# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt
"""Mediation Register: every mediation of the period with its route, organisation, outcome and amount."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import flt

from xinfang_app.services.reporting import bar_chart, period


def execute(filters=None):
	filters = frappe._dict(filters or {})
	start, end = period(filters)
	conditions = {"applied_on": ("between", [start, end])}
	for field in ("route", "outcome", "mediation_organization"):
		if filters.get(field):
			conditions[field] = filters.get(field)
	rows = frappe.get_list(
		"Mediation",
		filters=conditions,
		fields=[
			"name",
			"petition",
			"petition_subject",
			"route",
			"mediation_organization",
			"applied_on",
			"accepted_on",
			"due_date",
			"workflow_state",
			"outcome",
			"fault_degree",
			"compensation_amount",
			"payer",
			"judicial_confirmation",
		],
		order_by="applied_on desc",
	)
	for row in rows:
		row.route_label = _(row.route, context="Mediation")
		row.outcome_label = _(row.outcome, context="Mediation") if row.outcome else ""
		row.fault_label = _(row.fault_degree, context="Mediation") if row.fault_degree else ""
	return columns(), rows, None, chart(rows), summary(rows)


def columns():
	return [
		{
			"fieldname": "name",
			"label": _("Mediation"),
			"fieldtype": "Link",
			"options": "Mediation",
			"width": 170,
		},
		{
			"fieldname": "petition_subject",
			"label": _("Subject", context="Mediation"),
			"fieldtype": "Data",
			"width": 220,
		},
		{
			"fieldname": "route_label",
			"label": _("Route", context="Mediation"),
			"fieldtype": "Data",
			"width": 100,
		},
		{
			"fieldname": "mediation_organization",
			"label": _("Mediation Organization"),
			"fieldtype": "Link",
			"options": "Mediation Organization",
			"width": 160,
		},
		{"fieldname": "applied_on", "label": _("Applied On"), "fieldtype": "Date", "width": 120},
		{"fieldname": "due_date", "label": _("Mediation Due"), "fieldtype": "Date", "width": 120},
		{"fieldname": "outcome_label", "label": _("Mediation Outcome"), "fieldtype": "Data", "width": 100},
		{"fieldname": "fault_label", "label": _("Fault Degree"), "fieldtype": "Data", "width": 100},
		{
			"fieldname": "compensation_amount",
			"label": _("Compensation Amount"),
			"fieldtype": "Currency",
			"width": 120,
		},
	]


def chart(rows):
	routes = sorted({r.route_label for r in rows})
	return bar_chart(
		routes, [sum(1 for r in rows if r.route_label == x) for x in routes], _("Mediation"), kind="pie"
	)


def summary(rows):
	agreed = [r for r in rows if r.outcome == "Agreement"]
	return [
		{"value": len(rows), "label": _("Mediation"), "datatype": "Int"},
		{"value": len(agreed), "label": _("Agreement Reached"), "datatype": "Int", "indicator": "green"},
		{
			"value": sum(flt(r.compensation_amount) for r in agreed),
			"label": _("Compensation Amount"),
			"datatype": "Currency",
			"indicator": "blue",
		},
	]
