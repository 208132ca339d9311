# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt
"""Unit Evaluation (考评): each unit's complaints, substantiated findings and weighted responsibility points,
timeliness, satisfaction, repeat and escalated petitions, rectification completion and suggestion adoption
in a month, quarter or year, against the targets in Petition Settings, with a score and a ranking. The
formulas are ``rules.accountability.evaluation_row``; this module only counts, within what the reader may
read (a report about the reader's own unit, and its finding, are never counted for them)."""

from __future__ import annotations

from collections import defaultdict

import frappe
from frappe import _
from frappe.utils import add_days, cint, getdate, today

from xinfang_app.rules import accountability as acc
from xinfang_app.services.reporting import bar_chart, permitted

PERIODS = ("Month", "Quarter", "Year")


def bounds(filters) -> tuple:
	period = filters.get("period") or "Month"
	if period not in PERIODS:
		frappe.throw(_("Choose a month, a quarter or a year."))
	year = cint(filters.get("year")) or getdate(today()).year
	number = cint(filters.get("number")) or 1
	if not (1900 < year < 3000) or not (1 <= number <= (12 if period == "Month" else 4)):
		frappe.throw(_("There is no such period."))
	return acc.period_bounds(period, year, number)


def settings_targets_and_weights():
	from xinfang_app.services.settings import settings

	s = settings()
	weights = {
		acc.FULL: s.get("weight_full_responsibility"),
		acc.PRIMARY: s.get("weight_primary_responsibility"),
		acc.SECONDARY: s.get("weight_secondary_responsibility"),
	}
	targets = {
		"timeliness": s.get("target_on_time_conclusion"),
		"satisfaction": s.get("target_satisfaction"),
		"rectification": s.get("target_rectification"),
		"adoption": s.get("target_adoption"),
	}
	return {k: float(v or 0) for k, v in weights.items()}, targets


def _and(condition: str) -> str:
	return f" and ({condition})" if condition else ""


def counts(start, end, unit: str | None = None) -> dict[str, dict]:
	"""Per unit, the counts ``evaluation_row`` needs."""
	found: dict[str, dict] = defaultdict(lambda: {"answers": []})
	values = {"start": start, "end": end, "next": add_days(end, 1), "unit": unit}
	only = " and {field} = %(unit)s" if unit else ""
	petition = _and(permitted("Petition"))
	for row in frappe.db.sql(
		f"""select department_concerned, count(*), sum(is_repeat), sum(is_escalated),
			sum(satisfaction in ('Satisfied', 'Basically Satisfied')),
			sum(ifnull(satisfaction, '') not in ('', 'Not Rated'))
		from `tabPetition` where received_at >= %(start)s and received_at < %(next)s
			and ifnull(department_concerned, '') != ''{only.format(field="department_concerned")}{petition}
		group by department_concerned""",
		values,
	):
		found[row[0]].update(received=row[1], repeat=row[2], escalated=row[3], satisfied=row[4], rated=row[5])
	for row in frappe.db.sql(
		f"""select handling_office, count(*), sum(concluded_on_time) from `tabPetition`
		where concluded_on >= %(start)s and concluded_on < %(next)s
			and ifnull(handling_office, '') != ''{only.format(field="handling_office")}{petition}
		group by handling_office""",
		values,
	):
		found[row[0]].update(concluded=row[1], on_time=row[2])
	weights, _targets = settings_targets_and_weights()
	finding = _and(permitted("Responsibility Finding"))
	substantiated = defaultdict(set)
	for unit_name, petition_name, verdict, is_unit_row in frappe.db.sql(
		f"""select party.unit, `tabResponsibility Finding`.petition, party.finding,
			ifnull(party.staff_user, '') = '' and ifnull(party.staff_name, '') = ''
		from `tabResponsibility Finding Party` party
		join `tabResponsibility Finding` on `tabResponsibility Finding`.name = party.parent
			and party.parenttype = 'Responsibility Finding'
		where `tabResponsibility Finding`.docstatus = 1
			and `tabResponsibility Finding`.decided_on between %(start)s and %(end)s
			and ifnull(party.unit, '') != ''{only.format(field="party.unit")}{finding}""",
		values,
	):
		entry = found[unit_name]
		if acc.substantiated(verdict):
			substantiated[unit_name].add(petition_name)
		if is_unit_row:
			entry["points"] = (entry.get("points") or 0) + acc.points([verdict], weights)
	for unit_name, names in substantiated.items():
		found[unit_name]["substantiated"] = len(names)
	plan = _and(permitted("Rectification"))
	for row in frappe.db.sql(
		f"""select `tabRectification`.unit, count(*), sum(item.status = 'Passed')
		from `tabRectification Item` item
		join `tabRectification` on `tabRectification`.name = item.parent and item.parenttype = 'Rectification'
		where item.due_date between %(start)s and %(end)s{only.format(field="`tabRectification`.unit")}{plan}
		group by `tabRectification`.unit""",
		values,
	):
		found[row[0]].update(items_due=row[1], items_passed=row[2])
	suggestion = _and(permitted("Petition Suggestion"))
	for unit_name, answer in frappe.db.sql(
		f"""select addressed_unit, answer from `tabPetition Suggestion`
		where docstatus = 1 and answered_on between %(start)s and %(end)s
			and ifnull(addressed_unit, '') != ''{only.format(field="addressed_unit")}{suggestion}""",
		values,
	):
		found[unit_name]["answers"].append(answer)
	return found


