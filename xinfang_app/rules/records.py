"""Records are kept (信访档案): what may never be deleted.

A petition that has left its first workflow state (Draft) is part of the register, the statistics and the
archive; a mediation with an agreement and a concluded leader case are records of what was settled.
Mistakes are corrected, declined or archived, and the history stays.
"""

from __future__ import annotations

CONCLUDED_CASE_STATUSES = frozenset({"Resolved", "Petitioning Stopped"})


def petition_kept(workflow_state: str | None, first_state: str = "Draft") -> bool:
	return bool(workflow_state) and workflow_state != first_state


def mediation_kept(outcome: str | None, agreement_date=None) -> bool:
	return outcome == "Agreement" or bool(agreement_date)


def case_kept(status: str | None, closed_on=None) -> bool:
	return status in CONCLUDED_CASE_STATUSES or bool(closed_on)
