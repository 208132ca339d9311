"""The daily early-warning job: find what is rising and raise one warning per finding.

Counts come from grouped queries over the recent window and the weeks before it; the decision is
``rules.warning``. A finding that already has an open or acknowledged warning updates it (no second
warning, no second notice); one closed within the last 30 days is not raised again.
"""

from __future__ import annotations

import datetime as dt

import frappe
from frappe.utils import add_days, cint, flt, getdate, today

from xinfang_app.rules import warning
from xinfang_app.rules.topics import terms
from xinfang_app.services.settings import settings

WINDOWS = (7, 30)
DIMENSIONS = (("category", "Rising Category"), ("department_concerned", "Rising Department"))
QUIET_AFTER_CLOSING = 30
KEY = "coalesce(nullif(petitioner_id_number, ''), nullif(phone_key, ''), nullif(name_address_key, ''))"


def thresholds() -> warning.Thresholds:
	conf = settings()
	return warning.Thresholds(
		factor=flt(conf.warning_factor) or 2.0,
		minimum=cint(conf.warning_minimum) or 5,
		baseline_weeks=cint(conf.warning_baseline_weeks) or 12,
	)


def run(on: str | None = None) -> list[str]:
	"""Look at the petitions up to ``on`` (today); return the warnings raised."""
	day = getdate(on or today())
	limits = thresholds()
	raised: list[str] = []
	for window in WINDOWS:
		start = add_days(day, -window + 1)
		base_start = add_days(start, -limits.baseline_weeks * 7)
		for column, kind in DIMENSIONS:
			rows = frappe.db.sql(
				f"""
				select `{column}` as topic, sum(received_at >= %(start)s) as recent, sum(received_at < %(start)s) as earlier
				from `tabPetition`
				where received_at >= %(base_start)s and received_at < %(end)s and ifnull(`{column}`, '') != ''
				group by `{column}`
				""",
				{"start": start, "base_start": base_start, "end": add_days(day, 1)},
				as_dict=True,
			)
			for row in rows:
				usual = warning.baseline(int(row.earlier or 0), limits.baseline_weeks * 7, window)
				if warning.is_rising(int(row.recent or 0), usual, limits):
					names = frappe.get_all(
						"Petition",
						filters={column: row.topic, "received_at": (">=", start)},
						pluck="name",
						order_by="received_at",
					)
					raised += record(kind, row.topic, window, int(row.recent), usual, names, day)
	raised += rising_terms(day, limits)
	raised += joint_petitions(day)
	raised += repeated_escalations(day)
	raised += petitioners_coming_faster(day, limits)
	return [r for r in raised if r]


def rising_terms(day, limits, window: int = 7, top: int = 10) -> list[str]:
	start = add_days(day, -window + 1)
	base_start = add_days(start, -limits.baseline_weeks * 7)
	recent = frappe.db.sql(
		"select name, concat_ws(' ', subject, request) from `tabPetition` where received_at >= %s and received_at < %s",
		(start, add_days(day, 1)),
	)
	if len(recent) < limits.minimum:
		return []
	before = frappe.db.sql(
		"select concat_ws(' ', subject, request) from `tabPetition` where received_at >= %s and received_at < %s limit 20000",
		(base_start, start),
	)
	usual = dict(terms((t[0] for t in before), top=500))
	raised = []
	for term, count in terms((t[1] for t in recent), top=top):
		baseline_count = warning.baseline(usual.get(term, 0), limits.baseline_weeks * 7, window)
		if warning.is_rising(count, baseline_count, limits):
			names = [n for n, text in recent if term in (text or "")]
			raised += record("Rising Term", term, window, count, baseline_count, names, day)
	return raised


def joint_petitions(day, window: int = 7) -> list[str]:
	names = frappe.get_all(
		"Petition",
		filters={"is_joint": 1, "received_at": (">=", add_days(day, -window + 1))},
		pluck="name",
		order_by="received_at",
	)
	if not names:
		return []
	year, week, _weekday = getdate(day).isocalendar()
	return record("Joint Petitions", f"{year}-W{week:02d}", window, len(names), 0, names, day)


def repeated_escalations(day, window: int = 90) -> list[str]:
	rows = frappe.db.sql(
		f"""select {KEY} as person, group_concat(name order by received_at) as names, count(*) as n,
			substring_index(group_concat(petitioner_display order by received_at desc separator '|'), '|', 1) as shown
		from `tabPetition` where is_escalated = 1 and received_at >= %s and {KEY} is not null
		group by person having count(*) >= 2""",
		(add_days(day, -window + 1),),
		as_dict=True,
	)
	raised = []
	for row in rows:
		raised += record(
			"Repeated Escalation",
			row.shown or row.person[:8],
			window,
			row.n,
			0,
			row.names.split(","),
			day,
			key=row.person,
		)
	return raised


def petitioners_coming_faster(day, limits, window: int = 30, history_days: int = 180) -> list[str]:
	start = add_days(day, -window + 1)
	rows = frappe.db.sql(
		f"""select {KEY} as person, sum(received_at >= %(start)s) as recent, sum(received_at < %(start)s) as earlier,
			substring_index(group_concat(petitioner_display order by received_at desc separator '|'), '|', 1) as shown
		from `tabPetition` where received_at >= %(history)s and received_at < %(end)s and {KEY} is not null
		group by person having sum(received_at >= %(start)s) >= 3""",
		{"start": start, "history": add_days(start, -history_days), "end": add_days(day, 1)},
		as_dict=True,
	)
	raised = []
	for row in rows:
		usual = warning.baseline(int(row.earlier or 0), history_days, window)
		if int(row.recent) >= 3 and int(row.recent) > limits.factor * usual:
			names = frappe.db.sql_list(
				f"select name from `tabPetition` where {KEY} = %s and received_at >= %s order by received_at",
				(row.person, start),
			)
			raised += record(
				"Petitioner Coming Faster",
				row.shown or row.person[:8],
				window,
				int(row.recent),
				usual,
				names,
				day,
				key=row.person,
			)
	return raised


def record(kind, topic, window, recent, usual, names, day, key: str | None = None) -> list[str]:
	"""Raise a new warning, or update the open one of the same finding; returns what was raised."""
	signature = warning.signature(kind, key or topic)
	existing = frappe.get_all(
		"Early Warning",
		filters={"signature": signature},
		fields=["name", "status", "closed_on"],
		order_by="creation desc",
		limit=1,
	)
	if existing:
		current = existing[0]
		if current.status != "Closed":
			doc = frappe.get_doc("Early Warning", current.name)
			known = {r.petition for r in doc.petitions}
			for name in names:
				if name not in known:
					doc.append("petitions", {"petition": name})
			doc.recent_count = max(doc.recent_count or 0, recent)
			doc.last_detected_on = day
			doc.save(ignore_permissions=True)
			return []
		if current.closed_on and (getdate(day) - getdate(current.closed_on)) < dt.timedelta(
			days=QUIET_AFTER_CLOSING
		):
			return []
	doc = frappe.get_doc(
		{
			"doctype": "Early Warning",
			"warning_kind": kind,
			"topic": topic,
			"signature": signature,
			"window_days": window,
			"recent_count": recent,
			"baseline": round(usual, 2),
			"first_detected_on": day,
			"last_detected_on": day,
			"petitions": [{"petition": n} for n in names],
		}
	).insert(ignore_permissions=True)
	return [doc.name]
