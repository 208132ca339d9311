"""Which mail to the petition mailbox is a petition, and which milestones a save reaches (no site)."""

import datetime as dt

from xinfang_app.rules import mail, milestones
from xinfang_app.rules.repeat import Candidate, PetitionerKey, find_original


def test_a_plain_mail_is_a_petition():
	assert mail.screen({}, "liming@patient.test", "投诉门诊收费", "请求退还多收费用") is None


def test_bounces_are_recognised_by_sender_null_return_path_report_or_subject():
	assert mail.screen({}, "MAILER-DAEMON@mx.test", "Hi", "text") == mail.BOUNCE
	assert mail.screen({"return-path": "<>"}, "x@y.test", "Hi", "text") == mail.BOUNCE
	report = {"content-type": 'multipart/report; report-type="delivery-status"'}
	assert mail.screen(report, "x@y.test", "Hi", "text") == mail.BOUNCE
	assert mail.screen({}, "x@y.test", "Undelivered Mail Returned to Sender", "text") == mail.BOUNCE
	assert mail.screen({}, "x@y.test", "系统退信", "text") == mail.BOUNCE
	assert mail.screen({"return-path": "<x@y.test>"}, "x@y.test", "投诉", "text") is None


def test_automatic_replies_are_recognised_by_header_or_subject():
	assert mail.screen({"auto-submitted": "auto-replied"}, "x@y.test", "Re", "away") == mail.AUTO_REPLY
	assert mail.screen({"auto-submitted": "no"}, "x@y.test", "投诉", "text") is None
	assert mail.screen({"x-autoreply": "yes"}, "x@y.test", "Re", "away") == mail.AUTO_REPLY
	assert mail.screen({"precedence": "bulk"}, "x@y.test", "News", "text") == mail.AUTO_REPLY
	assert mail.screen({}, "x@y.test", "自动回复：您的来信", "text") == mail.AUTO_REPLY
	assert mail.screen({}, "x@y.test", "Out of Office: back Monday", "text") == mail.AUTO_REPLY


def test_mail_without_text_or_attachment_is_blank():
	assert mail.screen({}, "x@y.test", "No Subject", "") == mail.BLANK
	assert mail.screen({}, "x@y.test", "No Subject", "<div><br>&nbsp;</div>") == mail.BLANK
	assert mail.screen({}, "x@y.test", "No Subject", "[Blank Email]") == mail.BLANK
	assert mail.screen({}, "x@y.test", "扫描件", "", attachments=1) is None


def test_milestones_of_a_save():
	new = {"tracking_code": "ABC", "acceptance": None}
	assert milestones.reached(None, new) == [milestones.REGISTERED]
	assert milestones.reached(new, {**new, "acceptance": "Accepted"}) == [milestones.ACCEPTANCE_DECIDED]
	accepted = {**new, "acceptance": "Accepted"}
	assert milestones.reached(accepted, accepted) == []
	assert milestones.reached(accepted, {**accepted, "extension_days": 10}) == [milestones.EXTENDED]
	assert milestones.reached({**accepted, "extension_days": 10}, {**accepted, "extension_days": 10}) == []
	replied = {**accepted, "replied_on": "2026-11-23", "review_stage": "Original"}
	assert milestones.reached(accepted, replied) == [milestones.REPLIED]
	review = {**replied, "review_stage": "Review"}
	assert milestones.reached({**review, "replied_on": None}, review) == [milestones.REVIEW_DECIDED]
	assert set(milestones.METHODS) == {
		milestones.REGISTERED,
		milestones.ACCEPTANCE_DECIDED,
		milestones.EXTENDED,
		milestones.REPLIED,
		milestones.REVIEW_DECIDED,
	}


def test_the_same_email_address_is_the_same_petitioner():
	key = PetitionerKey.of(email=" LiMing@Patient.test ")
	assert key.email == "liming@patient.test" and not key.is_empty()
	assert key.matches(PetitionerKey.of(email="liming@patient.test"))
	assert not key.matches(PetitionerKey.of(email="other@patient.test"))
	earlier = Candidate(
		name="XF-2026-00001",
		key=PetitionerKey.of(email="liming@patient.test"),
		matter="投诉门诊收费不合理 门诊重复收费200元，请求退还。",
		received=dt.date(2026, 11, 1),
	)
	found = find_original(
		key,
		"再次投诉门诊收费不合理 门诊重复收费200元至今未退还",
		dt.date(2026, 11, 20),
		[earlier],
		window_days=180,
	)
	assert found is earlier
