import datetime as dt

import pytest

from xinfang_app.rules import deadlines as dl
from xinfang_app.rules.calendar import WorkingCalendar, official_year

D = dt.date
LIMITS = dl.TimeLimits()


@pytest.fixture(scope="module")
def cn():
	y25, y26 = official_year(2025), official_year(2026)
	return WorkingCalendar.build(
		holidays={**y25.holidays, **y26.holidays},
		makeup_workdays={**y25.makeup_workdays, **y26.makeup_workdays},
	)


def test_defaults_are_the_statutory_limits():
	assert (LIMITS.notice_days, LIMITS.conclude_days, LIMITS.max_extension_days) == (15, 60, 30)
	assert (LIMITS.review_request_days, LIMITS.review_answer_days) == (30, 30)
	assert (LIMITS.mediation_working_days, LIMITS.mediation_decision_working_days) == (30, 5)
	assert (LIMITS.objection_working_days, LIMITS.transfer_feedback_days, LIMITS.record_unseal_years) == (
		5,
		7,
		3,
	)
	assert (LIMITS.complaint_feedback_working_days, LIMITS.complaint_multi_department_working_days) == (5, 10)


def test_limits_from_settings_keep_defaults_for_blanks():
	limits = dl.TimeLimits.from_mapping(
		{"notice_days": "10", "conclude_days": None, "roll_to_working_day": 0}
	)
	assert limits.notice_days == 10 and limits.conclude_days == 60 and limits.roll_to_working_day is False


def test_notice_due_is_received_plus_15_days():
	assert dl.notice_due(D(2026, 11, 2), LIMITS) == D(2026, 11, 17)


def test_calendar_day_period_ending_on_holiday_rolls_forward(cn):
	# 16 Sep + 15 days = 1 Oct (National Day): the period ends on the next working day, 8 Oct
	assert dl.notice_due(D(2026, 9, 16), LIMITS, cn) == D(2026, 10, 8)
	assert dl.notice_due(D(2026, 9, 16), dl.TimeLimits(roll_to_working_day=False), cn) == D(2026, 10, 1)


def test_conclude_due_60_days_plus_extension_and_pause():
	assert dl.conclude_due(D(2026, 3, 2), LIMITS) == D(2026, 5, 1)
	assert dl.conclude_due(D(2026, 3, 2), LIMITS, extension_days=30) == D(2026, 5, 31)
	assert dl.conclude_due(D(2026, 3, 2), LIMITS, extension_days=10, paused_days=5) == D(2026, 5, 16)


def test_extension_over_30_days_refused():
	dl.check_extension(30, LIMITS)
	with pytest.raises(dl.ExtensionTooLong):
		dl.check_extension(31, LIMITS)
	with pytest.raises(dl.ExtensionTooLong):
		dl.conclude_due(D(2026, 3, 2), LIMITS, extension_days=31)
	with pytest.raises(dl.ExtensionTooLong):
		dl.check_extension(-1, LIMITS)


def test_review_window_30_days_from_reply():
	replied = D(2026, 6, 1)
	assert dl.review_request_deadline(replied, LIMITS) == D(2026, 7, 1)
	dl.check_review_request(replied, D(2026, 7, 1), LIMITS)
	with pytest.raises(dl.ReviewTooLate):
		dl.check_review_request(replied, D(2026, 7, 2), LIMITS)
	with pytest.raises(dl.ReviewTooLate):
		dl.check_review_request(None, D(2026, 7, 2), LIMITS)


def test_review_answer_excludes_hearing():
	assert dl.review_answer_due(D(2026, 6, 1), LIMITS) == D(2026, 7, 1)
	assert dl.review_answer_due(D(2026, 6, 1), LIMITS, hearing_days=7) == D(2026, 7, 8)


def test_review_chain_stops_after_re_review():
	assert dl.next_review_stage("Original") == "Review"
	assert dl.next_review_stage(None) == "Review"
	assert dl.next_review_stage("Review") == "Re-review"
	assert dl.next_review_stage("Re-review") is None


def test_working_day_limits(cn):
	# received Friday 25 Sep 2026: 5 working days = 28, 29, 30 Sep, 8, 9 Oct
	assert dl.objection_due(D(2026, 9, 25), LIMITS, cn) == D(2026, 10, 9)
	assert dl.complaint_feedback_due(D(2026, 9, 25), LIMITS, cn) == D(2026, 10, 9)
	assert dl.complaint_feedback_due(D(2026, 9, 25), LIMITS, cn, several_departments=True) == D(
		2026, 10, 15
	)  # Sat 10 Oct works
	assert dl.mediation_decision_due(D(2026, 9, 25), LIMITS, cn) == D(2026, 10, 9)


def test_mediation_30_working_days_with_appraisal_pause_and_makeup_day(cn):
	# accepted Monday 2 Feb 2026: Spring Festival 15-23 Feb off, Saturdays 14 and 28 Feb are working
	base = dl.mediation_due(D(2026, 2, 2), LIMITS, cn)
	assert cn.working_days_between(D(2026, 2, 2), base) == 30
	assert base == D(2026, 3, 20)
	paused = dl.mediation_due(D(2026, 2, 2), LIMITS, cn, paused=[(D(2026, 3, 2), D(2026, 3, 6))])
	assert paused == D(2026, 3, 27)


def test_unseal_after_three_years():
	assert dl.unseal_date(D(2026, 5, 20), LIMITS) == D(2029, 5, 20)
	assert dl.unseal_date(D(2028, 2, 29), LIMITS) == D(2031, 2, 28)


@pytest.mark.parametrize(
	"deadline,stopped,expected",
	[
		(D(2026, 11, 22), None, "Overdue"),
		(D(2026, 11, 23), None, "Due Soon"),
		(D(2026, 11, 26), None, "Due Soon"),
		(D(2026, 11, 27), None, "On Track"),
		(D(2026, 11, 20), D(2026, 11, 20), "Met"),
		(D(2026, 11, 20), D(2026, 11, 21), "Missed"),
		(None, None, None),
	],
)
def test_deadline_status(deadline, stopped, expected):
	assert dl.deadline_status(deadline, D(2026, 11, 23), 3, stopped) == expected


def test_status_bounds_match_status():
	today = D(2026, 11, 23)
	overdue_before, due_soon_until = dl.status_bounds(today, 3)
	assert overdue_before == today and due_soon_until == D(2026, 11, 26)
