from xinfang_app.rules import reply_lock as rl


def test_locked_in_replied_and_concluded_categories_whatever_the_state_is_called():
	assert rl.reply_locked("Replied") and rl.reply_locked("Concluded")
	for clock in ("Open", "Start", "Paused", None, ""):
		assert not rl.reply_locked(clock, "2026-12-01")


def test_closed_state_locks_only_a_reply_given():
	assert rl.reply_locked("Closed", "2026-12-01")
	assert not rl.reply_locked("Closed", None)


def test_changed_fields_are_the_opinion_fields_only():
	before = {
		"reply": "已整改。",
		"outcome": "Supported",
		"legal_basis": None,
		"findings": "属实",
		"subject": "a",
	}
	assert rl.changed_fields(before, {**before, "subject": "b", "legal_basis": ""}) == []
	assert rl.changed_fields(before, {**before, "reply": "已整改，并道歉。 "}) == ["reply"]
	assert rl.changed_fields(before, {**before, "outcome": "Explained", "findings": None}) == [
		"findings",
		"outcome",
	]
	assert set(rl.LOCKED_FIELDS) == {"findings", "outcome", "legal_basis", "reply"}
