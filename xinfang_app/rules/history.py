"""Petitions of the past, brought in from a hospital's ledger (信访登记台账) as they were.

A historical row carries its final state and its own dates. Nothing is derived from the day of the
import: the dates the ledger gives are the dates the clocks saw, so the row needs the dates its state
stands for. This module says which ones, reads the date forms of Chinese ledgers and checks that the
dates follow each other. No Frappe import: the Petition controller and the importer call it.
"""

from __future__ import annotations

import datetime as dt
import re

# What a workflow state's clock (Petition Settings) means for the dates a historical row must carry.
CLOCK_START, CLOCK_PAUSED, CLOCK_REPLIED, CLOCK_CONCLUDED, CLOCK_CLOSED = (
	"Start",
	"Paused",
	"Replied",
	"Concluded",
	"Closed",
)
ACCEPTED = "Accepted"
DECIDED_OTHERWISE = ("Not Accepted", "Transferred", "Redirected")

# States whose name says the decision (the default workflow's 不予受理 and 已转送).
DECISION_OF_STATE = {"Not Accepted": "Not Accepted", "Transferred": "Transferred"}

_DATE = re.compile(
	r"^\s*(?P<y>\d{4})\s*(?:[-/.]|年)\s*(?P<m>\d{1,2})\s*(?:[-/.]|月)\s*(?P<d>\d{1,2})\s*日?"
	r"(?:[\sT]+(?P<H>\d{1,2})\s*(?:[:：]|时|点)\s*(?P<M>\d{1,2})?\s*(?:[:：]|分)?\s*(?P<S>\d{1,2})?\s*秒?)?\s*$"
)


def parse_date(text) -> dt.date | dt.datetime | None:
	"""2025-03-04, 2025/3/4, 2025.3.4 and 2025年3月4日, each optionally followed by a time
	(9:30, 09:30:15, 9时30分). A date alone gives a ``date``, a date with a time a ``datetime``;
	anything else (or an impossible date such as 2025年2月30日) gives None."""
	if isinstance(text, dt.datetime | dt.date):
		return text
	match = _DATE.match(str(text or ""))
	if not match:
		return None
	try:
		day = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
		if match["H"] is None:
			return day
		return dt.datetime(
			day.year, day.month, day.day, int(match["H"]), int(match["M"] or 0), int(match["S"] or 0)
		)
	except ValueError:
		return None


def decision_for(state: str | None, decision: str | None, accepted_on) -> str | None:
	"""The acceptance decision of a historical row: the one given, else the one its state names,
	else Accepted when the ledger gives an acceptance date."""
	if decision:
		return decision
	if state in DECISION_OF_STATE:
		return DECISION_OF_STATE[state]
	return ACCEPTED if accepted_on else None


def required_dates(clock: str, decision: str | None) -> list[str]:
	"""The date fields a historical row in a state with this clock must carry."""
	needed = []
	if decision == ACCEPTED or clock in (CLOCK_START, CLOCK_PAUSED, CLOCK_REPLIED, CLOCK_CONCLUDED):
		needed.append("accepted_on")
	if clock == CLOCK_REPLIED:
		needed.append("replied_on")
	if clock == CLOCK_CONCLUDED or (clock == CLOCK_CLOSED and decision == ACCEPTED):
		needed.append("concluded_on")
	if clock == CLOCK_CLOSED and decision in DECIDED_OTHERWISE:
		needed.append("notice_sent_on")
	return needed


def missing_dates(clock: str, decision: str | None, dates: dict) -> list[str]:
	return [field for field in required_dates(clock, decision) if not dates.get(field)]


def misordered_dates(received: dt.date, dates: dict, today: dt.date) -> list[tuple[str, str]]:
	"""Pairs (later field, earlier field) whose order is impossible: nothing happens before the
	petition was received or after today, acceptance comes before the reply and the conclusion."""
	order = ("accepted_on", "replied_on", "concluded_on")
	problems = []
	for field in ("notice_sent_on", *order):
		if dates.get(field) and dates[field] < received:
			problems.append((field, "received_at"))
	for i, later in enumerate(order):
		for earlier in order[:i]:
			if dates.get(later) and dates.get(earlier) and dates[later] < dates[earlier]:
				problems.append((later, earlier))
	if received > today:
		problems.append(("today", "received_at"))
	for field in ("notice_sent_on", *order):
		if dates.get(field) and dates[field] > today:
			problems.append(("today", field))
	return problems


# A historical mediation: what each state of the default mediation workflow stands for.
MEDIATION_NEEDS = {
	"Mediating": ("accepted_on",),
	"In Appraisal": ("accepted_on", "appraisal_commissioned_on"),
	"Agreement Reached": ("accepted_on", "outcome", "agreement_date"),
	"Mediation Failed": ("accepted_on", "outcome", "concluded_on"),
	"Mediation Refused": ("refusal_reason",),
}
AGREEMENT = "Agreement"


def mediation_missing(state: str | None, values: dict) -> list[str]:
	"""The fields a historical mediation in this state lacks. A closed one was refused (its reason) or ended
	with an outcome: an agreement needs its date, any other outcome the day the mediation ended."""
	if state == "Mediation Closed":
		if values.get("refusal_reason") and not values.get("outcome"):
			needed = ()
		elif values.get("outcome") == AGREEMENT:
			needed = ("outcome", "agreement_date")
		else:
			needed = ("outcome", "concluded_on")
	else:
		needed = MEDIATION_NEEDS.get(state or "", ())
	missing = [field for field in needed if not values.get(field)]
	if state == "Agreement Reached" and values.get("outcome") and values["outcome"] != AGREEMENT:
		missing.append("outcome")
	return missing
