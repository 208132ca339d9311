# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt
"""Repeat Petitioners (重信重访台账): people with several petitions, their history and case owner.

The same petitioner is the same ID number, phone or name-and-address key (``rules.repeat``). Who may
not see a petitioner's identity sees the masked name only.
"""

from __future__ import annotations

import frappe
from frappe import _

from xinfang_app.permissions import may_see_identity
from xinfang_app.services.reporting import bar_chart, petition_where

KEY = "coalesce(nullif(`tabPetition`.petitioner_id_number, ''), nullif(`tabPetition`.phone_key, ''), nullif(`tabPetition`.name_address_key, ''))"


def execute(filters=None):
	filters = frappe._dict(filters or {})
	minimum = max(int(filters.get("minimum") or 2), 2)
	where, values = petition_where(filters)
	values["minimum"] = minimum
	identity = may_see_identity()
	rows = frappe.db.sql(
		f"""
		select {KEY} as petitioner_key,
			count(*) as petitions,
			min(`tabPetition`.received_at) as first_received,
			max(`tabPetition`.received_at) as last_received,
			substring_index(group_concat(`tabPetition`.name order by `tabPetition`.received_at desc separator ', '), ', ', 10) as history,
			substring_index(group_concat({"`tabPetition`.petitioner_name" if identity else "`tabPetition`.petitioner_display"}
				order by `tabPetition`.received_at desc separator '\\n'), '\\n', 1) as petitioner,
			max(`tabPetition`.case_owner) as case_owner,
			sum(`tabPetition`.is_escalated = 1) as escalated
		from `tabPetition`
		where {where} and {KEY} is not null
		group by petitioner_key
		having count(*) >= %(minimum)s
		order by petitions desc, last_received desc
		limit 500
		""",
		values,
		as_dict=True,
	)
	for row in rows:
		row.pop("petitioner_key")
		row.escalated = int(row.escalated or 0)
	return columns(), rows, None, chart(rows), summary(rows)


def columns():
	return [
		{"fieldname": "petitioner", "label": _("Petitioner"), "fieldtype": "Data", "width": 140},
		{"fieldname": "petitions", "label": _("Petitions"), "fieldtype": "Int", "width": 80},
		{"fieldname": "escalated", "label": _("Escalated (越级)"), "fieldtype": "Int", "width": 80},
		{"fieldname": "first_received", "label": _("First Received"), "fieldtype": "Datetime", "width": 150},
		{"fieldname": "last_received", "label": _("Last Received"), "fieldtype": "Datetime", "width": 150},
		{
			"fieldname": "case_owner",
			"label": _("Case Owner (领导包案)"),
			"fieldtype": "Link",
			"options": "Case Owner",
			"width": 120,
		},
		{"fieldname": "history", "label": _("Petitions (latest first)"), "fieldtype": "Data", "width": 360},
	]


def chart(rows):
	return bar_chart([r.petitioner for r in rows], [r.petitions for r in rows], _("Petitions"), limit=10)


def summary(rows):
	return [
		{"value": len(rows), "label": _("Repeat Petitioners"), "datatype": "Int", "indicator": "orange"},
		{
			"value": sum(1 for r in rows if not r.case_owner),
			"label": _("Without a Case Owner"),
			"datatype": "Int",
			"indicator": "red",
		},
	]
