from xinfang_app.rules import review_request as rr


def test_subject_is_chinese_and_names_the_stage_and_the_reviewed_petition():
	assert rr.review_subject("Review", "XF-2026-00012", "对护士服务态度的投诉") == (
		"复查申请（XF-2026-00012）：对护士服务态度的投诉"
	)
	assert rr.review_subject("Re-review", "XF-2026-00013", "x").startswith("复核申请（XF-2026-00013）")
	assert rr.review_subject("Review", "XF-2026-00012", None) == "复查申请（XF-2026-00012）"
	assert len(rr.review_subject("Review", "XF-2026-00012", "长" * 400)) == rr.SUBJECT_LENGTH


def test_channel_online_when_made_online_else_as_recorded():
	assert rr.review_channel("Letter", made_online=True) == "Online"
	assert rr.review_channel("Letter", made_online=False) == "Letter"
	assert rr.review_channel("Letter", made_online=False, given="Visit") == "Visit"