def execute(filters=None):
	filters = frappe._dict(filters or {})
	start, end = bounds(filters)
	_weights, targets = settings_targets_and_weights()
	rows = [
		acc.evaluation_row(unit, values, targets)
		for unit, values in counts(start, end, filters.get("unit")).items()
	]
	rows = acc.rank(rows)
	summary = [
		{"value": len(rows), "label": _("Units Evaluated"), "datatype": "Int"},
		{"value": sum(r["received"] for r in rows), "label": _("Complaints Received"), "datatype": "Int"},
		{"value": sum(r["substantiated"] for r in rows), "label": _("Substantiated"), "datatype": "Int"},
	]
	chart = bar_chart([r["unit"] for r in rows], [r["score"] for r in rows], _("Score"), limit=15)
	return columns(), rows, None, chart, summary


def columns():
	def col(fieldname, label, fieldtype="Int", width=100, **extra):
		return {"fieldname": fieldname, "label": label, "fieldtype": fieldtype, "width": width, **extra}

	return [
		col("rank", _("Rank"), width=60),
		col("unit", _("Unit"), "Link", 140, options="Petition Office"),
		col("score", _("Score"), "Float", 80, precision=1),
		col("received", _("Complaints Received"), width=90),
		col("substantiated", _("Substantiated"), width=90),
		col("points", _("Responsibility Points"), "Float", 100, precision=2),
		col("timeliness", _("Concluded on Time (%)"), "Percent", 110),
		col("satisfaction", _("Satisfaction (%)"), "Percent", 100),
		col("repeat", _("Repeat Petitions"), width=90),
		col("escalated", _("Escalated Petitions"), width=90),
		col("rectification", _("Rectification Completion (%)"), "Percent", 110),
		col("adoption", _("Suggestion Adoption (%)"), "Percent", 110),
	]


@frappe.whitelist()
def circular(filters=None) -> str:
	"""The evaluation circular (考评通报) for the hospital's leaders, as printable HTML."""
	from xinfang_app.services.settings import institution_name

	filters = frappe._dict(frappe.parse_json(filters) if isinstance(filters, str) else (filters or {}))
	allowed = frappe.get_all(
		"Has Role", filters={"parent": "Unit Evaluation", "parenttype": "Report"}, pluck="role"
	)
	if frappe.session.user != "Administrator" and not set(frappe.get_roles()) & set(allowed):
		frappe.throw(_("You may not read the unit evaluation."), frappe.PermissionError)
	start, end = bounds(filters)
	_columns, rows, _m, _c, _s = execute(filters)
	return frappe.render_template(
		"xinfang_app/templates/unit_evaluation_circular.html",
		{
			"rows": rows,
			"start": start,
			"end": end,
			"period": filters.get("period") or "Month",
			"org": institution_name(),
			"today": getdate(today()),
		},
	)
