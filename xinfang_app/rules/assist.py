"""同案同处: what the office's concluded petitions suggest for a new one (no Frappe import).

A petition's text (subject, request, facts) is cut into words by jieba, the same way for the history and
for the petition asked about. Each word is kept in the index as a short ASCII key (``term_key``), the same
length whatever the word, with its weight in each petition (``postings``). The concluded petitions most like
the new one are ranked by Okapi BM25 (Robertson & Zaragoza), from the document
frequencies of the office's own history; their categories and handling offices, weighted by how alike they
are, are the suggestions (k nearest neighbours), so an office that differs from a category's default for a
kind of matter (a medical-insurance settlement handled by 财务科, not by the category's default office) is
learned from the history without a rule saying so. Behind the neighbours' categories come the others, in
the order a naive Bayes over the words gives them (``category_shares``). Nothing here is written for
particular complaints: the model is the history.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

# Function words and the words every petition uses; they carry no sign of what a petition is about.
STOPWORDS = frozenset(
	"的 了 和 是 在 对 我 我们 他 她 你 你们 他们 它 要 就 都 也 还 又 等 着 过 吗 吧 呢 啊 呀 嘛 哦 么 "
	"这 那 这个 那个 这样 那样 这种 什么 怎么 为什么 为啥 啥 咋 哪 哪里 谁 "
	"该 其 此 有 无 为 于 以 之 或 而 能 会 不 没 没有 被 把 给 向 从 让 使 说 一 一个 一下 个 "
	"已经 已 再 更 很 太 非常 特别 真 真的 就是 但是 可是 所以 因为 如果 然后 结果 还是 并 及 与 跟 "
	"请 希望 要求 问题 情况 进行 反映 投诉 关于 医院 一直 现在 当时 时候 后来 本来 明明 根本 "
	"自己 人家 大家 别人 怎么办 可以 应该 需要 知道 觉得 感觉 看到 出来 起来 过来 回来 下来 上 下 里 中 "
	"次 两 三 几 多 少 好 天 年 月 日 号 点 块 元".split()
)

_CJK = re.compile(r"[\u3400-\u9fff]")
_WORD = re.compile(r"[\u3400-\u9fff]+|[a-z0-9]+")
_KEY_PREFIX = "t"

# Okapi BM25's usual constants.
K1 = 1.2
B = 0.75


def normalise(text: str | None) -> str:
	"""Full-width letters and digits as ASCII (NFKC), lower case; nothing else changes."""
	return unicodedata.normalize("NFKC", text or "").lower()


def _jieba():
	import jieba

	jieba.setLogLevel(logging.WARNING)
	return jieba


def words(text: str | None) -> list[str]:
	"""The words of a text that tell what it is about, in order, repeated as often as they occur: jieba's
	default (precise) mode, without punctuation, numbers and function words."""
	out = []
	for token in _jieba().cut(normalise(text)):
		token = token.strip()
		if not token or token in STOPWORDS or not _WORD.fullmatch(token):
			continue
		if token.isdigit() or (not _CJK.search(token) and len(token) < 2):
			continue
		out.append(token)
	return out


def petition_words(subject: str | None, request: str | None, facts: str | None) -> list[str]:
	"""The subject says what the matter is in a few words; it counts twice."""
	head = words(subject)
	return head + head + words(request) + words(facts)


def term_key(word: str) -> str:
	"""A word as a short ASCII key for the index (same word, same key, in every process)."""
	digest = hashlib.blake2b(word.encode("utf-8"), digest_size=5).digest()
	return _KEY_PREFIX + base64.b32encode(digest).decode("ascii").lower()


def term_keys(word_list: Iterable[str]) -> list[str]:
	return [term_key(w) for w in word_list]


def petition_keys(texts: tuple[str | None, str | None, str | None]) -> list[str]:
	"""``term_keys(petition_words(subject, request, facts))``, for a pool of processes."""
	return term_keys(petition_words(*texts))


def idf(df: int, n: int) -> float:
	"""BM25's inverse document frequency (never negative)."""
	return math.log(1 + (n - df + 0.5) / (df + 0.5))


