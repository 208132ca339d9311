"""Historical petitions from a ledger: the date forms of Chinese ledgers, the decision a state implies,
the dates a final state needs and their order."""

import datetime as dt

from xinfang_app.rules import history


def test_chinese_date_forms():
	day = dt.date(2025, 3, 4)
	for text in ("2025-03-04", "2025/3/4", "2025.3.4", "2025年3月4日", " 2025 年 3 月 4 日 "):
		assert history.parse_date(text) == day, text
	assert history.parse_date("2025/3/4 9:30") == dt.datetime(2025, 3, 4, 9, 30)
	assert history.parse_date("2025-03-04 09:30:15") == dt.datetime(2025, 3, 4, 9, 30, 15)
	assert history.parse_date("2025年3月4日 9时30分") == dt.datetime(2025, 3, 4, 9, 30)
	assert history.parse_date(day) == day


def test_impossible_or_foreign_dates_are_not_guessed():
	for text in ("2025年2月30日", "04/03/2025", "三月四日", "", None, "2025-13-01"):
		assert history.parse_date(text) is None, text


def test_decision_follows_the_state_or_the_acceptance_date():
	assert history.decision_for("Not Accepted", None, None) == "Not Accepted"
	assert history.decision_for("Transferred", None, None) == "Transferred"
	assert history.decision_for("Concluded", None, dt.date(2025, 3, 6)) == "Accepted"
	assert history.decision_for("Archived", "Redirected", None) == "Redirected"
	assert history.decision_for("Registered", None, None) is None


def test_final_states_need_their_dates():
	assert history.required_dates("Concluded", "Accepted") == ["accepted_on", "concluded_on"]
	assert history.required_dates("Replied", "Accepted") == ["accepted_on", "replied_on"]
	assert history.required_dates("Closed", "Accepted") == ["accepted_on", "concluded_on"]
	assert history.required_dates("Closed", "Not Accepted") == ["notice_sent_on"]
	assert history.required_dates("Open", None) == []
	assert history.missing_dates("Concluded", "Accepted", {"accepted_on": dt.date(2025, 3, 6)}) == [
		"concluded_on"
	]


def test_dates_follow_each_other():
	received, today = dt.date(2025, 3, 4), dt.date(2026, 1, 1)
	good = {"accepted_on": dt.date(2025, 3, 6), "replied_on": dt.date(2025, 4, 20)}
	assert history.misordered_dates(received, good, today) == []
	early = {"accepted_on": dt.date(2025, 3, 1)}
	assert history.misordered_dates(received, early, today) == [("accepted_on", "received_at")]
	backwards = {"accepted_on": dt.date(2025, 3, 6), "concluded_on": dt.date(2025, 3, 5)}
	assert ("concluded_on", "accepted_on") in history.misordered_dates(received, backwards, today)
	future = {"concluded_on": dt.date(2026, 2, 1)}
	assert history.misordered_dates(received, future, today) == [("today", "concluded_on")]


def test_a_historical_mediation_needs_what_its_state_stands_for():
	agreed = {
		"accepted_on": dt.date(2025, 3, 12),
		"outcome": "Agreement",
		"agreement_date": dt.date(2025, 4, 10),
	}
	assert history.mediation_missing("Agreement Reached", agreed) == []
	assert history.mediation_missing("Agreement Reached", {"accepted_on": dt.date(2025, 3, 12)}) == [
		"outcome",
		"agreement_date",
	]
	assert history.mediation_missing("Agreement Reached", {**agreed, "outcome": "Failed"}) == ["outcome"]
	assert history.mediation_missing("Mediation Failed", {"accepted_on": dt.date(2025, 3, 12)}) == [
		"outcome",
		"concluded_on",
	]
	assert history.mediation_missing("Mediation Refused", {}) == ["refusal_reason"]
	assert history.mediation_missing("Mediation Closed", {"refusal_reason": "不属于调解范围"}) == []
	assert history.mediation_missing("Mediation Closed", {"outcome": "Agreement"}) == ["agreement_date"]
	assert history.mediation_missing("Applied for Mediation", {}) == []
