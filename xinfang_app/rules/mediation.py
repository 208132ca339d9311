"""Medical-dispute mediation (《医疗纠纷预防和处理条例》, 国务院令第701号).

Routes (Art. 22): negotiation between the parties, people's mediation by a medical-dispute mediation
committee (医调委), administrative mediation by the health commission, and the courts. People's and
administrative mediation conclude within 30 working days of acceptance (Arts. 38, 40); administrative
mediation decides whether to accept within 5 working days of the application (Art. 40); the time of a
medical-damage appraisal does not count. In a negotiation each side has at most 5 representatives
(Art. 30).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from xinfang_app.rules.calendar import WorkingCalendar
from xinfang_app.rules.deadlines import TimeLimits, deadline_status, mediation_decision_due, mediation_due

NEGOTIATION, PEOPLES, ADMINISTRATIVE, JUDICIAL = (
	"Negotiation",
	"People's Mediation",
	"Administrative Mediation",
	"Judicial",
)
TIMED_ROUTES = (PEOPLES, ADMINISTRATIVE)
ORGANISATION_ROUTES = (PEOPLES, ADMINISTRATIVE, JUDICIAL)
MAX_NEGOTIATION_REPRESENTATIVES = 5
REPRESENTING_ROLES = ("Representative", "Agent")


def representatives_over_limit(route: str, parties: Iterable[tuple[str, str]]) -> dict[str, int]:
	"""Sides with more than five representatives in a negotiation: {side: count}. ``parties`` are
	(side, role) pairs."""
	if route != NEGOTIATION:
		return {}
	counts: dict[str, int] = {}
	for side, role in parties:
		if role in REPRESENTING_ROLES:
			counts[side] = counts.get(side, 0) + 1
	return {side: n for side, n in counts.items() if n > MAX_NEGOTIATION_REPRESENTATIVES}


def appraisal_pause(
	commissioned_on: dt.date | None, result_on: dt.date | None, today: dt.date
) -> list[tuple[dt.date, dt.date]]:
	"""The appraisal's time, which the mediation deadline does not count: from commissioning to the
	result, or to today while it is still running."""
	if not commissioned_on:
		return []
	return [(commissioned_on, result_on or today)]


@dataclass
class MediationDeadlines:
	decision_due: dt.date | None = None
	due_date: dt.date | None = None
	paused_working_days: int = 0


def mediation_deadlines(
	route: str,
	applied_on: dt.date,
	accepted_on: dt.date | None,
	calendar: WorkingCalendar,
	limits: TimeLimits,
	pause: list[tuple[dt.date, dt.date]] = (),
	extension_working_days: int = 0,
) -> MediationDeadlines:
	result = MediationDeadlines()
	if route == ADMINISTRATIVE:
		result.decision_due = mediation_decision_due(applied_on, limits, calendar)
	if route in TIMED_ROUTES and accepted_on:
		result.due_date = mediation_due(accepted_on, limits, calendar, pause, extension_working_days)
		result.paused_working_days = sum(
			1
			for start, end in pause
			for i in range((end - start).days + 1)
			if calendar.is_working_day(start + dt.timedelta(days=i))
		)
	return result


def mediation_status(
	due_date: dt.date | None,
	today: dt.date,
	lead_days: int,
	concluded_on: dt.date | None = None,
	in_appraisal: bool = False,
) -> str | None:
	if due_date is None:
		return None
	if concluded_on is None and in_appraisal:
		return "Paused"
	return deadline_status(due_date, today, lead_days, concluded_on)
