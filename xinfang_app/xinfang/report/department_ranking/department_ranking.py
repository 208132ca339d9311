# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt
"""Department Ranking: the units most complained about, and about what."""

from __future__ import annotations

import frappe
from frappe import _

from xinfang_app.services.reporting import bar_chart, petition_where


def execute(filters=None):
	filters = frappe._dict(filters or {})
	where, values = petition_where(filters)
	pairs = frappe.db.sql(
		f"""
		select `tabPetition`.department_concerned as department, coalesce(`tabPetition`.category, '') as category,
			count(*) as petitions
		from `tabPetition`
		where {where} and ifnull(`tabPetition`.department_concerned, '') != ''
		group by department, category
		""",
		values,
		as_dict=True,
	)
	by_department: dict[str, dict] = {}
	for pair in pairs:
		entry = by_department.setdefault(
			pair.department, {"department": pair.department, "petitions": 0, "categories": {}}
		)
		entry["petitions"] += pair.petitions
		entry["categories"][pair.category or _("Not Set")] = pair.petitions
	rows = sorted(by_department.values(), key=lambda r: (-r["petitions"], r["department"]))
	for rank, row in enumerate(rows, 1):
		row["rank"] = rank
		ordered = sorted(row.pop("categories").items(), key=lambda kv: -kv[1])
		row["top_category"] = ordered[0][0]
		row["categories"] = "、".join(f"{name} {count}" for name, count in ordered)
	return (
		columns(),
		rows,
		None,
		chart(rows),
		[{"value": len(rows), "label": _("Departments Concerned"), "datatype": "Int"}],
	)


def columns():
	return [
		{"fieldname": "rank", "label": _("Rank"), "fieldtype": "Int", "width": 60},
		{
			"fieldname": "department",
			"label": _("Department Concerned"),
			"fieldtype": "Link",
			"options": "Petition Office",
			"width": 160,
		},
		{"fieldname": "petitions", "label": _("Petitions"), "fieldtype": "Int", "width": 90},
		{
			"fieldname": "top_category",
			"label": _("Most Frequent Category"),
			"fieldtype": "Data",
			"width": 160,
		},
		{"fieldname": "categories", "label": _("By Category"), "fieldtype": "Data", "width": 360},
	]


def chart(rows):
	return bar_chart(
		[r["department"] for r in rows], [r["petitions"] for r in rows], _("Petitions"), limit=10
	)
