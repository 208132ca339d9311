"""Hot topics: the most frequent terms in petitions' subjects and requests (jieba word segmentation)."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable

STOPWORDS = frozenset(
	"的 了 和 是 在 对 我 我们 他 她 你 医院 要求 问题 情况 进行 没有 一个 因为 所以 但是 希望 请 及 与 并 被 把 给 向 从 就 都 也 还 又 等 "
	"该 其 这 那 此 有 无 为 于 以 之 或 而 能 会 不 中 上 下 时 后 前 多 次 年 月 日 号 说 让 使 时候 已经 已 再 更 很 非常 反映 投诉 关于".split()
)


def terms(texts: Iterable[str], top: int = 20, min_length: int = 2) -> list[tuple[str, int]]:
	import jieba

	jieba.setLogLevel(logging.WARNING)
	counter: Counter[str] = Counter()
	for text in texts:
		words = {w.strip() for w in jieba.cut(text or "")}  # a term counts once per petition
		counter.update(w for w in words if len(w) >= min_length and w not in STOPWORDS and not w.isdigit())
	# Ties in a fixed order (by the term), so that every process ranks the same texts the same way: the
	# words of a text are a set, whose order changes from one process to the next.
	return sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:top]
