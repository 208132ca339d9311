import datetime as dt

import pytest

from xinfang_app.rules import mediation as med
from xinfang_app.rules.calendar import WorkingCalendar, official_year
from xinfang_app.rules.deadlines import TimeLimits

D = dt.date
LIMITS = TimeLimits()


@pytest.fixture(scope="module")
def cn():
	y = official_year(2026)
	return WorkingCalendar.build(holidays=y.holidays, makeup_workdays=y.makeup_workdays)


def test_five_representatives_per_side_in_negotiation():
	five = [("Patient Side", "Representative")] * 5 + [("Patient Side", "Party")]
	assert med.representatives_over_limit(med.NEGOTIATION, five) == {}
	six = [*five, ("Patient Side", "Agent")]
	assert med.representatives_over_limit(med.NEGOTIATION, six) == {"Patient Side": 6}
	assert med.representatives_over_limit(med.PEOPLES, six) == {}


def test_administrative_mediation_decides_in_5_working_days(cn):
	# applied Thursday 12 Feb 2026: 13 Feb, Sat 14 Feb (make-up), 24, 25, 26 Feb (Spring Festival 15-23 off)
	result = med.mediation_deadlines(med.ADMINISTRATIVE, D(2026, 2, 12), None, cn, LIMITS)
	assert result.decision_due == D(2026, 2, 26)
	assert result.due_date is None
	assert med.mediation_deadlines(med.PEOPLES, D(2026, 2, 12), None, cn, LIMITS).decision_due is None


def test_30_working_days_with_appraisal_pause(cn):
	plain = med.mediation_deadlines(med.PEOPLES, D(2026, 1, 20), D(2026, 2, 2), cn, LIMITS)
	assert plain.due_date == D(2026, 3, 20)
	pause = med.appraisal_pause(D(2026, 3, 2), D(2026, 3, 6), D(2026, 11, 23))
	paused = med.mediation_deadlines(med.PEOPLES, D(2026, 1, 20), D(2026, 2, 2), cn, LIMITS, pause)
	assert paused.due_date == D(2026, 3, 27)
	assert paused.paused_working_days == 5
	extended = med.mediation_deadlines(med.PEOPLES, D(2026, 1, 20), D(2026, 2, 2), cn, LIMITS, pause, 3)
	assert extended.due_date == D(2026, 4, 1)


def test_running_appraisal_pauses_until_today():
	assert med.appraisal_pause(D(2026, 3, 2), None, D(2026, 3, 9)) == [(D(2026, 3, 2), D(2026, 3, 9))]
	assert med.appraisal_pause(None, None, D(2026, 3, 9)) == []


def test_negotiation_and_court_have_no_mediation_clock(cn):
	for route in (med.NEGOTIATION, med.JUDICIAL):
		result = med.mediation_deadlines(route, D(2026, 3, 1), D(2026, 3, 2), cn, LIMITS)
		assert (result.decision_due, result.due_date) == (None, None)


def test_status():
	today = D(2026, 11, 23)
	assert med.mediation_status(D(2026, 11, 20), today, 3) == "Overdue"
	assert med.mediation_status(D(2026, 11, 20), today, 3, in_appraisal=True) == "Paused"
	assert med.mediation_status(D(2026, 11, 20), today, 3, concluded_on=D(2026, 11, 19)) == "Met"
	assert med.mediation_status(None, today, 3) is None
