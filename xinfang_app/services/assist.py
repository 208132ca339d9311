"""同案同处: the index of concluded petitions the suggestions learn from, kept in the database.

Two pools, so that a report's text never shapes what someone outside the petition office is suggested:

- ``shared`` (Petition Assist Case): every concluded petition but reports; what everyone's suggestions
  learn from;
- ``reports`` (Petition Assist Report Case): concluded reports (检举控告), added to the shared pool only for
  petition officers and managers, who read every report (信访工作条例 Art. 30 ¶3).

Each pool keeps, per concluded petition, its words as keys (``terms``), and, in Petition Assist Term, how
many petitions use each word, the number of petitions (``#docs``) and their total length (``#length``);
Petition Assist Route counts where each category's petitions went. The postings (``__assist_postings``: pool,
word, weight, petition; its primary key in that order) list, for each word, the petitions that use it, the
heaviest first (``rules.impact``). A question reads the postings of its rarest words, each only so far
(``PER_TERM``), sums them per petition, ranks the best few hundred by BM25 with the counts
(``rules/assist.py``) and lets the nearest vote: it touches short stretches of an index whatever the size of
the history. Nothing is kept in a process between requests: every server answers from the database.

A petition joins its pool as it concludes (``on_petition_update``, in the same transaction); ``sync`` (the
nightly job, and ``api.assist.rebuild``) catches up with anything that changed another way (a direct database
update, a deleted petition) and ``rebuild(full=True)`` starts again from the petitions.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

import frappe
from frappe.utils import now

from xinfang_app.rules import assist as rules
from xinfang_app.rules.outcomes import REPORT

SHARED, REPORTS = "shared", "reports"
TABLES = {SHARED: "Petition Assist Case", REPORTS: "Petition Assist Report Case"}
TERM, ROUTE = "Petition Assist Term", "Petition Assist Route"
DOCS, LENGTH = "#docs", "#length"
FULLTEXT = "terms_fulltext"  # the full-text index earlier versions searched; dropped where it is left
POSTINGS = "__assist_postings"
SOURCE_FIELDS = (
	"name",
	"subject",
	"request",
	"facts",
	"category",
	"handling_office",
	"matter_kind",
	"concluded_on",
	"modified",
	"docstatus",
)
# What a change of the petition must touch before it is indexed again.
WATCHED = ("subject", "request", "facts", "category", "handling_office", "matter_kind", "concluded_on")
PER_TERM = 1000  # postings read per word of a question, heaviest first
CANDIDATES = 2000  # petitions the postings hand on, best first (the asker's row rule filters these)
RERANK = 300  # of which BM25 weighs the best
NEIGHBOURS = 12  # cases that vote
TOP = 5
BATCH = 2000


def ensure_index(doctype: str | None = None):
	"""The postings table (made, and filled from the pools' cases, where it is missing); the full-text index of
	earlier versions is dropped from ``doctype``'s table."""
	if doctype and frappe.db.sql(f"show index from `tab{doctype}` where Key_name = %s", FULLTEXT):
		frappe.db.sql_ddl(f"alter table `tab{doctype}` drop index `{FULLTEXT}`")
	if frappe.db.sql("show tables like %s", POSTINGS):
		return
	_create_postings(POSTINGS)
	for pool, table in TABLES.items():
		if not frappe.db.table_exists(table):  # while the app installs
			continue
		last = ""
		while True:
			rows = frappe.db.sql(
				f"select `name`, `terms` from `tab{table}` where `name` > %s order by `name` limit 5000",
				(last,),
			)
			if not rows:
				break
			last = rows[-1][0]
			_write_postings(POSTINGS, pool, [(name, (terms or "").split()) for name, terms in rows])
	frappe.db.commit()


def _create_postings(table: str, key: bool = True):
	frappe.db.sql_ddl(
		f"create table `{table}` (`pool` varchar(16) character set ascii collate ascii_bin not null, "
		"`term` varchar(16) character set ascii collate ascii_bin not null, `weight` smallint unsigned not null, "
		"`petition` varchar(140) character set utf8mb4 collate utf8mb4_unicode_ci not null"
		f"{', primary key (`pool`, `term`, `weight`, `petition`)' if key else ''}) engine=InnoDB"
	)


_KEY = re.compile(r"t[a-z2-7]+")


def _posting_values(pool: str, name: str, keys: list[str]):
	"""The postings of one petition as SQL values (word keys are ASCII letters and digits, checked here)."""
	petition = frappe.db.escape(name)
	for key, weight in rules.postings(keys).items():
		if _KEY.fullmatch(key):
			yield f"('{pool}','{key}',{int(weight)},{petition})"


def _write_postings(table: str, pool: str, items, chunk: int = 5000):
	"""Adds the postings of ``items`` (petition, word keys) to ``table``."""
	values = [v for name, keys in items for v in _posting_values(pool, name, keys)]
	for start in range(0, len(values), chunk):
		frappe.db.sql(
			f"insert into `{table}` (`pool`, `term`, `weight`, `petition`) values {','.join(values[start : start + chunk])}"
		)


def _remove_postings(pool: str, name: str, keys: list[str]):
	"""Removes one petition's postings (found by their whole primary key: the weight follows from its words)."""
	if not keys:
		return
	points = " or ".join(
		f"(`term` = '{key}' and `weight` = {int(weight)})"
		for key, weight in rules.postings(keys).items()
		if _KEY.fullmatch(key)
	)
	frappe.db.sql(
		f"delete from `{POSTINGS}` where `pool` = %s and `petition` = %s and ({points})", (pool, name)
	)


def pool_of(matter_kind: str | None) -> str:
	return REPORTS if matter_kind == REPORT else SHARED


# ------------------------------------------------------------------------------------------------ keeping
def on_petition_update(doc, method=None):
	"""A petition that concludes joins its pool; one that changes what it says, or stops being concluded,
	is indexed again (in the save's own transaction, so a save that fails leaves the index as it was)."""
	before = doc.get_doc_before_save()
	if not doc.get("concluded_on") and not (before and before.get("concluded_on")):
		return
	if before and all(before.get(f) == doc.get(f) for f in WATCHED):
		return
	index([doc.name])


def index(names: list[str], fresh: bool = False) -> int:
	"""Brings the index of these petitions up to date with the petitions as stored: a concluded one is (re)
	indexed in its pool, one that is not concluded (or no longer exists) leaves it. ``fresh``: the index holds
	none of them (a full rebuild), so nothing needs removing. Returns how many are indexed."""
	if not names:
		return 0
	df: dict[str, Counter] = defaultdict(Counter)
	routes: dict[str, Counter] = defaultdict(Counter)
	if not fresh:
		for pool, table in TABLES.items():
			old = frappe.db.sql(
				f"select `name`, `terms`, `length`, `category`, `handling_office` from `tab{table}` "
				"where `name` in %(names)s",
				{"names": names},
			)
			for name, terms, length, category, office in old:
				_remove_postings(pool, name, (terms or "").split())
				df[pool].update({key: -1 for key in set((terms or "").split())})
				df[pool].update({DOCS: -1, LENGTH: -(length or 0)})
				if category:
					routes[pool][(category, office or "")] -= 1
			if old:
				frappe.db.sql(f"delete from `tab{table}` where `name` in %(names)s", {"names": names})
	rows = frappe.db.sql(
		f"select {', '.join(f'`{f}`' for f in SOURCE_FIELDS)} from `tabPetition` "
		"where `name` in %(names)s and `concluded_on` is not null and `docstatus` < 2",
		{"names": names},
		as_dict=True,
	)
	keys = [rules.petition_keys((row.subject, row.request, row.facts)) for row in rows]
	indexed = _write_cases(rows, keys, df, routes, now())
	_add_counts(df, routes, now())
	return indexed


CASE_FIELDS = [
	"name",
	"petition",
	"category",
	"handling_office",
	"concluded_on",
	"source_modified",
	"length",
	"terms",
	"creation",
	"modified",
	"owner",
	"modified_by",
]


def _write_cases(
	rows,
	keys_of_rows,
	df: dict[str, Counter],
	routes: dict[str, Counter],
	stamp: str,
	postings: str = POSTINGS,
) -> int:
	"""Writes the concluded petitions ``rows`` (with their word keys) into their pools and into the postings
	table ``postings``, and adds them to the counts ``df`` and ``routes`` (written by the caller)."""
	values: dict[str, list] = defaultdict(list)
	posted: dict[str, list] = defaultdict(list)
	for row, keys in zip(rows, keys_of_rows, strict=True):
		if not keys:
			continue
		pool = pool_of(row.matter_kind)
		values[pool].append(
			(
				row.name,
				row.name,
				row.category,
				row.handling_office,
				row.concluded_on,
				row.modified,
				len(keys),
				" ".join(keys),
				stamp,
				stamp,
				"Administrator",
				"Administrator",
			)
		)
		posted[pool].append((row.name, keys))
		df[pool].update(set(keys))
		df[pool].update({DOCS: 1, LENGTH: len(keys)})
		if row.category:
			routes[pool][(row.category, row.handling_office or "")] += 1
	for pool, rows_of_pool in values.items():
		frappe.db.bulk_insert(TABLES[pool], CASE_FIELDS, rows_of_pool)
		_write_postings(postings, pool, posted[pool])
	return sum(len(v) for v in values.values())


def _add_counts(df: dict[str, Counter], routes: dict[str, Counter], stamp: str, chunk: int = 5000):
	term_rows = [
		(f"{pool}:{term}", pool, term, count, stamp, stamp)
		for pool, counts in df.items()
		for term, count in counts.items()
		if count
	]
	for start in range(0, len(term_rows), chunk):
		part = term_rows[start : start + chunk]
		frappe.db.sql(
			"insert into `tabPetition Assist Term` (`name`, `pool`, `term`, `df`, `creation`, `modified`) "
			f"values {', '.join(['(%s, %s, %s, %s, %s, %s)'] * len(part))} "
			"on duplicate key update `df` = `df` + values(`df`)",
			[v for row in part for v in row],
		)
	route_rows = [
		(f"{pool}:{category}:{office}", pool, category, office, count, stamp, stamp)
		for pool, counts in routes.items()
		for (category, office), count in counts.items()
		if count
	]
	if route_rows:
		frappe.db.sql(
			"insert into `tabPetition Assist Route` (`name`, `pool`, `category`, `handling_office`, `count`, "
			f"`creation`, `modified`) values {', '.join(['(%s, %s, %s, %s, %s, %s, %s)'] * len(route_rows))} "
			"on duplicate key update `count` = `count` + values(`count`)",
			[v for row in route_rows for v in row],
		)


def sync(batch: int = BATCH) -> dict:
	"""Catches up at once: petitions concluded or changed since they were indexed, and indexed ones that are
	no longer concluded or no longer exist. The nightly job; cheap when nothing changed."""
	for doctype in TABLES.values():
		ensure_index(doctype)
	a, b = (f"`tab{TABLES[SHARED]}`", f"`tab{TABLES[REPORTS]}`")
	stale = frappe.db.sql_list(
		f"""select p.`name` from `tabPetition` p left join {a} a on a.`name` = p.`name`
		left join {b} b on b.`name` = p.`name`
		where p.`concluded_on` is not null and p.`docstatus` < 2
		and (coalesce(a.`source_modified`, b.`source_modified`) is null
			or p.`modified` > coalesce(a.`source_modified`, b.`source_modified`))"""
	)
	for table in (a, b):
		stale += frappe.db.sql_list(
			f"""select x.`name` from {table} x left join `tabPetition` p on p.`name` = x.`name`
			where p.`name` is null or p.`concluded_on` is null or p.`docstatus` = 2"""
		)
	indexed = 0
	for start in range(0, len(stale), batch):
		indexed += index(stale[start : start + batch])
		frappe.db.commit()
	return {"checked": len(stale), "indexed": indexed}


def rebuild(full: bool = False, batch: int = 5000, processes: int | None = None) -> dict:
	"""``sync``, or with ``full`` the whole index again from the concluded petitions: the words are cut by a
	pool of processes (one per core), the postings are written unsorted into a table of their own, given their
	primary key once at the end (one sort) and then put in place of the old ones; the counts are written once."""
	if not full:
		return sync()
	import multiprocessing
	import os

	for doctype in TABLES.values():
		ensure_index(doctype)
	for doctype in (*TABLES.values(), TERM, ROUTE):
		frappe.db.sql(f"delete from `tab{doctype}`")
	building = f"{POSTINGS}_building"
	frappe.db.sql_ddl(f"drop table if exists `{building}`")
	_create_postings(building, key=False)
	frappe.db.commit()
	df: dict[str, Counter] = defaultdict(Counter)
	routes: dict[str, Counter] = defaultdict(Counter)
	indexed, last, stamp = 0, "", now()
	rules.words("词典")  # jieba's dictionary loaded once, before the processes are forked
	# fork: the pool's processes only cut words (rules/assist.py), they never touch the database
	with multiprocessing.get_context("fork").Pool(processes or os.cpu_count() or 1) as pool:
		while True:
			rows = frappe.db.sql(
				f"select {', '.join(f'`{f}`' for f in SOURCE_FIELDS)} from `tabPetition` "
				"where `concluded_on` is not null and `docstatus` < 2 and `name` > %s order by `name` limit %s",
				(last, batch),
				as_dict=True,
			)
			if not rows:
				break
			last = rows[-1].name
			keys = pool.map(
				rules.petition_keys, [(r.subject, r.request, r.facts) for r in rows], chunksize=250
			)
			indexed += _write_cases(rows, keys, df, routes, stamp, postings=building)
			frappe.db.commit()
	_add_counts(df, routes, stamp)
	frappe.db.commit()
	# in place: one sort into the primary key (no duplicates: nothing else writes this table)
	frappe.db.sql_ddl(
		f"alter table `{building}` add primary key (`pool`, `term`, `weight`, `petition`), algorithm=inplace"
	)
	frappe.db.sql_ddl(f"rename table `{POSTINGS}` to `{POSTINGS}_old`, `{building}` to `{POSTINGS}`")
	frappe.db.sql_ddl(f"drop table `{POSTINGS}_old`")
	return {"indexed": indexed}


# ------------------------------------------------------------------------------------------------ asking
def counts(pools: list[str], keys: list[str]) -> tuple[dict[str, int], int, float]:
	"""Document frequencies of ``keys`` over the pools, the pools' size and their average length."""
	rows = frappe.db.sql(
		"select `term`, sum(`df`) from `tabPetition Assist Term` where `pool` in %(pools)s "
		"and `term` in %(terms)s group by `term`",
		{"pools": pools, "terms": [*set(keys), DOCS, LENGTH]},
	)
	df = {term: int(count or 0) for term, count in rows}
	n = df.pop(DOCS, 0)
	length = df.pop(LENGTH, 0)
	return df, n, (length / n if n else 0.0)


def routes(pools: list[str]) -> dict[str, dict[str, int]]:
	out: dict[str, dict[str, int]] = defaultdict(dict)
	for category, office, count in frappe.db.sql(
		"select `category`, `handling_office`, sum(`count`) from `tabPetition Assist Route` "
		"where `pool` in %(pools)s group by `category`, `handling_office`",
		{"pools": pools},
	):
		if count and count > 0 and office:
			out[category][office] = int(count)
	return out


def _postings(pools: list[str], weights: dict[str, float]) -> tuple[str, list]:
	"""The postings read for a question, as one query (a union of one short index range per word and pool)."""
	parts, values = [], []
	for pool in pools:
		for key, weight in weights.items():
			parts.append(
				f"(select `petition`, `weight` * {float(weight):.6f} as `s` from `{POSTINGS}` "
				f"where `pool` = %s and `term` = %s order by `weight` desc limit {int(PER_TERM)})"
			)
			values += [pool, key]
	return " union all ".join(parts), values


def scores(pools: list[str], weights: dict[str, float], limit: int = CANDIDATES) -> list[tuple[str, float]]:
	"""The petitions of the pools the postings find for the words ``weights`` (key → idf, times the word's
	weight in the question), best first: for each word at most ``PER_TERM`` postings, the heaviest, summed per
	petition."""
	union, values = _postings(pools, weights)
	if not union:
		return []
	try:
		rows = frappe.db.sql(
			f"select `petition`, sum(`s`) as `score` from ({union}) as `p` "
			f"group by `petition` order by `score` desc, `petition` limit {int(limit)}",
			values,
		)
	except Exception as error:
		# A site not yet migrated has no postings table: nothing to suggest until the nightly sync makes it.
		if getattr(error, "args", (None,))[0] != 1146:  # "Table doesn't exist"
			raise
		return []
	return [(name, float(score)) for name, score in rows]


def readable(names: list[str], condition: str) -> set[str]:
	"""Of ``names``, the petitions the row rule ``condition`` (on `tabPetition`) lets through."""
	if not names:
		return set()
	return set(
		frappe.db.sql_list(
			f"select `name` from `tabPetition` where `name` in %(names)s and ({condition})", {"names": names}
		)
	)


def readable_scores(
	pools: list[str], weights: dict[str, float], condition: str, limit: int = RERANK
) -> list[tuple[str, float]]:
	"""``scores`` of the petitions the row rule lets through only, for an asker who reads few of them."""
	union, values = _postings(pools, weights)
	if not union:
		return []
	rows = frappe.db.sql(
		f"select `p`.`petition`, sum(`p`.`s`) as `score` from ({union}) as `p` "
		"join `tabPetition` on `tabPetition`.`name` = `p`.`petition` "
		f"where ({condition}) group by `p`.`petition` order by `score` desc, `p`.`petition` limit {int(limit)}",
		values,
	)
	return [(name, float(score)) for name, score in rows]


def cases(pools: list[str], names: list[str]) -> list:
	"""The indexed cases of these names, with their words."""
	if not names:
		return []
	out = []
	for pool in pools:
		out += [
			rules.Case(name, Counter((terms or "").split()), length or 0, category, office)
			for name, terms, length, category, office in frappe.db.sql(
				f"select `name`, `terms`, `length`, `category`, `handling_office` from `tab{TABLES[pool]}` "
				"where `name` in %(names)s",
				{"names": names},
			)
		]
	return out


def category_defaults() -> dict[str, str]:
	return dict(frappe.get_all("Petition Category", fields=["name", "default_office"], as_list=True))


def suggest(
	subject: str | None,
	request: str | None,
	facts: str | None,
	pools: list[str],
	condition: str | None = "",
	exclude: str | None = None,
) -> dict:
	"""Suggestions from the pools for a petition's text. ``condition`` is the asker's row rule on petitions
	(``""``: reads every petition of the pools; ``None``: may list none) and decides which cases may be listed
	as similar; the categories and offices are learned from the whole pools."""
	word_list = rules.petition_words(subject, request, facts)
	keys = rules.term_keys(word_list)
	df, n, avg = counts(pools, keys)
	terms = rules.query_terms(keys, df, n)
	idfs = {key: rules.idf(df[key], n) for key in terms}
	asked = {key: idfs[key] * (1 + math.log(terms[key])) for key in rules.search_terms(terms, df, n)}
	scored = scores(pools, asked)
	found = [name for name, _score in scored if name != exclude]
	known = {c.name: c for c in cases(pools, found[:RERANK])}
	ranked = rules.rank(terms, known.values(), avg, idfs)
	near = rules.neighbour_weights(ranked, NEIGHBOURS)
	learned_routes = routes(pools)
	prior = Counter()
	for category, offices in learned_routes.items():
		prior[category] += sum(offices.values())
	whole = sum(prior.values()) or 1
	categories = rules.votes(near, "category", {c: v / whole for c, v in prior.items()})
	offices = rules.office_votes(near, categories, learned_routes, category_defaults())
	if condition == "":
		similar = ranked
	elif condition is None:
		similar = []
	else:
		# The row rule on the candidates already found; an asker who may read few of them has the postings
		# asked again with the rule in the query.
		allowed = readable(found, condition)
		listed = [name for name in found if name in allowed][:RERANK]
		if len(listed) < TOP * 4 and len(scored) >= CANDIDATES:
			listed = [name for name, _s in readable_scores(pools, asked, condition) if name != exclude]
		missing = [name for name in listed if name not in known]
		listed_cases = [known[name] for name in listed if name in known] + cases(pools, missing)
		similar = rules.rank(terms, listed_cases, avg, idfs)
	return {
		"categories": [
			{
				"category": category,
				"score": round(score, 3),
				"words": rules.leading_words(word_list, near, "category", category, idfs),
			}
			for category, score in categories[:TOP]
		],
		"offices": [
			{
				"office": office,
				"score": round(score, 3),
				"words": rules.leading_words(word_list, near, "office", office, idfs),
			}
			for office, score in offices[:TOP]
		],
		"similar": [(s.case.name, s.score) for s in similar[: TOP * 4]],
	}
