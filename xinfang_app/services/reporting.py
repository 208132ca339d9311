"""What the Script Reports share: the period filter and the current user's row permission.

Script Reports run their own SQL, so each one adds the same permission conditions Frappe's list
view uses (the permission query hooks included): a handler's report covers their office, and no
report ever counts a report about the reader's own unit.
"""

from __future__ import annotations

import frappe
from frappe.desk.reportview import build_match_conditions
from frappe.utils import add_months, get_first_day, get_last_day, getdate, today


def period(filters) -> tuple:
	"""(from, to) dates: the filters' or the last twelve months."""
	end = getdate(filters.get("to_date") or today())
	start = getdate(filters.get("from_date") or add_months(get_first_day(end), -11))
	if start > end:
		frappe.throw(frappe._("The start of the period is after its end."))
	return start, end


def month_bounds(month: str) -> tuple:
	first = get_first_day(getdate(f"{month}-01"))
	return first, get_last_day(first)


def permitted(doctype: str) -> str:
	"""The SQL condition that limits ``doctype`` to what the current user may read ('' for all)."""
	frappe.has_permission(doctype, "read", throw=True)
	return build_match_conditions(doctype) or ""


def petition_where(filters, alias: str = "`tabPetition`") -> tuple[str, dict]:
	start, end = period(filters)
	conditions = [f"{alias}.received_at >= %(start)s", f"{alias}.received_at < %(end)s"]
	values = {"start": start, "end": frappe.utils.add_days(end, 1)}
	for field in ("handling_office", "category", "matter_kind", "channel", "department_concerned"):
		if filters.get(field):
			conditions.append(f"{alias}.`{field}` = %({field})s")
			values[field] = filters.get(field)
	match = permitted("Petition")
	if match:
		conditions.append(f"({match})")
	return " and ".join(conditions), values


def bar_chart(
	labels: list, values: list, name: str, kind: str = "bar", limit: int | None = None
) -> dict | None:
	"""A Frappe chart of one dataset; None when there is nothing to draw."""
	if not labels:
		return None
	if limit:
		labels, values = labels[:limit], values[:limit]
	return {"data": {"labels": labels, "datasets": [{"name": name, "values": values}]}, "type": kind}
