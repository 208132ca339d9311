"""Early warning of emerging and trending problems (苗头性、倾向性问题).

Something is rising when its petitions in a recent window reach a minimum count and exceed its own
usual number in such a window by a factor. The usual number is the average over the preceding weeks.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Thresholds:
	factor: float = 2.0  # recent count above factor x baseline
	minimum: int = 5  # and at least this many petitions
	baseline_weeks: int = 12  # the usual number is measured over these weeks before the window


def baseline(count_before: int, days_before: int, window_days: int) -> float:
	"""Average number of petitions per window over the period before it."""
	if days_before <= 0:
		return 0.0
	return count_before * window_days / days_before


def is_rising(recent: int, usual: float, thresholds: Thresholds) -> bool:
	return recent >= thresholds.minimum and recent > thresholds.factor * usual


def signature(kind: str, topic: str) -> str:
	"""One warning per kind and topic: later detections update it instead of raising another."""
	return f"{kind}:{topic}"[:140]
