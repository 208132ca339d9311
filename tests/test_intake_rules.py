"""The submission keys that make copies of one submission one petition (xinfang_app/rules/intake.py)."""

from __future__ import annotations

import datetime as dt

from xinfang_app.rules import intake

PHONE = intake.petitioner_identity("13811112222", None, None)
MATTER = intake.matter_fingerprint("门诊多收费", "退还多收的费用", None)
AT = dt.datetime(2026, 12, 31, 23, 58, 30)


def test_spacing_escaping_and_width_do_not_make_another_matter():
	assert intake.matter_fingerprint("门诊 多收费 ", "退还&lt;费用&gt;", "") == intake.matter_fingerprint(
		"门诊 多收费", "退还<费用>", None
	)
	assert intake.normalise_text("ＡＢＣ\u3000 １２") == "ABC 12"
	# everything else the petitioner gave counts too: a changed address is not a copy
	assert intake.matter_fingerprint("a", "b", "c", "Appeal", "王芳", "北京") != intake.matter_fingerprint(
		"a", "b", "c", "Appeal", "王芳", "上海"
	)
	assert intake.matter_fingerprint("门诊多收费", "退还费用", None) != intake.matter_fingerprint(
		"门诊多收费", "要求道歉", None
	)


def test_identity_is_the_phone_then_the_id_number_then_the_mail_and_nothing_for_an_anonymous_one():
	assert PHONE == "phone:13811112222"
	assert intake.petitioner_identity("", "11010519491231002x", "a@b.c") == "id:11010519491231002X"
	assert intake.petitioner_identity(None, None, " Li@Patient.TEST ") == "email:li@patient.test"
	assert intake.petitioner_identity(None, None, None) == ""


def test_a_client_key_is_the_same_only_for_the_same_form_and_matter():
	one = intake.client_key("abc123", PHONE, MATTER)
	assert one == intake.client_key("abc123", PHONE, MATTER)
	assert len(one) == intake.KEY_LENGTH
	assert one != intake.client_key("abc124", PHONE, MATTER)
	assert one != intake.client_key("abc123", PHONE, intake.matter_fingerprint("别的事", "x", None))
	assert one != intake.desk_key("officer@x", "abc123", MATTER)


def test_a_client_key_must_be_short_and_plain():
	assert intake.clean_client_key(" 0f3a-9b:x_y.z ") == "0f3a-9b:x_y.z"
	for bad in (None, "", "a b", "<script>", "x" * 101, "键"):
		assert intake.clean_client_key(bad) == ""


def test_the_content_key_is_the_same_within_a_window_and_changes_for_a_repeat_after_an_answer():
	key = intake.content_key(PHONE, MATTER, AT, 10)
	assert key == intake.content_key(PHONE, MATTER, AT.replace(minute=51), 10)
	assert key != intake.content_key(PHONE, MATTER, AT + dt.timedelta(minutes=10), 10)
	assert key != intake.content_key(PHONE, MATTER, AT, 10, after="XF-2026-00001")
	# windows are counted from midnight, also across the year's end
	assert intake.window_start(AT, 10) == dt.datetime(2026, 12, 31, 23, 50)
	assert intake.window_start(AT + dt.timedelta(minutes=2), 10) == dt.datetime(2027, 1, 1, 0, 0)
	assert intake.window_start(AT, 0) == AT.replace(second=0)


def test_a_copy_is_the_same_petitioner_and_matter_within_the_window():
	later = AT + dt.timedelta(minutes=9)
	assert intake.is_copy(PHONE, MATTER, later, PHONE, MATTER, AT, 10)
	assert intake.is_copy(PHONE, MATTER, AT, PHONE, MATTER, later, 10)
	assert not intake.is_copy(PHONE, MATTER, AT + dt.timedelta(minutes=11), PHONE, MATTER, AT, 10)
	assert not intake.is_copy(PHONE, MATTER, later, "phone:13900000000", MATTER, AT, 10)
	other = intake.matter_fingerprint("建议增加停车位", "停车难", None)
	assert not intake.is_copy(PHONE, other, later, PHONE, MATTER, AT, 10)
	assert not intake.is_copy("", MATTER, later, "", MATTER, AT, 10)


def test_a_mail_is_known_by_its_message_id_or_else_by_what_it_says_and_when():
	assert intake.mail_key("<ABC@x>", "a@b", "d", "s", "t") == intake.mail_key("abc@x", "c@d", "e", "f", "g")
	assert intake.mail_key("", "a@b", "Mon, 1 Dec 2026", "s", "t") == intake.mail_key(
		None, "A@B", "Mon, 1 Dec 2026", "s", " t "
	)
	assert intake.mail_key("", "a@b", "Mon, 1 Dec 2026", "s", "t") != intake.mail_key(
		"", "a@b", "Tue, 2 Dec 2026", "s", "t"
	)
