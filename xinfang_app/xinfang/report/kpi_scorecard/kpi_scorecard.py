# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt
"""KPI Scorecard: each rate of ``rules.kpi`` for the hospital and per office, against its target.

All counts come from one aggregate query over the petitions the user may read, so the scorecard
of a year takes one pass over an index range whatever the number of offices.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import add_days, today

from xinfang_app.rules import kpi
from xinfang_app.services.reporting import period, permitted, petition_where
from xinfang_app.xinfang.doctype.petition.petition import KPI_INDEX

HOSPITAL = "__hospital__"
# 及时受理率 counts the written notices that went out (notice_sent_on: emailed, posted or handed over,
# services/notices.py) by the notice limit, of the petitions whose notice went out or is past due: a
# decision nobody was told of is not a timely one.
STOPPED = "coalesce(`tabPetition`.replied_on, `tabPetition`.concluded_on)"
COUNTS = f"""
	count(*) as received,
	sum(`tabPetition`.is_repeat = 1) as repeats,
	sum(`tabPetition`.notice_sent_on is not null or `tabPetition`.notice_due < %(today)s) as decided,
	sum(`tabPetition`.notice_sent_on <= `tabPetition`.notice_due) as decided_in_time,
	sum(`tabPetition`.accepted_on is not null and ({STOPPED} is not null or `tabPetition`.due_date < %(today)s)) as due_or_concluded,
	sum(`tabPetition`.accepted_on is not null and {STOPPED} <= `tabPetition`.due_date) as concluded_in_time,
	sum(`tabPetition`.accepted_on is not null and `tabPetition`.is_repeat = 0 and `tabPetition`.review_stage = 'Original') as first_accepted,
	sum(`tabPetition`.accepted_on is not null and `tabPetition`.is_repeat = 0 and `tabPetition`.review_stage = 'Original' and {STOPPED} is not null)
		as first_concluded,
	sum(`tabPetition`.accepted_on is not null and `tabPetition`.channel in ('Hotline Transfer', 'Assigned by Superior')) as assigned_accepted,
	sum(`tabPetition`.accepted_on is not null and `tabPetition`.channel in ('Hotline Transfer', 'Assigned by Superior') and {STOPPED} is not null)
		as assigned_concluded,
	sum({STOPPED} is not null) as replied,
	sum(`tabPetition`.satisfaction in ('Satisfied', 'Basically Satisfied', 'Dissatisfied')) as rated,
	sum(`tabPetition`.satisfaction in ('Satisfied', 'Basically Satisfied')) as satisfied,
	sum(`tabPetition`.concluded_on is not null) as concluded,
	sum(`tabPetition`.concluded_on is not null and followed.name is null) as settled
"""
# Petitions that a review request or a repeat petition followed: a concluded petition among them is not
# settled. Read once (few rows, from the indexes on both links) and joined, not asked row by row.
FOLLOWED = """
	left join (
		select parent_petition as name from `tabPetition` where parent_petition is not null and parent_petition != ''
		union
		select original_petition from `tabPetition` where original_petition is not null and original_petition != ''
	) followed on followed.name = `tabPetition`.name
"""


def execute(filters=None):
	filters = frappe._dict(filters or {})
	counts = get_counts(filters)
	targets = get_targets()
	offices = sorted(o for o in counts if o != HOSPITAL)
	cards = {office: kpi.scorecard(c, targets) for office, c in counts.items()}
	rows = []
	for i, definition in enumerate(kpi.KPIS):
		hospital = cards[HOSPITAL][i]
		row = {
			"kpi": _(definition.label),
			"definition": _(definition.definition),
			"target": hospital["target"],
			"hospital": hospital["rate"],
			"counts": f"{hospital['numerator']} / {hospital['denominator']}",
			"meets": {True: _("Target Met"), False: _("Target Not Met"), None: ""}[hospital["meets"]],
		}
		for n, office in enumerate(offices):
			row[f"office_{n}"] = cards[office][i]["rate"]
		rows.append(row)
	return columns(offices), rows, None, chart(rows), summary(cards[HOSPITAL])


def get_counts(filters) -> dict[str, dict]:
	where, values = petition_where(filters)
	values["today"] = today()
	by_office = frappe.db.sql(
		f"select coalesce(`tabPetition`.handling_office, '') as office, {COUNTS}"
		f" from `tabPetition` force index ({KPI_INDEX}) {FOLLOWED}"
		f" where {where} group by office",
		values,
		as_dict=True,
	)
	hospital: dict[str, int] = {}
	counts = {}
	for row in by_office:
		office = row.pop("office") or _("Not Set")
		counts[office] = {k: int(v or 0) for k, v in row.items()}
		for k, v in counts[office].items():
			hospital[k] = hospital.get(k, 0) + v
	hospital.update(old_case_counts(filters))
	counts[HOSPITAL] = hospital
	return counts


def old_case_counts(filters) -> dict[str, int]:
	"""Old cases (信访老户) owned up to the end of the period, and those resolved or no longer petitioning."""
	if not frappe.has_permission("Case Owner", "read"):
		return {"old_cases": 0, "old_cases_resolved": 0}
	_start, end = period(filters)
	match = permitted("Case Owner")
	row = frappe.db.sql(
		f"""
		select count(*) as old_cases,
			sum(status in ('Resolved', 'Petitioning Stopped')) as old_cases_resolved
		from `tabCase Owner`
		where is_old_case = 1 and creation < %(end)s {"and " + match if match else ""}
		""",
		{"end": add_days(end, 1)},
		as_dict=True,
	)[0]
	return {k: int(v or 0) for k, v in row.items()}


def get_targets() -> dict[str, float | None]:
	settings = frappe.get_cached_doc("Petition Settings")  # defaults installed from rules.kpi
	targets = {}
	for definition in kpi.KPIS:
		value = settings.get(definition.target_field) if definition.target_field else None
		targets[definition.key] = float(value) if value else None  # 0 or empty: no target set
	return targets


def columns(offices):
	cols = [
		{"fieldname": "kpi", "label": _("Indicator"), "fieldtype": "Data", "width": 220},
		{"fieldname": "hospital", "label": _("Hospital (%)"), "fieldtype": "Percent", "width": 110},
		{"fieldname": "counts", "label": _("Count"), "fieldtype": "Data", "width": 90},
		{"fieldname": "target", "label": _("Target (%)"), "fieldtype": "Percent", "width": 100},
		{"fieldname": "meets", "label": _("Result"), "fieldtype": "Data", "width": 80},
	]
	cols += [
		{"fieldname": f"office_{n}", "label": office, "fieldtype": "Percent", "width": 100}
		for n, office in enumerate(offices)
	]
	cols.append({"fieldname": "definition", "label": _("Definition"), "fieldtype": "Data", "width": 420})
	return cols


def chart(rows):
	return {
		"data": {
			"labels": [r["kpi"] for r in rows],
			"datasets": [
				{"name": _("Hospital (%)"), "values": [r["hospital"] or 0 for r in rows]},
				{"name": _("Target (%)"), "values": [r["target"] or 0 for r in rows]},
			],
		},
		"type": "bar",
	}


def summary(card):
	judged = [r for r in card if r["meets"] is not None]
	met = sum(1 for r in judged if r["meets"])
	return [
		{
			"value": met,
			"label": _("Indicators Meeting Their Target"),
			"datatype": "Int",
			"indicator": "green",
		},
		{
			"value": len(judged) - met,
			"label": _("Indicators Below Target"),
			"datatype": "Int",
			"indicator": "red",
		},
	]
