"""Every time limit of petition work, in one place.

Sources: 《信访工作条例》(2022) Arts. 23, 34–36; 《医疗纠纷预防和处理条例》(国务院令第701号) Arts. 24, 38,
40; 《医疗机构投诉管理办法》(2019). Each limit is a field of :class:`TimeLimits`, whose defaults are the
statutory ones; a site keeps its own values in Petition Settings.

Counting follows the Civil Code (民法典 Arts. 201, 203): the day the period starts is not counted, and
a period in calendar days that ends on a statutory rest day ends on the next working day instead
(``roll_to_working_day``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, fields

from xinfang_app.rules.calendar import WorkingCalendar


@dataclass
class TimeLimits:
	notice_days: int = 15  # written notice of acceptance / non-acceptance / redirection, Art. 23
	objection_working_days: int = 5  # return a wrongly transferred item, Art. 23
	transfer_feedback_days: int = 7  # feedback on a transferred or assigned item, hospital rule
	complaint_feedback_working_days: int = 5  # hospital complaint needing investigation
	complaint_multi_department_working_days: int = 10  # complaint involving several departments
	conclude_days: int = 60  # conclude an appeal/claim from acceptance, Art. 34
	max_extension_days: int = 30  # extension approved by a leader, Art. 34
	review_request_days: int = 30  # request a review / re-review after the reply, Arts. 35-36
	review_answer_days: int = 30  # answer a review / re-review, hearing time excluded
	mediation_working_days: int = 30  # people's / administrative mediation, 701 Arts. 38, 40
	mediation_decision_working_days: int = 5  # administrative mediation: accept or refuse, 701 Art. 40
	record_unseal_years: int = 3  # unseal sealed medical records, 701 Art. 24
	roll_to_working_day: bool = True

	@classmethod
	def from_mapping(cls, values: dict) -> TimeLimits:
		"""Build from a settings mapping; missing or empty values keep the statutory default."""
		kwargs = {}
		for f in fields(cls):
			value = values.get(f.name)
			if value is None or value == "":
				continue
			kwargs[f.name] = bool(int(value)) if f.type == "bool" else int(value)
		return cls(**kwargs)


class ExtensionTooLong(ValueError):
	pass


class ReviewTooLate(ValueError):
	pass


def _calendar_days(
	start: dt.date, days: int, limits: TimeLimits, calendar: WorkingCalendar | None
) -> dt.date:
	end = start + dt.timedelta(days=days)
	if calendar is not None and limits.roll_to_working_day:
		end = calendar.next_working_day(end)
	return end


def notice_due(received: dt.date, limits: TimeLimits, calendar: WorkingCalendar | None = None) -> dt.date:
	"""Last day to tell the petitioner in writing whether the matter is accepted (Art. 23)."""
	return _calendar_days(received, limits.notice_days, limits, calendar)


def objection_due(received: dt.date, limits: TimeLimits, calendar: WorkingCalendar) -> dt.date:
	"""Last day to return a wrongly transferred item to the sender (Art. 23)."""
	return calendar.add_working_days(received, limits.objection_working_days)


def transfer_feedback_due(
	received: dt.date, limits: TimeLimits, calendar: WorkingCalendar | None = None
) -> dt.date:
	return _calendar_days(received, limits.transfer_feedback_days, limits, calendar)


def complaint_feedback_due(
	received: dt.date, limits: TimeLimits, calendar: WorkingCalendar, several_departments: bool = False
) -> dt.date:
	"""Hospital complaint feedback: 5 working days, 10 when several departments are involved."""
	days = (
		limits.complaint_multi_department_working_days
		if several_departments
		else limits.complaint_feedback_working_days
	)
	return calendar.add_working_days(received, days)


def check_extension(days: int, limits: TimeLimits) -> None:
	if days < 0 or days > limits.max_extension_days:
		raise ExtensionTooLong(days)


def conclude_due(
	accepted_on: dt.date,
	limits: TimeLimits,
	calendar: WorkingCalendar | None = None,
	extension_days: int = 0,
	paused_days: int = 0,
) -> dt.date:
	"""Last day to conclude an accepted matter: 60 days from acceptance, plus an approved extension
	(at most 30 days, Art. 34), plus days the clock was paused."""
	check_extension(extension_days or 0, limits)
	days = limits.conclude_days + (extension_days or 0) + (paused_days or 0)
	return _calendar_days(accepted_on, days, limits, calendar)


def review_request_deadline(replied_on: dt.date, limits: TimeLimits) -> dt.date:
	"""Last day the petitioner may ask for a review (复查) or re-review (复核)."""
	return replied_on + dt.timedelta(days=limits.review_request_days)


def check_review_request(replied_on: dt.date | None, requested_on: dt.date, limits: TimeLimits) -> None:
	"""Raise :class:`ReviewTooLate` when the request comes after the window (Arts. 35-36)."""
	if replied_on is None:
		raise ReviewTooLate("not replied")
	if requested_on > review_request_deadline(replied_on, limits):
		raise ReviewTooLate(requested_on)


def review_answer_due(
	request_received: dt.date,
	limits: TimeLimits,
	calendar: WorkingCalendar | None = None,
	hearing_days: int = 0,
) -> dt.date:
	return _calendar_days(request_received, limits.review_answer_days + (hearing_days or 0), limits, calendar)


NEXT_REVIEW_STAGE = {"Original": "Review", "Review": "Re-review"}


def next_review_stage(stage: str | None) -> str | None:
	"""复查 follows the original handling, 复核 follows the review; nothing follows a re-review."""
	return NEXT_REVIEW_STAGE.get(stage or "Original")


def mediation_due(
	accepted_on: dt.date,
	limits: TimeLimits,
	calendar: WorkingCalendar,
	paused: Iterable[tuple[dt.date, dt.date]] = (),
	extension_working_days: int = 0,
) -> dt.date:
	"""People's or administrative mediation: 30 working days from acceptance, appraisal excluded."""
	return calendar.add_working_days(
		accepted_on, limits.mediation_working_days + (extension_working_days or 0), excluded=paused
	)


