"""The monthly briefing (来信来访简报), /xinfang/briefing: the month's figures against last month and last
year, hot topics and typical cases with personal details removed. Built from the same reports, so it shows
only what the reader may see."""

import frappe
from frappe import _
from frappe.utils import add_months, getdate, today

from xinfang_app.rules.kpi import rate
from xinfang_app.services.reporting import month_bounds, petition_where
from xinfang_app.services.settings import institution_name
from xinfang_app.xinfang.report.hot_topics.hot_topics import execute as hot_topics
from xinfang_app.xinfang.report.kpi_scorecard.kpi_scorecard import execute as scorecard
from xinfang_app.xinfang.report.petition_statistics.petition_statistics import execute as statistics

no_cache = 1
READERS = {"Petition Manager", "Petition Officer", "Hospital Leader", "Petition Supervisor"}


def get_context(context):
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = "/login?redirect-to=/xinfang/briefing"
		raise frappe.Redirect
	if not READERS & set(frappe.get_roles()):
		raise frappe.PermissionError(
			_("The monthly briefing is for petition officers, managers, leaders and supervisors.")
		)
	month = frappe.form_dict.get("month") or add_months(getdate(today()), -1).strftime("%Y-%m")
	try:
		getdate(f"{month}-01")
	except Exception:
		frappe.throw(_("Give the month as YYYY-MM, for example 2026-10."))
	context.b = build(month)
	context.institution = institution_name()
	context.title = context.b["title"]
	context.no_breadcrumbs = 1
	return context


BRIEFING_KPIS = ("timely_acceptance", "on_time_conclusion", "satisfaction", "repeat_rate")


def month_filters(month: str) -> dict:
	start, end = month_bounds(month)
	return {"from_date": start, "to_date": end}


def received(month: str) -> int:
	_c, rows, *_rest = statistics({**month_filters(month), "group_by": "Month"})
	return sum(r.received for r in rows)


def change(now: int, before: int) -> float | None:
	"""Percentage change, None when there is nothing to compare with."""
	return rate(now - before, before) if before else None


def build(month: str) -> dict:
	first = getdate(f"{month}-01")
	last_month = add_months(first, -1).strftime("%Y-%m")
	last_year = add_months(first, -12).strftime("%Y-%m")
	filters = month_filters(month)
	total = received(month)
	data = {
		"month": month,
		"title": _("Petition Briefing, {0}").format(first.strftime("%Y-%m")),
		"received": total,
		"last_month": received(last_month),
		"last_year": received(last_year),
	}
	data["vs_last_month"] = change(total, data["last_month"])
	data["vs_last_year"] = change(total, data["last_year"])
	for group, key in (
		("Channel", "by_channel"),
		("Category", "by_category"),
		("Handling Office", "by_office"),
	):
		_c, rows, *_rest = statistics({**filters, "group_by": group})
		data[key] = [
			{"label": r.dimension, "received": r.received, "concluded": r.concluded, "overdue": r.overdue}
			for r in rows[:8]
		]
	_c, rows, *_rest = statistics({**filters, "group_by": "Month"})
	data["totals"] = rows[0] if rows else {}
	_c, kpi_rows, *_rest = scorecard(filters)
	from xinfang_app.rules.kpi import KPIS

	wanted = {k.key for k in KPIS if k.key in BRIEFING_KPIS}
	data["kpis"] = [
		{"label": row["kpi"], "rate": row["hospital"], "target": row["target"]}
		for definition, row in zip(KPIS, kpi_rows, strict=True)
		if definition.key in wanted
	]
	_c, topics, *_rest = hot_topics({**filters, "top": 10})
	data["topics"] = topics
	data["cases"] = typical_cases(filters)
	return data


def typical_cases(filters, limit: int = 3) -> list[dict]:
	"""Replied petitions of the month, told without the petitioner's or patient's identity."""
	where, values = petition_where(filters)
	values["limit"] = limit
	return frappe.db.sql(
		f"""
		select `tabPetition`.category, `tabPetition`.department_concerned, `tabPetition`.subject,
			`tabPetition`.request, `tabPetition`.outcome, `tabPetition`.reply
		from `tabPetition`
		where {where} and `tabPetition`.replied_on is not null and `tabPetition`.matter_kind != 'Report'
		order by `tabPetition`.is_major desc, `tabPetition`.is_repeat desc, `tabPetition`.received_at
		limit %(limit)s
		""",
		values,
		as_dict=True,
	)
