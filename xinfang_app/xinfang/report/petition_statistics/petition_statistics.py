# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt
"""Petition Statistics: how many petitions, by period, channel, category, matter kind, office or unit."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import today

from xinfang_app.services.reporting import bar_chart, petition_where
from xinfang_app.xinfang.doctype.petition.petition import KPI_COLUMNS, KPI_INDEX

DIMENSIONS = {
	"Month": "date_format(`tabPetition`.received_at, '%%Y-%%m')",
	"Channel": "`tabPetition`.channel",
	"Category": "`tabPetition`.category",
	"Matter Kind": "`tabPetition`.matter_kind",
	"Handling Office": "`tabPetition`.handling_office",
	"Department Concerned": "`tabPetition`.department_concerned",
}
TRANSLATED = {"Channel", "Matter Kind"}
# The dimensions whose column the KPI index holds (Month is its date): those are read from the index alone.
COVERED = {"Month"} | {
	d for d, column in DIMENSIONS.items() if column.split(".")[-1].strip("`") in KPI_COLUMNS
}


def execute(filters=None):
	filters = frappe._dict(filters or {})
	group_by = filters.get("group_by") or "Month"
	if group_by not in DIMENSIONS:
		frappe.throw(_("Choose what to count by."))
	rows = get_rows(filters, group_by)
	return columns(group_by), rows, None, chart(rows), summary(rows)


def get_rows(filters, group_by: str) -> list[dict]:
	where, values = petition_where(filters)
	values["today"] = today()
	dimension = DIMENSIONS[group_by]
	# By month, channel or office every column counted is in the KPI Scorecard's index: a year is read
	# from it alone. Which running clocks are overdue comes from the sweep's index, in a second query.
	hint = f"force index ({KPI_INDEX})" if group_by in COVERED else ""
	rows = frappe.db.sql(
		f"""
		select {dimension} as dimension,
			count(*) as received,
			sum(`tabPetition`.accepted_on is not null) as accepted,
			sum(`tabPetition`.acceptance in ('Not Accepted', 'Transferred', 'Redirected')) as not_accepted,
			sum(`tabPetition`.replied_on is not null or `tabPetition`.concluded_on is not null) as replied,
			sum(`tabPetition`.concluded_on is not null) as concluded,
			sum(`tabPetition`.is_repeat = 1) as repeats
		from `tabPetition` {hint}
		where {where}
		group by dimension
		order by {"dimension" if group_by == "Month" else "received desc"}
		""",
		values,
		as_dict=True,
	)
	overdue = dict(
		frappe.db.sql(
			f"""
			select {dimension} as dimension, count(*)
			from `tabPetition`
			where {where} and `tabPetition`.clock_status = 'Running' and `tabPetition`.next_deadline < %(today)s
			group by dimension
			""",
			values,
		)
	)
	for row in rows:
		row.overdue = overdue.get(row.dimension, 0)
		label = row.dimension or _("Not Set")
		row.dimension = _(label, context="Petition") if group_by in TRANSLATED else label
		for key in ("accepted", "not_accepted", "replied", "concluded", "overdue", "repeats"):
			row[key] = int(row[key] or 0)
	return rows


def columns(group_by: str):
	return [
		{"fieldname": "dimension", "label": _(group_by), "fieldtype": "Data", "width": 180},
		{"fieldname": "received", "label": _("Received"), "fieldtype": "Int", "width": 90},
		{"fieldname": "accepted", "label": _("Accepted"), "fieldtype": "Int", "width": 90},
		{
			"fieldname": "not_accepted",
			"label": _("Not Accepted or Transferred"),
			"fieldtype": "Int",
			"width": 120,
		},
		{"fieldname": "replied", "label": _("Replied"), "fieldtype": "Int", "width": 90},
		{"fieldname": "concluded", "label": _("Concluded"), "fieldtype": "Int", "width": 90},
		{"fieldname": "overdue", "label": _("Overdue"), "fieldtype": "Int", "width": 90},
		{"fieldname": "repeats", "label": _("Repeat Petition"), "fieldtype": "Int", "width": 90},
	]


def chart(rows):
	return bar_chart([r.dimension for r in rows], [r.received for r in rows], _("Received"))


def summary(rows):
	total = sum(r.received for r in rows)
	return [
		{"value": total, "label": _("Received"), "datatype": "Int", "indicator": "blue"},
		{
			"value": sum(r.concluded for r in rows),
			"label": _("Concluded"),
			"datatype": "Int",
			"indicator": "green",
		},
		{"value": sum(r.overdue for r in rows), "label": _("Overdue"), "datatype": "Int", "indicator": "red"},
	]