def bm25(
	query: Mapping[str, int],
	doc: Mapping[str, int],
	doc_len: int,
	avg_len: float,
	idfs: Mapping[str, float],
) -> float:
	"""Okapi BM25 of one document for a query (term → count in the query)."""
	norm = K1 * (1 - B + B * doc_len / (avg_len or 1))
	score = 0.0
	for term, q in query.items():
		tf = doc.get(term)
		if tf:
			score += idfs.get(term, 0.0) * tf * (K1 + 1) / (tf + norm) * (1 + math.log(q))
	return score


def query_terms(keys: Sequence[str], df: Mapping[str, int], n: int, limit: int = 32) -> dict[str, int]:
	"""The query's terms the history knows, the most telling first (at most ``limit``): a word no concluded
	petition uses cannot find one, and a long letter's rarest words say most about it."""
	counts = Counter(k for k in keys if df.get(k))
	ranked = sorted(counts, key=lambda k: (-idf(df[k], n), k))[:limit]
	return {k: counts[k] for k in ranked}


def search_terms(terms: Mapping[str, int], df: Mapping[str, int], n: int, limit: int = 12) -> list[str]:
	"""The terms whose postings are read for candidates: the rarest (at most ``limit``). Each term's postings
	are read best first and only so many (``services/assist.py``), so a common word costs no more than a rare
	one; BM25 then weighs every term of the petition on the candidates."""
	return sorted(terms, key=lambda k: (df.get(k, 0), k))[:limit]


# The length a petition's words are weighed against in the postings (about the average petition's). A posting's
# weight depends only on the petition itself, so it never changes as others join, and is known again when the
# petition leaves; the exact BM25 of the candidates uses the pool's own average. (A change of it, or of K1 and B,
# needs a full rebuild: a petition's postings are found again by their weights.)
REFERENCE_LENGTH = 80


def impact(tf: int, length: int) -> int:
	"""A word's weight in one petition, as stored in the postings (BM25's term-frequency part, thousandths)."""
	norm = K1 * (1 - B + B * length / REFERENCE_LENGTH)
	return round(1000 * tf * (K1 + 1) / (tf + norm))


def postings(keys: Sequence[str]) -> dict[str, int]:
	"""A petition's word keys as postings: key → ``impact`` (each key once)."""
	counts = Counter(keys)
	return {key: impact(tf, len(keys)) for key, tf in counts.items()}


@dataclass
class Case:
	"""One concluded petition as the index keeps it."""

	name: str
	terms: Counter
	length: int
	category: str | None = None
	office: str | None = None
	extra: dict = field(default_factory=dict)


@dataclass
class Scored:
	case: Case
	score: float


def rank(query: Mapping[str, int], cases: Iterable[Case], avg_len: float, idfs: Mapping[str, float]):
	"""Cases by BM25, best first (ties by name, so every process answers the same)."""
	scored = [Scored(c, bm25(query, c.terms, c.length, avg_len, idfs)) for c in cases]
	scored = [s for s in scored if s.score > 0]
	scored.sort(key=lambda s: (-s.score, s.case.name))
	return scored


def neighbour_weights(scored: Sequence[Scored], k: int = 12) -> list[tuple[Scored, float]]:
	"""The ``k`` nearest cases, each weighted by its score relative to the best one, squared (a case half as
	alike counts a quarter)."""
	if not scored:
		return []
	top = scored[0].score
	return [(s, (s.score / top) ** 2) for s in scored[:k]]