def mediation_decision_due(applied_on: dt.date, limits: TimeLimits, calendar: WorkingCalendar) -> dt.date:
	"""Administrative mediation: accept or refuse within 5 working days of the application."""
	return calendar.add_working_days(applied_on, limits.mediation_decision_working_days)


def unseal_date(sealed_on: dt.date, limits: TimeLimits) -> dt.date:
	"""Sealed medical records may be unsealed after 3 years without a further claim (701 Art. 24)."""
	try:
		return sealed_on.replace(year=sealed_on.year + limits.record_unseal_years)
	except ValueError:  # 29 February
		return sealed_on.replace(year=sealed_on.year + limits.record_unseal_years, day=28)


ON_TRACK, DUE_SOON, OVERDUE, MET, MISSED = "On Track", "Due Soon", "Overdue", "Met", "Missed"


def status_bounds(today: dt.date, lead_days: int) -> tuple[dt.date, dt.date]:
	"""(overdue_before, due_soon_until): a running deadline before the first is Overdue, one up to the
	second is Due Soon. The daily sweep runs one set-based UPDATE with these two dates."""
	return today, today + dt.timedelta(days=lead_days)


def deadline_status(
	deadline: dt.date | None, today: dt.date, lead_days: int, stopped_on: dt.date | None = None
) -> str | None:
	"""The deadline status of one clock.

	A stopped clock (replied, concluded, notice sent) is Met when it stopped on or before the deadline
	and Missed otherwise; a running one is Overdue, Due Soon or On Track.
	"""
	if deadline is None:
		return None
	if stopped_on is not None:
		return MET if stopped_on <= deadline else MISSED
	overdue_before, due_soon_until = status_bounds(today, lead_days)
	if deadline < overdue_before:
		return OVERDUE
	if deadline <= due_soon_until:
		return DUE_SOON
	return ON_TRACK
