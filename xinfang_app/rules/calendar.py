"""The working calendar: which date is a working day.

A date is a working day unless it is a weekly rest day or a public holiday; a make-up working day
(调休上班) is a working day even when it falls on a weekly rest day. China publishes its official
calendar every year; :func:`official_year` reads it from the ``chinese-calendar`` package, which only
knows the years already announced.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

SATURDAY, SUNDAY = 5, 6


class UnknownYear(Exception):
	"""The official calendar for this year has not been published (or the package does not know it)."""


@dataclass
class WorkingCalendar:
	rest_weekdays: frozenset[int] = frozenset({SATURDAY, SUNDAY})
	holidays: frozenset[dt.date] = frozenset()
	makeup_workdays: frozenset[dt.date] = frozenset()

	@classmethod
	def build(
		cls,
		rest_weekdays: Iterable[int] = (SATURDAY, SUNDAY),
		holidays: Iterable[dt.date] = (),
		makeup_workdays: Iterable[dt.date] = (),
	) -> WorkingCalendar:
		return cls(frozenset(rest_weekdays), frozenset(holidays), frozenset(makeup_workdays))

	def is_working_day(self, day: dt.date) -> bool:
		if day in self.makeup_workdays:
			return True
		if day in self.holidays:
			return False
		return day.weekday() not in self.rest_weekdays

	def next_working_day(self, day: dt.date) -> dt.date:
		"""The first working day on or after ``day``."""
		for _ in range(400):
			if self.is_working_day(day):
				return day
			day += dt.timedelta(days=1)
		raise ValueError("no working day within 400 days: the calendar has no working days")

	def add_working_days(
		self, start: dt.date, count: int, excluded: Iterable[tuple[dt.date, dt.date]] = ()
	) -> dt.date:
		"""The ``count``-th working day after ``start`` (the start day itself is not counted).

		``excluded`` holds inclusive (from, to) date ranges that do not count even if they are working
		days: an appraisal or a hearing pauses the clock.
		"""
		if count < 0:
			raise ValueError("count must not be negative")
		ranges = list(excluded)
		day = start
		counted = 0
		while counted < count:
			day += dt.timedelta(days=1)
			if self.is_working_day(day) and not _in_ranges(day, ranges):
				counted += 1
		return day

	def working_days_between(self, start: dt.date, end: dt.date) -> int:
		"""Working days after ``start`` up to and including ``end``."""
		count = 0
		day = start
		while day < end:
			day += dt.timedelta(days=1)
			if self.is_working_day(day):
				count += 1
		return count


def _in_ranges(day: dt.date, ranges: list[tuple[dt.date, dt.date]]) -> bool:
	return any(start <= day <= end for start, end in ranges)


@dataclass
class YearDays:
	"""The exceptions of one year: public holidays and make-up working days, each with its name."""

	year: int
	holidays: dict[dt.date, str] = field(default_factory=dict)
	makeup_workdays: dict[dt.date, str] = field(default_factory=dict)
	official: bool = True


def official_year(year: int) -> YearDays:
	"""China's official holidays and make-up working days of ``year``.

	Raises :class:`UnknownYear` when the calendar of that year is not known yet.
	"""
	import chinese_calendar

	try:
		chinese_calendar.is_holiday(dt.date(year, 1, 1))
	except NotImplementedError as e:
		raise UnknownYear(year) from e

	days = YearDays(year)
	for day, name in chinese_calendar.holidays.items():
		if day.year == year:
			days.holidays[day] = str(name)
	for day, name in chinese_calendar.workdays.items():
		if day.year == year and day.weekday() in (SATURDAY, SUNDAY):
			days.makeup_workdays[day] = str(name)
	return days


def year_or_weekends(year: int) -> YearDays:
	"""The official year if known, otherwise an empty year marked ``official=False``: weekly rest days
	alone apply until an administrator enters the holidays."""
	try:
		return official_year(year)
	except UnknownYear:
		return YearDays(year, official=False)
