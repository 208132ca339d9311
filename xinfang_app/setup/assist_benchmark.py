"""The suggestions' benchmark (同案同处): quality against a labelled set, beside two baselines, then speed and
size at scale.

    bench --site SITE xinfang-benchmark --assist [--petitions 100000] [--url http://SITE:PORT]

``setup/assist_cases.json`` holds hospital complaints written as people write them (fictitious): a history of
concluded petitions (category, handling office, outcome, reply) and later petitions to ask about, half of
them re-wordings of an earlier case (``earlier``). The history is seeded as concluded petitions (``AS-…``),
the index built, and each later petition asked as a petition officer through ``api.assist.suggest``:

- category top-1 / top-3, handling office top-1 / top-3, and for re-worded petitions whether the earlier case
  comes first / among the first three of the similar cases;
- beside two baselines on the same history: keyword rules from the categories' descriptions (the words of a
  description found in the petition; the category's default office), and a plain TF-IDF linear classifier
  over jieba words (scikit-learn's LogisticRegression; the predicted category's default office).

Then ``--petitions`` synthetic concluded petitions (``AZ-…``; ``--filler worded``, the default: about the
history's matters in other words, each drawn from the words of one handling office's cases; ``--filler
collage``: put together from sentences of several history cases, a stress test of near-copies) join the
history; it measures the full build from all of them, one petition's incremental update, the time of a
suggestion (in the process, and through the server with ``--url``, p50/p95), the process's peak memory, and
the quality again with the earlier cases among all of them. It prints figures; it asserts nothing. Use a site of its own: the seeded rows stay.
"""

from __future__ import annotations

import itertools
import json
import random
import resource
import statistics
import time
from collections import Counter
from pathlib import Path

import frappe
from frappe.utils import add_days, now_datetime, today

from xinfang_app.rules import assist as rules
from xinfang_app.services import assist as service

SET = Path(__file__).with_name("assist_cases.json")
HISTORY_PREFIX, SYNTHETIC_PREFIX = "AS-", "AZ-"
UNITS = [
	"心内科",
	"普外科",
	"骨科",
	"儿科",
	"妇产科",
	"急诊科",
	"门诊部",
	"收费处",
	"药房",
	"检验科",
	"放射科",
]


def load_set() -> dict:
	return json.loads(SET.read_text(encoding="utf-8"))


def peak_mb() -> float:
	return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ------------------------------------------------------------------------------------------------ seeding
FIELDS = [
	"name",
	"creation",
	"modified",
	"owner",
	"modified_by",
	"docstatus",
	"idx",
	"channel",
	"received_at",
	"tracking_code",
	"matter_kind",
	"category",
	"workflow_state",
	"subject",
	"request",
	"facts",
	"handling_office",
	"acceptance",
	"accepted_on",
	"outcome",
	"reply",
	"replied_on",
	"concluded_on",
	"review_stage",
	"deadline_status",
]


