# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt
"""Petitions received per day, week, month, quarter or year: the workspace's "Monthly Petitions".

Frappe's Count chart groups by its date field as stored; ``received_at`` holds the time too, so a year is
a group for every petition (333,000 at a million petitions, each sent to Python to be added up by month).
This source counts by day in the database, from the index on ``received_at`` (which holds every column of
a case handler's row rule), and leaves the periods to Frappe's own chart code, so the chart shows what the
Count chart showed. The rows are the reader's own: Frappe's permission conditions, as in every report.
"""

from __future__ import annotations

import frappe
from frappe.desk.doctype.dashboard_chart.dashboard_chart import get_result
from frappe.utils import add_days, format_date, getdate, now_datetime
from frappe.utils.dateutils import get_from_date_from_timespan, get_period, get_period_beginning

from xinfang_app.services.reporting import permitted

FILTERS = ("handling_office", "category", "matter_kind")


@frappe.whitelist()
def get(
	chart_name=None,
	chart=None,
	no_cache=None,
	filters=None,
	from_date=None,
	to_date=None,
	timespan=None,
	time_interval=None,
	heatmap_year=None,
	refresh=None,
):
	if chart_name:
		chart = frappe.get_doc("Dashboard Chart", chart_name)
		chart.check_permission("read")
	else:
		chart = frappe._dict(frappe.parse_json(chart) or {})
	timespan = timespan or chart.timespan or "Last Year"
	timegrain = time_interval or chart.time_interval or "Monthly"
	filters = frappe.parse_json(filters) or frappe.parse_json(chart.filters_json or "{}") or {}
	if isinstance(filters, list):  # the list form a Count chart keeps: [doctype, field, "=", value, ...]
		filters = {f[1]: f[3] for f in filters if len(f) > 3 and f[2] == "="}

	if timespan == "Select Date Range" and (from_date or chart.from_date):
		start = getdate(from_date or chart.from_date)
		end = getdate(to_date or chart.to_date or now_datetime())
	else:
		end = getdate(to_date) if to_date else now_datetime().date()
		start = get_period_beginning(get_from_date_from_timespan(end, timespan), timegrain, as_str=False)

	conditions = [
		"`tabPetition`.received_at >= %(start)s",
		"`tabPetition`.received_at < %(end)s",
		"`tabPetition`.docstatus < 2",
	]
	values = {"start": start, "end": add_days(end, 1)}
	for field in FILTERS:
		if filters.get(field):
			conditions.append(f"`tabPetition`.`{field}` = %({field})s")
			values[field] = filters[field]
	match = permitted("Petition")
	if match:
		conditions.append(f"({match})")
	days = frappe.db.sql(
		f"""select date(`tabPetition`.received_at) as day, count(*), count(*)
		from `tabPetition` where {" and ".join(conditions)}
		group by day order by day""",
		values,
	)
	result = get_result(days, timegrain, start.strftime("%Y-%m-%d"), end, "Count")
	return {
		"labels": [
			format_date(get_period(row[0], timegrain), parse_day_first=True)
			if timegrain in ("Daily", "Weekly")
			else get_period(row[0], timegrain)
			for row in result
		],
		"datasets": [{"name": chart.name, "values": [row[1] for row in result]}],
	}
