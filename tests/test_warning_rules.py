from xinfang_app.rules import warning

T = warning.Thresholds(factor=2.0, minimum=5, baseline_weeks=12)


def test_baseline_per_window():
	assert warning.baseline(12, 84, 7) == 1.0
	assert warning.baseline(0, 84, 7) == 0.0
	assert warning.baseline(5, 0, 7) == 0.0


def test_rising_needs_minimum_and_factor():
	assert warning.is_rising(6, 1.0, T)
	assert not warning.is_rising(4, 0.0, T)  # below the minimum count
	assert not warning.is_rising(6, 3.0, T)  # 6 is not above 2 x 3
	assert warning.is_rising(7, 3.0, T)


def test_signature_is_stable():
	assert warning.signature("Rising Category", "收费与价格") == "Rising Category:收费与价格"
