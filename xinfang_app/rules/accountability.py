"""From complaint to improvement: responsibility findings (责任认定), the three suggestions (三项建议书),
rectification (整改) and evaluation (考评), as plain rules.

Sources: 《信访工作条例》(2022) chapter on supervision and accountability (the petition office's suggestions to
improve work, to improve policy and to hold people accountable); 《医疗机构投诉管理办法》(2019) (complaints feed
quality improvement and the staff's medical-ethics evaluation).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from xinfang_app.rules.confidentiality import may_see_identity, sees_all_petitions
from xinfang_app.rules.outcomes import REPORT

# --- Responsibility finding (责任认定) ---------------------------------------------------------------------
FULL, PRIMARY, SECONDARY, NONE, PENDING = (
	"Full Responsibility",
	"Primary Responsibility",
	"Secondary Responsibility",
	"No Responsibility",
	"Pending",
)
FINDINGS = (FULL, PRIMARY, SECONDARY, NONE, PENDING)
WITH_RESPONSIBILITY = frozenset({FULL, PRIMARY, SECONDARY})
DEFAULT_WEIGHTS = {FULL: 1.0, PRIMARY: 0.7, SECONDARY: 0.3, NONE: 0.0, PENDING: 0.0}
# Besides those who read every petition, HRMS's HR Manager reads findings (the medical-ethics evaluation).
FINDING_READER_ROLES = frozenset({"HR Manager"})


def substantiated(finding: str | None) -> bool:
	"""A finding that holds the unit or person responsible, wholly or in part (the complaint was founded)."""
	return finding in WITH_RESPONSIBILITY


def points(findings: Iterable[str | None], weights: Mapping[str, float] | None = None) -> float:
	"""Weighted responsibility points of a list of findings (weights from Petition Settings)."""
	weights = {**DEFAULT_WEIGHTS, **(weights or {})}
	return round(sum(float(weights.get(f) or 0) for f in findings if f), 2)


def tally(findings: Iterable[str | None]) -> dict[str, int]:
	"""How many findings of each kind (for the medical-ethics evaluation of one member of staff)."""
	counts = dict.fromkeys(FINDINGS, 0)
	for finding in findings:
		if finding in counts:
			counts[finding] += 1
	return counts


def excluded_from_finding(
	roles: Iterable[str],
	user: str,
	user_units: Iterable[str],
	*,
	matter_kind: str | None,
	department_concerned: str | None,
	named_units: Iterable[str] = (),
	named_users: Iterable[str] = (),
) -> bool:
	"""A finding on a report is the report's content: the unit the report is about, and every unit and member
	of staff the finding names, never read it. A member of staff named in it is excluded whatever their role;
	petition officers and managers are otherwise the exception, as for the report itself."""
	if matter_kind != REPORT:
		return False
	if user in set(named_users):
		return True
	if may_see_identity(roles):
		return False
	units = set(user_units)
	return bool(units & ({department_concerned} | set(named_units)))


def may_read_finding(
	roles: Iterable[str],
	user: str,
	user_units: Iterable[str],
	*,
	matter_kind: str | None,
	department_concerned: str | None,
	petition_handler: str | None,
	named_units: Iterable[str] = (),
	named_users: Iterable[str] = (),
	staff_see_own: bool = False,
) -> bool:
	"""Who reads a responsibility finding: the petition office, leaders and supervisors (and HR with HRMS);
	the head of a unit it names; the handler of its petition; and, where the settings allow, a member of staff their own finding on
	an ordinary complaint. Never anyone excluded by the report rule."""
	roles, units = set(roles), set(user_units)
	if excluded_from_finding(
		roles,
		user,
		units,
		matter_kind=matter_kind,
		department_concerned=department_concerned,
		named_units=named_units,
		named_users=named_users,
	):
		return False
	if sees_all_petitions(roles) or FINDING_READER_ROLES & roles:
		return True
	if "Department Head" in roles and units & set(named_units):
		return True
	if petition_handler and petition_handler == user and {"Case Handler", "Department Head"} & roles:
		return True
	return bool(staff_see_own and matter_kind != REPORT and user in set(named_users))


# --- The three suggestions (三项建议书) -----------------------------------------------------------------
IMPROVE_WORK, IMPROVE_POLICY, ACCOUNTABILITY = (
	"Improve Work",
	"Improve Policy",
	"Hold Accountable",
)
SUGGESTION_KINDS = (IMPROVE_WORK, IMPROVE_POLICY, ACCOUNTABILITY)
ADOPTED, PARTLY_ADOPTED, NOT_ADOPTED = "Adopted", "Partly Adopted", "Not Adopted"
ANSWERS = (ADOPTED, PARTLY_ADOPTED, NOT_ADOPTED)
ANSWER_WEIGHTS = {ADOPTED: 1.0, PARTLY_ADOPTED: 0.5, NOT_ADOPTED: 0.0}


def reply_due(issued_on: date, days: int) -> date:
	"""The date by which the addressee answers a suggestion (calendar days from issue)."""
	return issued_on + timedelta(days=int(days or 0))


def answer_problem(answer: str | None, reason: str | None, measures: str | None) -> str | None:
	"""What is missing from an answer, or None. Not adopting, or adopting in part, needs a reason; adopting,
	wholly or in part, states the measures taken."""
	if answer not in ANSWERS:
		return "answer"
	if answer in (NOT_ADOPTED, PARTLY_ADOPTED) and not (reason or "").strip():
		return "reason"
	if answer in (ADOPTED, PARTLY_ADOPTED) and not (measures or "").strip():
		return "measures"
	return None


def adoption_rate(answers: Iterable[str | None]) -> float | None:
	"""Adopted counts 1, partly adopted ½, over the suggestions answered; None when none was answered."""
	answered = [a for a in answers if a in ANSWER_WEIGHTS]
	if not answered:
		return None
	return round(100.0 * sum(ANSWER_WEIGHTS[a] for a in answered) / len(answered), 1)


# --- Rectification (整改) -------------------------------------------------------------------------------
OPEN, SUBMITTED, PASSED, FAILED = "Open", "Submitted", "Passed", "Failed"


def item_status_after_verification(result: str) -> str:
	"""通过 closes an item; 未通过 reopens it for the unit to put right."""
	return PASSED if result == "Passed" else OPEN


def completion(item_statuses: Iterable[str]) -> tuple[int, int, float | None]:
	"""(items passed, items, completion %) of a plan or a unit."""
	statuses = list(item_statuses)
	done = sum(1 for s in statuses if s == PASSED)
	return done, len(statuses), (round(100.0 * done / len(statuses), 1) if statuses else None)


def recurrences(
	verified_on: date | None,
	window_days: int,
	received: Iterable[tuple[str, date]],
	today: date | None = None,
) -> tuple[list[str], date | None, bool]:
	"""Complaints that came back (复发): of ``received`` (name, date received) — complaints of the plan's
	categories about its unit — those received after verification and within the window. Returns (their
	names, the window's end, whether the window is still running on ``today``)."""
	if not verified_on:
		return [], None, False
	end = verified_on + timedelta(days=int(window_days or 0))
	names = sorted(name for name, day in received if day and verified_on < day <= end)
	running = bool(today and today <= end)
	return names, end, running


# --- Evaluation (考评) ----------------------------------------------------------------------------------
def period_bounds(period: str, year: int, number: int = 1) -> tuple[date, date]:
	"""First and last day of a month (number 1–12), a quarter (1–4) or a year."""
	if period == "Year":
		return date(year, 1, 1), date(year, 12, 31)
	if period == "Quarter":
		first_month = 3 * (int(number) - 1) + 1
		start = date(year, first_month, 1)
		months = 3
	else:
		start = date(year, int(number), 1)
		months = 1
	month = start.month - 1 + months
	next_start = date(start.year + month // 12, month % 12 + 1, 1)
	return start, next_start - timedelta(days=1)


def rate(part: int, whole: int) -> float | None:
	return round(100.0 * part / whole, 1) if whole else None


# The shipped targets (Petition Settings holds the site's own): 按期办结率, 满意率, 整改完成率, 建议采纳率.
DEFAULT_TARGETS = {"timeliness": 100.0, "satisfaction": 90.0, "rectification": 100.0, "adoption": 90.0}
RATE_WEIGHT = 20.0  # points a rate is worth from 0 % to 100 %
BELOW_TARGET = 5.0  # points lost more when a rate falls below its target
POINT_COST = 5.0  # points lost per weighted responsibility point


def unit_score(row: Mapping, targets: Mapping[str, float]) -> float:
	"""A unit's score out of 100. Each of the four rates (timeliness, satisfaction, rectification, adoption)
	is worth 20: a unit loses 0.2 for each percentage point below 100 %, and 5 more when the rate is below
	its target (no target set: nothing more). Each weighted responsibility point of its findings loses 5.
	A rate with nothing to measure in the period costs nothing; the score does not go below 0."""
	score = 100.0
	for key in ("timeliness", "satisfaction", "rectification", "adoption"):
		value, target = row.get(key), targets.get(key)
		if value is None:
			continue
		value = min(max(float(value), 0.0), 100.0)
		score -= RATE_WEIGHT * (100.0 - value) / 100.0
		if target and value < float(target):
			score -= BELOW_TARGET
	score -= POINT_COST * float(row.get("points") or 0)
	return round(max(score, 0.0), 1)


def rank(rows: list[dict], key: str = "score") -> list[dict]:
	"""Rank rows by ``key`` (highest first); equal scores share a rank (1, 2, 2, 4)."""
	ordered = sorted(rows, key=lambda r: (-(r.get(key) or 0), r.get("unit") or ""))
	previous, position = None, 0
	for index, row in enumerate(ordered, start=1):
		if row.get(key) != previous:
			position, previous = index, row.get(key)
		row["rank"] = position
	return ordered


def evaluation_row(unit: str, counts: Mapping[str, float], targets: Mapping[str, float]) -> dict:
	"""One unit's evaluation from its counts in the period:

	- received, repeat, escalated: complaints about the unit received in the period;
	- substantiated: petitions with an issued finding in the period holding the unit (or a member of its staff)
		responsible; points: the weighted points of the findings on the unit itself;
	- timeliness: petitions the unit handled concluded on time, of those it concluded in the period;
	- satisfaction: rated satisfied or basically satisfied, of the complaints about it that were rated;
	- rectification: its rectification items due in the period that passed verification, of those due;
	- adoption: its suggestions answered in the period, adopted counting 1 and partly adopted ½.
	"""
	row = {
		"unit": unit,
		"received": int(counts.get("received") or 0),
		"substantiated": int(counts.get("substantiated") or 0),
		"points": round(float(counts.get("points") or 0), 2),
		"repeat": int(counts.get("repeat") or 0),
		"escalated": int(counts.get("escalated") or 0),
		"timeliness": rate(int(counts.get("on_time") or 0), int(counts.get("concluded") or 0)),
		"satisfaction": rate(int(counts.get("satisfied") or 0), int(counts.get("rated") or 0)),
		"rectification": rate(int(counts.get("items_passed") or 0), int(counts.get("items_due") or 0)),
		"adoption": adoption_rate(counts.get("answers") or ()),
	}
	row["score"] = unit_score(row, targets)
	return row
