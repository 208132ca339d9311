"""Scheduled work. Each job is a set-based statement or a background job: never a loop of saves."""

from __future__ import annotations

import frappe
from frappe.utils import getdate, today

from xinfang_app.rules import deadlines
from xinfang_app.services import settings


def daily():
	from xinfang_app.services.early_warning import run as raise_early_warnings
	from xinfang_app.xinfang.doctype.petition_suggestion.petition_suggestion import (
		mark_overdue as mark_overdue_suggestions,
	)
	from xinfang_app.xinfang.doctype.rectification.rectification import (
		escalate_overdue_items as escalate_overdue_rectification,
	)
	from xinfang_app.xinfang.doctype.rectification.rectification import refresh_recurrence
	from xinfang_app.xinfang.doctype.supervision_order.supervision_order import escalate_overdue

	sweep_deadlines()
	escalate_overdue()
	mark_overdue_suggestions()
	escalate_overdue_rectification()
	refresh_recurrence()
	raise_early_warnings()
	seed_next_calendar_year()


def sweep_deadlines(on: str | None = None, batch: int = 5000) -> dict[str, int]:
	"""Keep ``deadline_status`` true for every running clock with a few set-based statements.

	The bounds come from ``rules.deadlines.status_bounds``, the same rule a single petition uses when
	it is saved; rows whose status is already right are not touched. The rows to change are found from
	the sweep's index alone (a plain read takes no locks and reads no table page), then changed by name
	with the same condition, so a row that changed in between is left as it is. Returns the rows changed.
	"""
	from frappe.utils import create_batch

	day = getdate(on or today())
	lead = int(settings.settings().reminder_lead_days or 0)
	overdue_before, due_soon_until = deadlines.status_bounds(day, lead)
	p = frappe.qb.DocType("Petition")
	running = (p.clock_status == "Running") & p.next_deadline.isnotnull()
	changes = {
		deadlines.OVERDUE: running & (p.next_deadline < overdue_before),
		deadlines.DUE_SOON: running
		& (p.next_deadline >= overdue_before)
		& (p.next_deadline <= due_soon_until),
		deadlines.ON_TRACK: running & (p.next_deadline > due_soon_until),
	}
	counts = {}
	for status, condition in changes.items():
		wrong = condition & (p.deadline_status.isnull() | (p.deadline_status != status))
		counts[status] = 0
		for names in create_batch(frappe.qb.from_(p).select(p.name).where(wrong).run(pluck=True), batch):
			frappe.qb.update(p).set(p.deadline_status, status).where(wrong & p.name.isin(names)).run()
			counts[status] += frappe.db.sql("select row_count()")[0][0]
	return counts


def seed_next_calendar_year():
	"""When China's official calendar for next year becomes known, add it to the default calendar."""
	name = settings.settings().working_calendar or settings.DEFAULT_CALENDAR
	if not frappe.db.exists("Working Calendar", name):
		return
	year = getdate(today()).year + 1
	calendar = frappe.get_doc("Working Calendar", name)
	if str(year) in (calendar.seeded_years or "").split(","):
		return
	if calendar.seed_years([year], save=False):
		calendar.save(ignore_permissions=True)
