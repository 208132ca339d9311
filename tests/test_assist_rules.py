"""The suggestions' site-free logic (xinfang_app/rules/assist.py): words, keys, BM25 and the votes."""

from collections import Counter

from xinfang_app.rules import assist


def case(name, text, category, office):
	keys = assist.term_keys(assist.words(text))
	return assist.Case(name, Counter(keys), len(keys), category, office)


HISTORY = [
	case("a", "自助机缴费扣了两次钱，要求退费", "收费与价格", "精神文明办"),
	case("b", "医保结算报销比例算错了，少报了", "收费与价格", "财务科"),
	case("c", "夜里按呼叫铃护士二十分钟才来", "护理服务", "护理部"),
	case("d", "护士扎针扎了五次才扎上", "护理服务", "护理部"),
	case("e", "医生收红包，手术前暗示要意思一下", "服务态度与医德医风", "精神文明办"),
]


def stats(cases):
	df = Counter(k for c in cases for k in c.terms)
	return df, len(cases), sum(c.length for c in cases) / len(cases)


def ask(text, cases=HISTORY):
	df, n, avg = stats(cases)
	word_list = assist.words(text)
	terms = assist.query_terms(assist.term_keys(word_list), df, n)
	idfs = {k: assist.idf(df[k], n) for k in terms}
	ranked = assist.rank(terms, cases, avg, idfs)
	return word_list, ranked, idfs


def test_words_drop_punctuation_numbers_and_function_words():
	words = assist.words("我的ＣＴ报告，２０２６年 出错了！！的")
	assert "ct" in words  # full-width letters read as ASCII, lower case
	assert "报告" in words
	assert not {"的", "！", "，", "2026", "２０２６"} & set(words)


def test_the_subject_counts_twice():
	assert assist.petition_words("扣费", "退钱", None).count("扣费") == 2


def test_term_keys_are_stable_ascii_tokens_the_full_text_index_keeps():
	key = assist.term_key("医保")
	assert key == assist.term_key("医保") != assist.term_key("医保办")
	assert key.isascii() and key.isalnum() and len(key) >= 3


def test_idf_never_negative_and_rarer_is_higher():
	assert assist.idf(100, 100) >= 0
	assert assist.idf(1, 100) > assist.idf(50, 100)


def test_bm25_prefers_the_case_sharing_rarer_words():
	_words, ranked, _idfs = ask("自助缴费机扣了我两回钱")
	assert ranked[0].case.name == "a"
	_words, ranked, _idfs = ask("晚上按铃叫护士半天不来")
	assert ranked[0].case.name == "c"


def test_query_terms_keep_only_known_words_the_rarest_first():
	df = {"k1": 5, "k2": 1}
	assert list(assist.query_terms(["k1", "k2", "k2", "unknown"], df, 10)) == ["k2", "k1"]
	assert assist.query_terms(["k1", "k2"], df, 10, limit=1) == {"k2": 1}


def test_votes_weigh_nearer_cases_more_and_sum_to_one():
	scored = [assist.Scored(HISTORY[0], 4.0), assist.Scored(HISTORY[2], 2.0), assist.Scored(HISTORY[3], 2.0)]
	near = assist.neighbour_weights(scored, k=3)
	assert [w for _s, w in near] == [1.0, 0.25, 0.25]
	ranked = assist.votes(near, "category")
	assert ranked[0] == ("收费与价格", 1 / 1.5)
	assert abs(sum(share for _c, share in ranked) - 1) < 1e-9
	# a prior fills in behind the neighbours: a category none of them carries can still be offered
	with_prior = dict(assist.votes(near, "category", {"意见建议": 1.0}))
	assert 0 < with_prior["意见建议"] < with_prior["护理服务"]


def test_category_shares_order_categories_by_how_their_petitions_use_the_words():
	"""A large category does not win on its size alone: the words decide, each by how many of a category's
	petitions use it."""
	sizes = {"医疗质量与安全": 600, "护理服务": 100, "服务态度与医德医风": 300}
	counts = {
		"护士": {"护理服务": 60, "医疗质量与安全": 30, "服务态度与医德医风": 30},
		"输液": {"护理服务": 40, "医疗质量与安全": 60},
	}
	shares = assist.category_shares(["护士", "输液"], counts, sizes)
	assert max(shares, key=shares.get) == "护理服务"
	assert abs(sum(shares.values()) - 1) < 1e-9
	# a word no petition of a category uses lowers it, but never to nothing (add-one smoothing)
	assert 0 < shares["服务态度与医德医风"] < shares["医疗质量与安全"]
	# without words, the categories' sizes; without history, nothing
	alone = assist.category_shares([], {}, sizes)
	assert abs(alone["医疗质量与安全"] - 0.6) < 1e-9
	assert assist.category_shares(["护士"], counts, {}) == {}
	# a category whose petitions all left the history is not offered
	assert "护理服务" not in assist.category_shares(["护士"], counts, {**sizes, "护理服务": 0})


def test_office_learns_a_category_exception_from_the_history():
	"""收费与价格 goes to 精神文明办 by default, but a settlement complaint to 财务科, as the history did."""
	_words, ranked, _idfs = ask("出院结算医保报销少报了")
	near = assist.neighbour_weights(ranked)
	categories = assist.votes(near, "category")
	routes = {"收费与价格": {"精神文明办": 1, "财务科": 1}, "护理服务": {"护理部": 2}}
	offices = assist.office_votes(near, categories, routes, {"收费与价格": "精神文明办"})
	assert categories[0][0] == "收费与价格"
	assert offices[0][0] == "财务科"


def test_a_category_without_history_goes_to_its_default_office():
	offices = assist.office_votes([], [("意见建议", 1.0)], {}, {"意见建议": "信访办"})
	assert offices == [("信访办", 1.0)]
	assert assist.office_votes([], [], {}) == []


def test_leading_words_are_the_shared_telling_words_without_their_parts():
	word_list, ranked, idfs = ask("救护车收费太贵，医保结算少报了")
	near = assist.neighbour_weights(ranked)
	words = assist.leading_words(word_list, near, "office", "财务科", idfs)
	assert words and set(words) <= set(word_list)
	assert not any(a != b and a in b for a in words for b in words)
	assert assist.leading_words(word_list, near, "office", "工会", idfs) == []


def test_leading_words_show_abbreviations_as_written():
	history = [*HISTORY, case("f", "做CT检查多收了钱，CT片子也没给", "收费与价格", "财务科")]
	word_list, ranked, idfs = ask("CT检查收费多收了", history)
	near = assist.neighbour_weights(ranked)
	words = assist.leading_words(word_list, near, "office", "财务科", idfs)
	assert "CT" in words
	assert "ct" not in words


def test_excerpt():
	assert assist.excerpt("  短  文 ") == "短 文"
	assert assist.excerpt("长" * 200, 10) == "长" * 9 + "…"
	assert assist.excerpt(None) == ""


def test_postings_weigh_a_word_by_its_count_and_the_petition_length():
	posted = assist.postings(["ta", "ta", "tb"])
	assert set(posted) == {"ta", "tb"} and posted["ta"] > posted["tb"] > 0
	# the same word counts for more in a short petition; the weight depends on the petition alone
	assert assist.impact(1, 10) > assist.impact(1, 200)
	assert assist.postings(["ta", "ta", "tb"]) == posted


def test_search_terms_are_the_rarest():
	df = {"k1": 500, "k2": 3, "k3": 40}
	assert assist.search_terms({"k1": 1, "k2": 1, "k3": 2}, df, 1000, limit=2) == ["k2", "k3"]
