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


def test_the_review_route_is_one_sentence_for_the_opinion_the_portal_and_the_tracking_page():
	hospital = rr.review_route(rr.HOSPITAL, "Original", "示例市第一人民医院", None, None)
	assert hospital.files_here and hospital.stage == "Review"
	assert hospital.authority == "示例市第一人民医院" and not hospital.address
	assert rr.opinion_sentence(hospital, 30) == (
		"如对本处理意见不服，可以自收到本意见书之日起三十日内向示例市第一人民医院申请复查。"
	)
	commission = rr.review_route(
		rr.COMMISSION, "Original", "示例市第一人民医院", "示例市卫生健康委员会", "示例市人民路1号"
	)
	assert not commission.files_here
	assert rr.opinion_sentence(commission, 30) == (
		"如对本处理意见不服，可以自收到本意见书之日起三十日内向示例市卫生健康委员会"
		"（地址：示例市人民路1号）请求复查。"
	)
	# a commission not named yet: the regulation's words
	unnamed = rr.review_route(rr.COMMISSION, "Original", "医院", None, None)
	assert "原办理机关的上一级机关" in rr.opinion_sentence(unnamed, 30)
	# after the hospital's own review, the re-review goes to the commission, never filed with the hospital
	second = rr.review_route(rr.HOSPITAL, "Review", "医院", "示例市卫生健康委员会", "示例市人民路1号")
	assert not second.files_here and second.stage == "Re-review"
	assert rr.opinion_sentence(second, 30) == (
		"如对本复查意见不服，可以自收到本意见书之日起三十日内向示例市卫生健康委员会"
		"（地址：示例市人民路1号）请求复核。"
	)
	final = rr.review_route(rr.HOSPITAL, "Re-review", "医院", None, None)
	assert final.stage is None and not final.files_here
	assert rr.opinion_sentence(final, 30).startswith("本复核意见为最终意见")
	assert rr.opinion_sentence(hospital, 20) == (
		"如对本处理意见不服，可以自收到本意见书之日起20日内向示例市第一人民医院申请复查。"
	)