def category_shares(
	terms: Iterable[str], counts: Mapping[str, Mapping[str, int]], sizes: Mapping[str, int]
) -> dict[str, float]:
	"""How likely each category of the history is for a petition of these words (``terms``), as shares that
	sum to one: naive Bayes over the words it uses, from how many of each category's petitions use each word
	(``counts``: word → category → petitions) and how many each category has (``sizes``), add-one smoothed.
	The neighbours are a dozen petitions, in a large history often all of one category; this weighs every
	petition of every category, and orders the others behind that one."""
	whole = sum(n for n in sizes.values() if n > 0)
	if not whole:
		return {}
	log = {c: math.log(n / whole) for c, n in sizes.items() if n > 0}
	for term in terms:
		used = counts.get(term, {})
		for category in log:
			log[category] += math.log((used.get(category, 0) + 1) / (sizes[category] + 2))
	top = max(log.values())
	odds = {c: math.exp(v - top) for c, v in log.items()}
	total = sum(odds.values())
	return {c: v / total for c, v in odds.items()}


def votes(
	neighbours: Sequence[tuple[Scored, float]], label: str, prior: Mapping[str, float] | None = None
) -> list[tuple[str, float]]:
	"""Labels (``category`` or ``office``) by the weight of the neighbours that carry them, as shares that sum
	to one; ``prior`` (label → share) fills in behind the neighbours with a tenth of their weight, so that a
	label no neighbour carries can still be offered."""
	total: dict[str, float] = defaultdict(float)
	for scored, weight in neighbours:
		value = getattr(scored.case, label)
		if value:
			total[value] += weight
	mass = sum(total.values())
	if prior:
		behind = 0.1 * (mass or 1)
		for value, share in prior.items():
			total[value] += behind * share
	whole = sum(total.values())
	if not whole:
		return []
	return sorted(((v, w / whole) for v, w in total.items()), key=lambda item: (-item[1], item[0]))


def office_votes(
	neighbours: Sequence[tuple[Scored, float]],
	categories: Sequence[tuple[str, float]],
	routes: Mapping[str, Mapping[str, int]],
	defaults: Mapping[str, str] | None = None,
) -> list[tuple[str, float]]:
	"""Handling offices: the neighbours' offices, blended with where the history sent petitions of the likely
	categories (``routes``: category → office → count; a category without history goes to its default
	office). Half of the answer is the neighbours', half the categories'."""
	near = dict(votes(neighbours, "office"))
	by_category: dict[str, float] = defaultdict(float)
	for category, share in categories:
		counted = routes.get(category) or {}
		seen = sum(counted.values())
		if seen:
			for office, count in counted.items():
				by_category[office] += share * count / seen
		elif defaults and defaults.get(category):
			by_category[defaults[category]] += share
	offices = set(near) | set(by_category)
	blended = {o: 0.5 * near.get(o, 0.0) + 0.5 * by_category.get(o, 0.0) for o in offices}
	whole = sum(blended.values())
	if not whole:
		return []
	return sorted(((o, w / whole) for o, w in blended.items()), key=lambda item: (-item[1], item[0]))


def leading_words(
	query_words: Sequence[str],
	neighbours: Sequence[tuple[Scored, float]],
	label: str,
	value: str,
	idfs: Mapping[str, float],
	top: int = 4,
) -> list[str]:
	"""The words of the petition that the neighbours carrying ``value`` share with it, the most telling first:
	what led to the suggestion."""
	weight: dict[str, float] = defaultdict(float)
	keyed = {}
	for word in query_words:
		keyed.setdefault(word, term_key(word))
	for scored, w in neighbours:
		if getattr(scored.case, label) != value:
			continue
		for word, key in keyed.items():
			if scored.case.terms.get(key):
				weight[word] += w * idfs.get(key, 0.0)
	ranked = sorted(weight, key=lambda word: (-weight[word], word))
	# A word inside another of the words found adds nothing (救护 beside 救护车).
	ranked = [word for word in ranked if not any(word != other and word in other for other in weight)]
	# Words are matched in lower case; a person reads the abbreviations as written (CT, B超, ICU).
	return [word.upper() for word in ranked[:top]]


def excerpt(text: str | None, limit: int = 120) -> str:
	text = re.sub(r"\s+", " ", text or "").strip()
	return text if len(text) <= limit else text[: limit - 1] + "…"
