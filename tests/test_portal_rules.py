import datetime as dt

from xinfang_app.rules import portal

D = dt.date


def test_tracking_needs_the_last_four_digits_when_there_is_a_phone():
	assert portal.tracking_matches("138 1234 5678", "5678")
	assert not portal.tracking_matches("13812345678", "5679")
	assert not portal.tracking_matches("13812345678", "")
	assert portal.tracking_matches(None, "")
	assert not portal.tracking_matches(None, "1234")
	assert portal.normalise_code(" abcd-efgh ") == "ABCDEFGH"


def test_anonymous_only_for_suggestions_and_reports():
	assert portal.may_be_anonymous("Suggestion") and portal.may_be_anonymous("Report")
	assert not portal.may_be_anonymous("Appeal")


def test_files_by_type_and_size():
	allowed = ["pdf", "jpg", "png"]
	assert portal.file_refusal("病历.PDF", 1000, allowed, 10_000) is None
	assert portal.file_refusal("x.exe", 10, allowed, 10_000) == "type"
	assert portal.file_refusal("noext", 10, allowed, 10_000) == "type"
	assert portal.file_refusal("big.jpg", 10_001, allowed, 10_000) == "size"


def test_milestones_show_only_what_the_petitioner_may_see():
	p = {
		"received_at": "2026-10-01 09:00:00",
		"acceptance": "Accepted",
		"accepted_on": D(2026, 10, 3),
		"notice_sent_on": D(2026, 10, 3),
		"due_date": D(2026, 12, 2),
		"extension_days": 15,
		"extension_reason": "需要调取外院病历",
		"extension_approved_on": D(2026, 11, 25),
		"replied_on": D(2026, 12, 8),
		"opinion_sent_on": D(2026, 12, 10),
		"reply": "经核查，……",
		"findings": "内部调查：护士甲",
		"handler": "nurse@x",
	}
	got = portal.milestones(p, [{"received_at": "2026-12-20 10:00:00", "review_stage": "Review"}])
	assert [m.key for m in got] == [
		"registered",
		"accepted",
		"notice_sent",
		"extended",
		"replied",
		"review_requested",
	]
	assert got[3].detail == "需要调取外院病历"
	text = repr(got)
	assert "护士甲" not in text and "nurse@x" not in text


def test_not_accepted_and_transferred_notices():
	p = {
		"received_at": "2026-10-01",
		"acceptance": "Transferred",
		"acceptance_reason": "属卫健委职责",
		"transferred_to": "市卫健委",
		"notice_sent_on": "2026-10-05",
	}
	(_registered, transferred, notice) = portal.milestones(p)
	assert notice.key == "notice_sent" and str(notice.on) == "2026-10-05"
	assert transferred.key == "transferred" and "市卫健委" in transferred.detail
	assert [m.key for m in portal.milestones({**p, "notice_sent_on": None})] == ["registered"]
	# the decision taken (its state reached) but no notice sent yet: the decision alone
	untold = portal.milestones({**p, "notice_sent_on": None}, decision_final=True)
	assert [m.key for m in untold] == ["registered", "transferred"] and untold[1].on is None


def test_only_what_happened_is_told():
	draft = {"received_at": "2026-10-01 09:00:00"}
	assert [m.key for m in portal.milestones(draft, registered=False)] == ["submitted"]
	accepted = {**draft, "acceptance": "Accepted", "accepted_on": D(2026, 10, 3), "due_date": D(2026, 12, 2)}
	assert [m.key for m in portal.milestones(accepted)] == ["registered", "accepted"]
	told = portal.milestones({**accepted, "notice_sent_on": D(2026, 10, 5)})
	assert [(m.key, m.on) for m in told][1:] == [
		("accepted", D(2026, 10, 3)),
		("notice_sent", D(2026, 10, 5)),
	]
	# a decision entered but not yet taken, and a reply not yet approved, are not told
	assert [m.key for m in portal.milestones({**draft, "acceptance": "Accepted"})] == ["registered"]
	assert [m.key for m in portal.milestones({**accepted, "reply": "草稿"})] == ["registered", "accepted"]


def test_rating_and_review_window():
	p = {
		"replied_on": D(2026, 12, 1),
		"opinion_sent_on": D(2026, 12, 10),
		"matter_kind": "Appeal",
		"satisfaction": "",
	}
	assert portal.may_rate(p)
	assert not portal.may_rate({**p, "satisfaction": "Satisfied"})
	assert portal.may_request_review(p, D(2027, 1, 9), 30, False)
	assert not portal.may_request_review(p, D(2027, 1, 10), 30, False)
	assert not portal.may_request_review(p, D(2026, 12, 11), 30, True)
	assert not portal.may_request_review({**p, "review_stage": "Re-review"}, D(2026, 12, 11), 30, False)


def test_the_written_reply_is_told_once_the_opinion_went_out():
	"""An approved reply whose written opinion (处理意见书) was not delivered is not a written reply yet: no
	"written reply" line, no rating, no review window; the window runs from the recorded delivery."""
	approved = {
		"received_at": "2026-10-01 09:00:00",
		"acceptance": "Accepted",
		"accepted_on": D(2026, 10, 3),
		"replied_on": D(2026, 12, 1),
		"concluded_on": D(2026, 12, 2),
		"reply": "经核查，……",
		"matter_kind": "Appeal",
	}
	assert [m.key for m in portal.milestones(approved)] == ["registered", "accepted", "concluded"]
	assert not portal.may_rate(approved)
	assert not portal.may_request_review(approved, D(2026, 12, 3), 30, False)
	sent = {**approved, "opinion_sent_on": D(2026, 12, 20)}
	replied = [m for m in portal.milestones(sent) if m.key == "replied"]
	assert len(replied) == 1 and replied[0].on == D(2026, 12, 20)
	assert portal.may_rate(sent)
	# 30 days from the delivery, not from the approval
	assert portal.may_request_review(sent, D(2027, 1, 19), 30, False)
	assert not portal.may_request_review(sent, D(2027, 1, 20), 30, False)


def test_text_column_holds_65535_bytes():
	from xinfang_app.rules.text_limits import CHINESE_CHARACTERS_IN_TEXT, fits_text_column

	assert fits_text_column(None)
	assert fits_text_column("投" * CHINESE_CHARACTERS_IN_TEXT)
	assert not fits_text_column("投" * (CHINESE_CHARACTERS_IN_TEXT + 1))
	assert fits_text_column("a" * 65_535)
	assert not fits_text_column("a" * 65_536)
