"""Responsibility findings, suggestions, rectification and evaluation rules (no site needed)."""

from datetime import date

from xinfang_app.rules import accountability as acc

OFFICER, HANDLER, HEAD, LEADER = (
	["Petition Officer"],
	["Case Handler"],
	["Department Head"],
	["Hospital Leader"],
)


def read(
	roles,
	user="u@x",
	units=(),
	kind="Appeal",
	unit="心内科",
	handler=None,
	named_units=(),
	named_users=(),
	own=False,
):
	return acc.may_read_finding(
		roles,
		user,
		units,
		matter_kind=kind,
		department_concerned=unit,
		petition_handler=handler,
		named_units=named_units,
		named_users=named_users,
		staff_see_own=own,
	)


def test_points_and_substantiation():
	assert (
		acc.substantiated(acc.PRIMARY)
		and not acc.substantiated(acc.NONE)
		and not acc.substantiated(acc.PENDING)
	)
	assert acc.points([acc.FULL, acc.PRIMARY, acc.SECONDARY, acc.NONE, acc.PENDING, None]) == 2.0
	assert acc.points([acc.FULL, acc.SECONDARY], {acc.FULL: 2, acc.SECONDARY: 0.5}) == 2.5
	assert acc.tally([acc.FULL, acc.FULL, acc.NONE])[acc.FULL] == 2


def test_a_finding_on_a_report_is_never_read_by_those_it_names():
	# the unit reported on, whatever the role, except the petition office
	assert not read(LEADER, units=["心内科"], kind="Report")
	assert read(OFFICER, units=["心内科"], kind="Report")
	# a unit named in the finding
	assert not read(HEAD, units=["药剂科"], kind="Report", named_units=["药剂科"])
	# a member of staff named, even an officer
	assert not read(OFFICER, user="doc@x", kind="Report", named_users=["doc@x"])
	assert read(LEADER, units=["医务科"], kind="Report", named_units=["药剂科"])


def test_who_reads_a_finding_on_an_ordinary_complaint():
	assert read(LEADER, units=["心内科"])
	assert read(HEAD, units=["心内科"], named_units=["心内科"])
	assert not read(HEAD, units=["护理部"], named_units=["心内科"])
	assert read(HANDLER, user="h@x", handler="h@x")
	assert not read(HANDLER, user="doc@x", named_users=["doc@x"])
	assert read(HANDLER, user="doc@x", named_users=["doc@x"], own=True)
	assert not read(HANDLER, user="doc@x", kind="Report", unit="药剂科", named_users=["doc@x"], own=True)
	assert not read([], user="doc@x", named_users=["doc@x"])


def test_suggestion_answers_and_adoption():
	assert acc.reply_due(date(2026, 1, 31), 30) == date(2026, 3, 2)
	assert acc.answer_problem(None, "", "") == "answer"
	assert acc.answer_problem(acc.NOT_ADOPTED, " ", "") == "reason"
	assert acc.answer_problem(acc.NOT_ADOPTED, "经费不足", "") is None
	assert acc.answer_problem(acc.PARTLY_ADOPTED, "部分不可行", "") == "measures"
	assert acc.answer_problem(acc.ADOPTED, "", "已修订制度") is None
	assert acc.adoption_rate([acc.ADOPTED, acc.PARTLY_ADOPTED, acc.NOT_ADOPTED, None]) == 50.0
	assert acc.adoption_rate([None]) is None


def test_rectification_items_and_recurrence():
	assert acc.item_status_after_verification("Passed") == acc.PASSED
	assert acc.item_status_after_verification("Failed") == acc.OPEN
	assert acc.completion([acc.PASSED, acc.OPEN, acc.PASSED, acc.SUBMITTED]) == (2, 4, 50.0)
	assert acc.completion([]) == (0, 0, None)
	received = [
		("A", date(2026, 3, 1)),
		("B", date(2026, 3, 2)),
		("C", date(2026, 5, 31)),
		("D", date(2026, 6, 1)),
	]
	names, end, running = acc.recurrences(date(2026, 3, 1), 91, received, today=date(2026, 4, 1))
	assert (names, end, running) == (["B", "C"], date(2026, 5, 31), True)
	assert acc.recurrences(None, 90, received) == ([], None, False)
	assert acc.recurrences(date(2026, 3, 1), 91, received, today=date(2026, 6, 1))[2] is False


