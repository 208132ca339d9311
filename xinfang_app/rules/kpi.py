"""The rates leaders judge petition work by, each defined once.

A KPI is a ratio of two counts over the petitions received in a period. The counts are taken by
one SQL statement (see the KPI Scorecard report), each with the meaning written here; this module
turns counts into rates, compares them with targets and says what each rate means.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KPI:
	key: str
	label: str  # English source, translated where shown
	numerator: str  # name of the count
	denominator: str
	definition: str
	target_field: str | None = None  # Petition Settings field holding the target (%)
	default_target: float | None = None


KPIS = (
	KPI(
		"timely_acceptance",
		"Timely Acceptance Rate (及时受理率)",
		"decided_in_time",
		"decided",
		"Petitions whose written notice of the acceptance decision went out within the notice limit, of all petitions whose notice went out or is past due.",
		"target_timely_acceptance",
		100.0,
	),
	KPI(
		"on_time_conclusion",
		"On-time Conclusion Rate (按期办结率)",
		"concluded_in_time",
		"due_or_concluded",
		"Accepted petitions replied to by their due date, of those replied to plus those still open past their due date.",
		"target_on_time_conclusion",
		100.0,
	),
	KPI(
		"first_conclusion",
		"First Petition Conclusion Rate (初信初访办结率)",
		"first_concluded",
		"first_accepted",
		"First petitions (not repeats, not reviews) replied to or concluded, of first petitions accepted.",
		"target_first_conclusion",
		98.0,
	),
	KPI(
		"assigned_conclusion",
		"Assigned Item Conclusion Rate (交转办结率)",
		"assigned_concluded",
		"assigned_accepted",
		"Items transferred by a hotline or assigned by a superior that were replied to or concluded, of those accepted.",
		"target_assigned_conclusion",
		100.0,
	),
	KPI(
		"repeat_rate",
		"Repeat Petition Rate (重复信访率)",
		"repeats",
		"received",
		"Repeat petitions, of all petitions received. Lower is better.",
		"target_repeat_rate",
		None,
	),
	KPI(
		"satisfaction",
		"Satisfaction Rate (满意率)",
		"satisfied",
		"rated",
		"Petitions rated satisfied or basically satisfied, of those rated.",
		"target_satisfaction",
		90.0,
	),
	KPI(
		"rating_participation",
		"Rating Participation Rate (参评率)",
		"rated",
		"replied",
		"Petitions rated by the petitioner, of those replied to.",
		"target_rating_participation",
		None,
	),
	KPI(
		"settled",
		"Settled Rate (案结事了率)",
		"settled",
		"concluded",
		"Concluded petitions that led to no review request and no repeat petition, of all concluded.",
		"target_settled",
		95.0,
	),
	KPI(
		"old_case_resolution",
		"Old Case Resolution Rate (老户化解息访率)",
		"old_cases_resolved",
		"old_cases",
		"Old cases (信访老户) owned by a leader that were resolved or stopped petitioning, of all old cases.",
		"target_old_case_resolution",
		85.0,
	),
)
LOWER_IS_BETTER = {"repeat_rate"}


def rate(numerator: int, denominator: int) -> float | None:
	"""Percentage with one decimal, or None when there is nothing to count."""
	if not denominator:
		return None
	return round(100.0 * numerator / denominator, 1)


def meets(kpi: KPI, value: float | None, target: float | None) -> bool | None:
	if value is None or target is None:
		return None
	return value <= target if kpi.key in LOWER_IS_BETTER else value >= target


def scorecard(counts: dict[str, int], targets: dict[str, float | None]) -> list[dict]:
	rows = []
	for kpi in KPIS:
		num, den = int(counts.get(kpi.numerator) or 0), int(counts.get(kpi.denominator) or 0)
		value = rate(num, den)
		target = targets.get(kpi.key)
		rows.append(
			{
				"kpi": kpi.key,
				"numerator": num,
				"denominator": den,
				"rate": value,
				"target": target,
				"meets": meets(kpi, value, target),
			}
		)
	return rows