def _row(name: str, case: dict, rng: random.Random, days_back: int) -> tuple:
	received = now_datetime().replace(microsecond=0) - __import__("datetime").timedelta(days=days_back)
	day = received.date()
	code = "".join(rng.choice("23456789ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(12))
	return (
		name,
		received,
		received,
		"Administrator",
		"Administrator",
		0,
		0,
		"Letter",
		received,
		code,
		case["matter_kind"],
		case["category"],
		"Concluded",
		case["subject"][:140],
		case["request"],
		case["facts"],
		case["office"],
		"Accepted",
		day,
		case["outcome"],
		case["reply"],
		add_days(day, 20),
		add_days(day, 21),
		"Original",
		"Met",
	)


def _insert(rows: list[tuple]):
	for start in range(0, len(rows), 2000):
		frappe.db.bulk_insert("Petition", FIELDS, rows[start : start + 2000])
	frappe.db.commit()


def ensure_seed_data():
	"""The categories and offices the set uses are the app's seed ones; an office the seed lacks is made."""
	from xinfang_app.setup.fixtures import make_office

	data = load_set()
	for office in sorted({c["office"] for c in data["history"]}):
		if not frappe.db.exists("Petition Office", office):
			make_office(office, kind="Handling Office")
	missing = {c["category"] for c in data["history"]} - set(
		frappe.get_all("Petition Category", pluck="name")
	)
	if missing:
		raise frappe.ValidationError(f"Categories missing on this site: {sorted(missing)}")


def seed_history() -> int:
	data = load_set()
	if frappe.db.exists("Petition", f"{HISTORY_PREFIX}{data['history'][0]['key']}"):
		return 0
	rng = random.Random(31)
	rows = [
		_row(f"{HISTORY_PREFIX}{case['key']}", case, rng, 400 + i) for i, case in enumerate(data["history"])
	]
	_insert(rows)
	return len(rows)


def _sentences(text: str) -> list[str]:
	import re

	return [s for s in re.split(r"(?<=[，。！？；,!?;])", text or "") if s.strip()]


FILLERS = ("worded", "collage")


def synthetic(n: int, seed: int = 1, filler: str = "worded") -> list[dict]:
	"""``n`` concluded petitions learned from the history, of one of two kinds:

	- ``worded`` (the default): about the same matters as the history, in other words. Each takes a category
	and handling office as often as the history does, and for its subject, request and facts as many words
	as one of that office's cases has there, drawn from the words that office's cases use there, as often as
	they use them. So every word of the history is used by petitions in proportion to how often the office
	meets it (at a million, a word of one case by thousands), as in an archive where each complaint is
	written by its own petitioner; none repeats a sentence of a case.
	- ``collage``: each takes its subject, request and reply from cases of one category and handling office and
	its facts from sentences of two of them, with other units and times. At scale every sentence of the
	history is repeated by thousands of petitions (an earlier case's own subject, request and facts
	together by dozens): a stress test of near-copies, which no archive written by people holds."""
	history = load_set()["history"]
	groups: dict[tuple[str, str], list[dict]] = {}
	for case in history:
		groups.setdefault((case["category"], case["office"]), []).append(case)
	keys = sorted(groups)
	weights = [len(groups[k]) for k in keys]
	rng = random.Random(seed)
	if filler == "worded":
		return _worded(n, rng, groups, keys, weights)
	if filler != "collage":
		raise ValueError(f"filler is one of {FILLERS}")
	out = []
	for _ in range(n):
		cases = groups[rng.choices(keys, weights)[0]]
		a, b, c, d = (rng.choice(cases) for _ in range(4))
		facts = _sentences(c["facts"]) + _sentences(d["facts"])
		rng.shuffle(facts)
		facts = "".join(facts[: rng.randint(1, max(1, len(facts)))])
		for unit in UNITS:
			if unit in facts and rng.random() < 0.5:
				facts = facts.replace(unit, rng.choice(UNITS))
		out.append(
			{
				"category": a["category"],
				"office": a["office"],
				"matter_kind": a["matter_kind"],
				"outcome": a["outcome"],
				"subject": a["subject"],
				"request": b["request"],
				"facts": f"{rng.choice(['', '', '去年', '上个月', '前天'])}{facts}",
				"reply": d["reply"],
			}
		)
	return out


TEXT_FIELDS = ("subject", "request", "facts")


def _worded(n: int, rng: random.Random, groups: dict, keys: list, weights: list) -> list[dict]:
	# each office's words per field, as often as its cases use them (jieba, as the index cuts them)
	vocab, lengths = {}, {}
	for key in keys:
		counted = {field: Counter() for field in TEXT_FIELDS}
		lengths[key] = []
		for case in groups[key]:
			cut = {field: rules.words(case[field]) for field in TEXT_FIELDS}
			for field in TEXT_FIELDS:
				counted[field].update(cut[field])
			lengths[key].append(tuple(len(cut[field]) for field in TEXT_FIELDS))
		vocab[key] = {}
		for field in TEXT_FIELDS:
			words = sorted(counted[field])
			vocab[key][field] = (words, list(itertools.accumulate(counted[field][w] for w in words)))
	out = []
	for _ in range(n):
		key = rng.choices(keys, weights)[0]
		case = rng.choice(groups[key])
		text = {}
		for field, length in zip(TEXT_FIELDS, rng.choice(lengths[key]), strict=True):
			words, cumulative = vocab[key][field]
			drawn = rng.choices(words, cum_weights=cumulative, k=max(1, length)) if words else []
			# one word to a clause, so that cutting the text again gives these words back
			text[field] = "，".join(drawn)
		out.append(
			{
				"category": key[0],
				"office": key[1],
				"matter_kind": case["matter_kind"],
				"outcome": case["outcome"],
				"subject": text["subject"],
				"request": text["request"],
				"facts": text["facts"] + "。",
				"reply": case["reply"],
			}
		)
	return out


def seed_synthetic(n: int, filler: str = "worded") -> int:
	existing = frappe.db.count("Petition", {"name": ("like", f"{SYNTHETIC_PREFIX}%")})
	if existing >= n:
		return 0
	rng = random.Random(existing + 5)
	rows = []
	for i, case in enumerate(synthetic(n - existing, seed=existing + 1, filler=filler), start=existing):
		rows.append(_row(f"{SYNTHETIC_PREFIX}{i:08d}", case, rng, 30 + rng.randint(0, 1500)))
		if len(rows) == 20000:
			_insert(rows)
			rows = []
	_insert(rows)
	return n - existing


# ------------------------------------------------------------------------------------------------ quality
def score(queries: list[dict], answer) -> dict:
	"""The figures for ``answer(query) -> (categories, offices, similar names)``, each best first."""
	hits = Counter()
	reworded = [q for q in queries if q.get("earlier")]
	for query in queries:
		categories, offices, similar = answer(query)
		hits["category_top1"] += categories[:1] == [query["category"]]
		hits["category_top3"] += query["category"] in categories[:3]
		hits["office_top1"] += offices[:1] == [query["office"]]
		hits["office_top3"] += query["office"] in offices[:3]
		if query.get("earlier") and similar is not None:
			hits["earlier_asked"] += 1
			hits["earlier_first"] += similar[:1] == [query["earlier"]]
			hits["earlier_top3"] += query["earlier"] in similar[:3]
	out = {}
	for key in ("category_top1", "category_top3", "office_top1", "office_top3"):
		out[key] = round(100 * hits[key] / len(queries), 1)
	for key in ("earlier_first", "earlier_top3"):
		out[key] = round(100 * hits[key] / len(reworded), 1) if hits["earlier_asked"] else None
	return out


def keyword_baseline(history: list[dict]):
	"""Keyword rules from the categories' descriptions: the category whose description's words occur most in
	the petition; its default office."""
	categories = frappe.get_all("Petition Category", fields=["name", "description", "default_office"])
	words = {c.name: set(rules.words(f"{c.name} {c.description or ''}")) for c in categories}
	default = {c.name: c.default_office for c in categories}

	def answer(query):
		text = set(rules.words(" ".join((query["subject"], query["request"], query["facts"]))))
		ranked = sorted(words, key=lambda c: (-len(words[c] & text), c))
		return ranked, [default[c] for c in ranked], None

	return answer


def tfidf_baseline(history: list[dict]):
	"""A plain TF-IDF linear classifier over jieba words (scikit-learn), the category's default office."""
	from sklearn.feature_extraction.text import TfidfVectorizer
	from sklearn.linear_model import LogisticRegression

	default = dict(frappe.get_all("Petition Category", fields=["name", "default_office"], as_list=True))

	def text(case):
		return " ".join(rules.words(" ".join((case["subject"], case["request"], case["facts"]))))

	vectorizer = TfidfVectorizer(tokenizer=str.split, token_pattern=None, lowercase=False)
	x = vectorizer.fit_transform([text(c) for c in history])
	model = LogisticRegression(max_iter=2000).fit(x, [c["category"] for c in history])

	def answer(query):
		probabilities = model.predict_proba(vectorizer.transform([text(query)]))[0]
		ranked = [c for _, c in sorted(zip(-probabilities, model.classes_, strict=True))]
		offices = list(dict.fromkeys(default.get(c) for c in ranked))
		return ranked, offices, None

	return answer


def app_answer(prefix: str = HISTORY_PREFIX):
	from xinfang_app.api.assist import suggest

	def answer(query):
		result = suggest(query["subject"], query["request"], query["facts"])
		similar = [s["name"][len(prefix) :] for s in result["similar"] if s["name"].startswith(prefix)]
		return (
			[c["category"] for c in result["categories"]],
			[o["office"] for o in result["offices"]],
			similar,
		)

	return answer


def quality(officer: str) -> dict:
	data = load_set()
	frappe.set_user(officer)
	try:
		app = score(data["queries"], app_answer())
	finally:
		frappe.set_user("Administrator")
	return {
		"app": app,
		"keyword_rules": score(data["queries"], keyword_baseline(data["history"])),
		"tfidf_logistic": score(data["queries"], tfidf_baseline(data["history"])),
	}


# ------------------------------------------------------------------------------------------------ speed
def timings(officer: str, queries: list[dict], url: str | None) -> dict:
	from xinfang_app.api.assist import suggest

	frappe.set_user(officer)
	runs = []
	try:
		for query in queries:
			start = time.perf_counter()
			suggest(query["subject"], query["request"], query["facts"])
			runs.append((time.perf_counter() - start) * 1000)
	finally:
		frappe.set_user("Administrator")
	out = {"in_process_ms": _percentiles(runs)}
	if url:
		try:
			out["through_server_ms"] = through_server(url, officer, queries)
		except Exception as error:
			out["through_server_ms"] = f"not measured: {error}"
	return out


def _say(stage: str, figures):
	"""Each stage's figures as soon as they are known (on stderr; the whole report follows at the end)."""
	import sys

	print(f"{stage}: {json.dumps(figures, ensure_ascii=False, default=str)}", file=sys.stderr, flush=True)


def _percentiles(runs: list[float]) -> dict:
	runs = sorted(runs)
	return {
		"n": len(runs),
		"p50": round(statistics.median(runs), 1),
		"p95": round(runs[min(len(runs) - 1, int(0.95 * len(runs)))], 1),
		"max": round(runs[-1], 1),
	}


def through_server(url: str, user: str, queries: list[dict]) -> dict:
	import requests

	from xinfang_app.setup.fixtures import api_token

	headers = {"Authorization": api_token(user), "Accept": "application/json"}
	frappe.db.commit()
	session = requests.Session()
	method = f"{url.rstrip('/')}/api/method/xinfang_app.api.assist.suggest"
	session.post(method, data=_body(queries[0]), headers=headers, timeout=60)  # a worker's first jieba load
	runs = []
	for query in queries:
		start = time.perf_counter()
		response = session.post(method, data=_body(query), headers=headers, timeout=60)
		runs.append((time.perf_counter() - start) * 1000)
		response.raise_for_status()
	return _percentiles(runs)


def _body(query):
	return {"subject": query["subject"], "request": query["request"], "facts": query["facts"]}


def officer_user() -> str:
	from xinfang_app.setup.fixtures import make_user

	user = make_user("assist_bench_officer", ["Petition Officer"])
	frappe.db.commit()
	return user


def run(petitions: int = 100_000, url: str | None = None, filler: str = "worded") -> dict:
	ensure_seed_data()
	officer = officer_user()
	data = load_set()
	report: dict = {"set": {"history": len(data["history"]), "queries": len(data["queries"])}}
	report["seeded_history"] = seed_history()
	start = time.perf_counter()
	report["filler"] = filler
	report["seeded_synthetic"] = seed_synthetic(petitions, filler)
	report["seed_seconds"] = round(time.perf_counter() - start, 1)
	# Quality on the history alone: the synthetic petitions are left out of the index meanwhile (not
	# concluded for a moment), then concluded again as they were.
	frappe.db.sql(f"update `tabPetition` set `concluded_on` = null where `name` like '{SYNTHETIC_PREFIX}%%'")
	frappe.db.commit()
	try:
		service.rebuild(full=True)
		frappe.db.commit()
		report["quality_on_history"] = quality(officer)
		_say("quality on the history", report["quality_on_history"])
	finally:
		frappe.db.sql(
			"update `tabPetition` set `concluded_on` = date_add(`replied_on`, interval 1 day) "
			f"where `name` like '{SYNTHETIC_PREFIX}%%'"
		)
		frappe.db.commit()
	total = frappe.db.count("Petition", {"concluded_on": ("is", "set")})
	start = time.perf_counter()
	built = service.rebuild(full=True)
	frappe.db.commit()
	report["scale"] = {
		"concluded_petitions": total,
		"indexed": built["indexed"],
		"full_build_seconds": round(time.perf_counter() - start, 1),
		"build_seconds_per_million": round((time.perf_counter() - start) * 1_000_000 / max(total, 1), 0),
	}
	# One petition concluding: its update of the index (in its save's transaction).
	name = f"{HISTORY_PREFIX}{data['history'][0]['key']}"
	start = time.perf_counter()
	service.index([name])
	frappe.db.commit()
	report["scale"]["incremental_update_ms"] = round((time.perf_counter() - start) * 1000, 1)
	start = time.perf_counter()
	report["scale"]["nightly_sync"] = service.sync()
	report["scale"]["nightly_sync_seconds"] = round(time.perf_counter() - start, 1)
	_say("scale", report["scale"])
	report["speed"] = timings(officer, data["queries"], url)
	_say("speed", report["speed"])
	app = quality_app_only(officer)
	report["quality_at_scale"] = app
	report["peak_memory_mb"] = round(peak_mb(), 0)
	report["index_size_mb"] = index_size_mb()
	report["measured_at"] = today()
	return report


def quality_app_only(officer: str) -> dict:
	data = load_set()
	frappe.set_user(officer)
	try:
		return score(data["queries"], app_answer())
	finally:
		frappe.set_user("Administrator")


def index_size_mb() -> float:
	tables = [f"tab{t}" for t in (*service.TABLES.values(), service.TERM, service.ROUTE)] + [
		service.IDS,
		service.LISTS,
		service.CATEGORIES,
	]
	size = frappe.db.sql(
		"select sum(data_length + index_length) from information_schema.tables "
		"where table_schema = database() and table_name in %(tables)s",
		{"tables": tables},
	)[0][0]
	return round((size or 0) / 1024 / 1024, 1)


def print_report(report: dict) -> str:
	"""The figures as a table (and the whole as JSON below it)."""
	lines = ["", "Quality on the labelled set (history only), %:"]
	q = report["quality_on_history"]
	keys = ["category_top1", "category_top3", "office_top1", "office_top3", "earlier_first", "earlier_top3"]
	lines.append(f"{'method':<18}" + "".join(f"{k:>15}" for k in keys))
	for method, figures in q.items():
		lines.append(
			f"{method:<18}"
			+ "".join(f"{figures.get(k) if figures.get(k) is not None else '—':>15}" for k in keys)
		)
	s = report["quality_at_scale"]
	lines.append(
		f"{'app at scale':<18}" + "".join(f"{s.get(k) if s.get(k) is not None else '—':>15}" for k in keys)
	)
	lines.append("")
	lines.append(json.dumps(report, indent=1, ensure_ascii=False, default=str))
	return "\n".join(lines)


def measure(url: str | None = None) -> dict:
	"""Speed, quality and size on the index as it stands (after ``run``), without seeding or building again:
	``bench --site SITE execute xinfang_app.setup.assist_benchmark.measure --kwargs "{'url': 'http://SITE:PORT'}"``."""
	officer = officer_user()
	data = load_set()
	report = {
		"concluded_petitions": frappe.db.count("Petition", {"concluded_on": ("is", "set")}),
		"speed": timings(officer, data["queries"], url),
		"quality_at_scale": quality_app_only(officer),
		"peak_memory_mb": round(peak_mb(), 0),
		"index_size_mb": index_size_mb(),
	}
	_say("measured", report)
	return report
