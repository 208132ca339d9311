import datetime as dt

import pytest

from xinfang_app.rules.calendar import UnknownYear, WorkingCalendar, official_year, year_or_weekends

D = dt.date


@pytest.fixture(scope="module")
def cn2026():
	year = official_year(2026)
	return WorkingCalendar.build(holidays=year.holidays, makeup_workdays=year.makeup_workdays)


def test_weekends_are_rest_days_weekdays_work():
	cal = WorkingCalendar.build()
	assert cal.is_working_day(D(2026, 11, 23))  # Monday
	assert not cal.is_working_day(D(2026, 11, 28))  # Saturday
	assert not cal.is_working_day(D(2026, 11, 29))  # Sunday


def test_public_holiday_and_makeup_working_day(cn2026):
	assert not cn2026.is_working_day(D(2026, 10, 1))  # National Day, a Thursday
	assert not cn2026.is_working_day(D(2026, 2, 17))  # Spring Festival
	assert cn2026.is_working_day(D(2026, 2, 14))  # Saturday, make-up working day
	assert cn2026.is_working_day(D(2026, 10, 10))  # Saturday, make-up working day


def test_official_year_names_days():
	year = official_year(2026)
	assert year.official
	assert year.holidays[D(2026, 10, 1)] == "National Day"
	assert D(2026, 2, 14) in year.makeup_workdays
	assert all(d.year == 2026 for d in year.holidays)


def test_unknown_year_falls_back_to_weekends():
	with pytest.raises(UnknownYear):
		official_year(2099)
	year = year_or_weekends(2099)
	assert not year.official and not year.holidays and not year.makeup_workdays


def test_add_working_days_skips_holiday_week(cn2026):
	# Tuesday 29 Sep 2026 + 5: 30 Sep, (1-7 Oct National Day), 8 Oct, 9 Oct, Sat 10 Oct (make-up), 12 Oct
	assert cn2026.add_working_days(D(2026, 9, 29), 5) == D(2026, 10, 12)


def test_makeup_working_day_counts(cn2026):
	# Friday 13 Feb 2026 + 1 working day is Saturday 14 Feb, a make-up working day
	assert cn2026.add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 14)
	plain = WorkingCalendar.build()
	assert plain.add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 16)


def test_start_day_not_counted_and_zero():
	cal = WorkingCalendar.build()
	assert cal.add_working_days(D(2026, 11, 23), 0) == D(2026, 11, 23)
	assert cal.add_working_days(D(2026, 11, 23), 1) == D(2026, 11, 24)
	assert cal.add_working_days(D(2026, 11, 27), 1) == D(2026, 11, 30)


def test_year_boundary():
	y25, y26 = official_year(2025), official_year(2026)
	cal = WorkingCalendar.build(
		holidays={**y25.holidays, **y26.holidays},
		makeup_workdays={**y25.makeup_workdays, **y26.makeup_workdays},
	)
	# Wednesday 31 Dec 2025: 1-3 Jan 2026 are New Year holidays, Sunday 4 Jan is a make-up working day
	assert cal.add_working_days(D(2025, 12, 31), 1) == D(2026, 1, 4)
	assert cal.working_days_between(D(2025, 12, 30), D(2026, 1, 5)) == 3


def test_excluded_ranges_pause_the_count():
	cal = WorkingCalendar.build()
	no_pause = cal.add_working_days(D(2026, 11, 2), 10)
	paused = cal.add_working_days(D(2026, 11, 2), 10, excluded=[(D(2026, 11, 9), D(2026, 11, 13))])
	assert no_pause == D(2026, 11, 16)
	assert paused == D(2026, 11, 23)


def test_negative_count_refused():
	with pytest.raises(ValueError):
		WorkingCalendar.build().add_working_days(D(2026, 1, 1), -1)


def test_next_working_day(cn2026):
	assert cn2026.next_working_day(D(2026, 10, 1)) == D(2026, 10, 8)
	assert cn2026.next_working_day(D(2026, 11, 23)) == D(2026, 11, 23)