def test_periods_scores_and_ranking():
	assert acc.period_bounds("Month", 2024, 2) == (date(2024, 2, 1), date(2024, 2, 29))
	assert acc.period_bounds("Month", 2025, 12) == (date(2025, 12, 1), date(2025, 12, 31))
	assert acc.period_bounds("Quarter", 2025, 4) == (date(2025, 10, 1), date(2025, 12, 31))
	assert acc.period_bounds("Year", 2025) == (date(2025, 1, 1), date(2025, 12, 31))
	assert acc.rate(1, 3) == 33.3 and acc.rate(0, 0) is None
	targets = {"timeliness": 98, "satisfaction": 90, "rectification": 100, "adoption": 90}
	row = {"timeliness": 50.0, "satisfaction": 100.0, "rectification": None, "adoption": 80.0, "points": 1.7}
	# 100 - (10 + 5) (timeliness: half short of 100 %, below target) - (4 + 5) (adoption) - 8.5 (points)
	assert acc.unit_score(row, targets) == 67.5
	ranked = acc.rank(
		[
			{"unit": "乙", "score": 90},
			{"unit": "甲", "score": 95},
			{"unit": "丙", "score": 90},
			{"unit": "丁", "score": 80},
		]
	)
	assert [(r["unit"], r["rank"]) for r in ranked] == [("甲", 1), ("丙", 2), ("乙", 2), ("丁", 4)]


def test_an_evaluation_row_from_counts():
	targets = {"timeliness": 98, "satisfaction": 90, "rectification": 100, "adoption": 90}
	counts = {
		"received": 4,
		"substantiated": 2,
		"points": 1.7,
		"repeat": 1,
		"escalated": 1,
		"on_time": 1,
		"concluded": 2,
		"satisfied": 1,
		"rated": 2,
		"items_passed": 1,
		"items_due": 2,
		"answers": [acc.PARTLY_ADOPTED],
	}
	row = acc.evaluation_row("心内科", counts, targets)
	assert row == {
		"unit": "心内科",
		"received": 4,
		"substantiated": 2,
		"points": 1.7,
		"repeat": 1,
		"escalated": 1,
		"timeliness": 50.0,
		"satisfaction": 50.0,
		"rectification": 50.0,
		"adoption": 50.0,
		# 100 - 4 × (10 + 5) - 8.5
		"score": 31.5,
	}
	empty = acc.evaluation_row("药剂科", {}, targets)
	assert (empty["timeliness"], empty["adoption"], empty["score"]) == (None, None, 100.0)


def test_the_score_separates_units_by_satisfaction_timeliness_and_findings():
	targets = {"timeliness": 100, "satisfaction": 90, "rectification": 100, "adoption": 90}
	pleased = acc.evaluation_row("甲", {"received": 3, "satisfied": 3, "rated": 3}, targets)
	displeased = acc.evaluation_row("乙", {"received": 3, "satisfied": 0, "rated": 3}, targets)
	# every point of satisfaction short of 100 % costs 0.2, and missing the target 5 more
	assert (pleased["score"], displeased["score"]) == (100.0, 75.0)
	ranked = acc.rank([displeased, pleased])
	assert [(r["unit"], r["rank"]) for r in ranked] == [("甲", 1), ("乙", 2)]
	# a rate counts even when no target is set
	assert acc.unit_score({"satisfaction": 0.0}, {}) == 80.0
	assert acc.unit_score({"satisfaction": 95.0}, {"satisfaction": 90}) == 99.0
	# timeliness counts
	late = acc.evaluation_row("丙", {"received": 2, "concluded": 2, "on_time": 1}, targets)
	assert late["score"] == 85.0
	# findings count: each weighted responsibility point costs 5
	weights = {acc.FULL: 1, acc.PRIMARY: 0.7, acc.SECONDARY: 0.3}
	found = acc.evaluation_row("丁", {"received": 1, "points": acc.points([acc.PRIMARY], weights)}, targets)
	assert found["score"] == 96.5
	# nothing to measure costs nothing; the score never goes below 0
	assert acc.evaluation_row("戊", {}, targets)["score"] == 100.0
	assert acc.unit_score({"points": 30}, targets) == 0.0
	assert acc.DEFAULT_TARGETS["satisfaction"] == 90.0


def test_hr_reads_findings_but_not_a_report_finding_that_names_them():
	hr = ["HR Manager"]
	assert read(hr, user="hr@x", units=["人事科"])
	assert read(hr, user="hr@x", units=["人事科"], kind="Report", named_units=["心内科"])
	assert not read(hr, user="hr@x", units=["心内科"], kind="Report", unit="心内科")
	assert not read(hr, user="hr@x", kind="Report", named_users=["hr@x"])
