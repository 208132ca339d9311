"""Who may see what (信访工作条例 Art. 30 ¶3, Arts. 28 and 46).

The petitioner's identity (name, phone, ID number, address, representatives) is confidential: only
petition officers and managers read it. For a report or accusation (检举控告) nobody who belongs to the
unit reported on may read the petition at all, so neither the materials nor the reporter's identity
can reach the people reported on.
"""

from __future__ import annotations

from collections.abc import Iterable

from xinfang_app.rules.outcomes import REPORT

IDENTITY_ROLES = frozenset({"Petition Officer", "Petition Manager"})
ALL_PETITIONS_ROLES = frozenset(
	{"Petition Officer", "Petition Manager", "Hospital Leader", "Petition Supervisor"}
)
OFFICE_ROLES = frozenset({"Case Handler", "Department Head"})


def may_see_identity(roles: Iterable[str]) -> bool:
	return bool(IDENTITY_ROLES & set(roles))


def sees_all_petitions(roles: Iterable[str]) -> bool:
	return bool(ALL_PETITIONS_ROLES & set(roles))


def excluded_as_reported_unit(
	matter_kind: str | None,
	department_concerned: str | None,
	user_units: Iterable[str],
	roles: Iterable[str] = (),
) -> bool:
	"""A user who belongs to the unit a report is about may not read it (conflict of interest, Art. 28),
	whatever their role: leaders and supervisors too. Petition officers and managers, who register and
	route every report, are the only exception."""
	if may_see_identity(roles):
		return False
	return matter_kind == REPORT and bool(department_concerned) and department_concerned in set(user_units)


def hides_linked_reports(
	roles: Iterable[str], user_units: Iterable[str], linked: Iterable[tuple[str | None, str | None]]
) -> bool:
	"""A document that carries petitions' content (a meeting, an order, a case, a warning, a mediation)
	is hidden from a user excluded from any one of those petitions. ``linked`` holds the
	(matter_kind, department_concerned) of each petition the document carries."""
	units = set(user_units)
	return any(excluded_as_reported_unit(kind, unit, units, roles) for kind, unit in linked)


def may_read(
	roles: Iterable[str],
	user: str,
	user_units: Iterable[str],
	*,
	matter_kind: str | None,
	department_concerned: str | None,
	handling_office: str | None,
	handler: str | None,
	assigned_to: Iterable[str] = (),
) -> bool:
	"""Row-level read rule of a petition for one user (field-level rules are permlevels)."""
	roles, units = set(roles), set(user_units)
	if excluded_as_reported_unit(matter_kind, department_concerned, units, roles):
		return False
	if sees_all_petitions(roles):
		return True
	if OFFICE_ROLES & roles:
		return (handling_office in units) or handler == user or user in set(assigned_to)
	return False
