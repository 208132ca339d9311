from xinfang_app.rules import kpi, topics


def test_rate_and_targets():
	assert kpi.rate(49, 50) == 98.0
	assert kpi.rate(1, 3) == 33.3
	assert kpi.rate(0, 0) is None
	first = next(k for k in kpi.KPIS if k.key == "first_conclusion")
	assert kpi.meets(first, 98.0, 98.0) is True
	assert kpi.meets(first, 97.9, 98.0) is False
	repeat = next(k for k in kpi.KPIS if k.key == "repeat_rate")
	assert kpi.meets(repeat, 5.0, 8.0) is True
	assert kpi.meets(repeat, None, 8.0) is None


def test_default_targets_from_the_design():
	targets = {k.key: k.default_target for k in kpi.KPIS}
	assert targets["first_conclusion"] == 98.0
	assert targets["assigned_conclusion"] == 100.0
	assert targets["settled"] == 95.0
	assert targets["old_case_resolution"] == 85.0
	assert targets["satisfaction"] == 90.0


def test_scorecard_rows():
	counts = {
		"decided": 10,
		"decided_in_time": 9,
		"received": 20,
		"repeats": 2,
		"rated": 4,
		"satisfied": 3,
		"replied": 8,
	}
	rows = {r["kpi"]: r for r in kpi.scorecard(counts, {"timely_acceptance": 100.0, "repeat_rate": 10.0})}
	assert rows["timely_acceptance"]["rate"] == 90.0 and rows["timely_acceptance"]["meets"] is False
	assert rows["repeat_rate"]["rate"] == 10.0 and rows["repeat_rate"]["meets"] is True
	assert rows["satisfaction"]["rate"] == 75.0
	assert rows["rating_participation"]["rate"] == 50.0
	assert rows["settled"]["rate"] is None


def test_hot_terms_count_once_per_petition_without_stopwords():
	got = dict(topics.terms(["心内科护士态度恶劣，护士不理人", "心内科收费太贵", "停车难的问题"], top=20))
	assert got["心内科"] == 2
	assert got["护士"] == 1
	assert "问题" not in got


def test_terms_rank_ties_the_same_way_whatever_the_order():
	from xinfang_app.rules.topics import terms

	texts = ["门诊收费过高", "住院护理态度差", "门诊排队时间过长", "护理服务态度差", "收费不透明"]
	first = terms(texts, top=3)
	assert first == terms(list(reversed(texts)), top=3)
	counts = [count for _term, count in first]
	assert counts == sorted(counts, reverse=True)
	tied = [term for term, count in terms(texts, top=50) if count == counts[-1]]
	assert tied == sorted(tied)
