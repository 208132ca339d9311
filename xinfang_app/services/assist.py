"""同案同处: the index of concluded petitions the suggestions learn from, kept in the database.

Two pools, so that a report's text never shapes what someone outside the petition office is suggested:

- ``shared`` (Petition Assist Case): every concluded petition but reports; what everyone's suggestions
  learn from;
- ``reports`` (Petition Assist Report Case): concluded reports (检举控告), added to the shared pool only for
  petition officers and managers, who read every report (信访工作条例 Art. 30 ¶3).

Each pool keeps, per concluded petition, its words as keys of a MariaDB full-text index (``terms``), and,
in Petition Assist Term, how many petitions use each word, the number of petitions (``#docs``) and their
total length (``#length``); Petition Assist Route counts where each category's petitions went. A question
asks the full-text index for candidates, ranks them by BM25 with those counts (``rules/assist.py``) and lets
the nearest vote. Nothing is kept in a process between requests: every server answers from the database.

A petition joins its pool as it concludes (``on_petition_update``, in the same transaction); ``sync`` (the
nightly job, and ``api.assist.rebuild``) catches up with anything that changed another way (a direct database
update, a deleted petition) and ``rebuild(full=True)`` starts again from the petitions.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import frappe
from frappe.utils import now

from xinfang_app.rules import assist as rules
from xinfang_app.rules.outcomes import REPORT

SHARED, REPORTS = "shared", "reports"
TABLES = {SHARED: "Petition Assist Case", REPORTS: "Petition Assist Report Case"}
TERM, ROUTE = "Petition Assist Term", "Petition Assist Route"
DOCS, LENGTH = "#docs", "#length"
FULLTEXT = "terms_fulltext"
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
CANDIDATES = 100  # cases the full-text index hands to BM25, per pool
NEIGHBOURS = 12  # cases that vote
TOP = 5
BATCH = 2000


def ensure_fulltext(doctype: str):
	table = f"tab{doctype}"
	if not frappe.db.sql(f"show index from `{table}` where Key_name = %s", FULLTEXT):
		frappe.db.sql_ddl(f"alter table `{table}` add fulltext index `{FULLTEXT}` (`terms`)")


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
				f"select `terms`, `length`, `category`, `handling_office` from `tab{table}` where `name` in %(names)s",
				{"names": names},
			)
			for terms, length, category, office in old:
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


def _write_cases(rows, keys_of_rows, df: dict[str, Counter], routes: dict[str, Counter], stamp: str) -> int:
	"""Writes the concluded petitions ``rows`` (with their word keys) into their pools and adds them to the
	counts ``df`` and ``routes`` (written by the caller)."""
	values: dict[str, list] = defaultdict(list)
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
		df[pool].update(set(keys))
		df[pool].update({DOCS: 1, LENGTH: len(keys)})
		if row.category:
			routes[pool][(row.category, row.handling_office or "")] += 1
	for pool, rows_of_pool in values.items():
		frappe.db.bulk_insert(TABLES[pool], CASE_FIELDS, rows_of_pool)
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
		ensure_fulltext(doctype)  # a full rebuild stopped half-way leaves it dropped
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
	pool of processes (one per core), the full-text indexes are dropped while the rows are written and built
	once at the end, and the counts are written once."""
	if not full:
		return sync()
	import multiprocessing
	import os

	for doctype in (*TABLES.values(), TERM, ROUTE):
		frappe.db.sql(f"delete from `tab{doctype}`")
	for doctype in TABLES.values():
		if frappe.db.sql(f"show index from `tab{doctype}` where Key_name = %s", FULLTEXT):
			frappe.db.sql_ddl(f"alter table `tab{doctype}` drop index `{FULLTEXT}`")
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
			indexed += _write_cases(rows, keys, df, routes, stamp)
			frappe.db.commit()
	_add_counts(df, routes, stamp)
	frappe.db.commit()
	for doctype in TABLES.values():
		ensure_fulltext(doctype)
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


def candidates(pool: str, terms: list[str], condition: str = "", limit: int = CANDIDATES) -> list:
	"""The cases of a pool the full-text index finds for the terms (``rules.search_terms``), the likeliest
	first; with ``condition`` (a row rule on `tabPetition`) only the petitions it lets through."""
	if not terms:
		return []
	table = f"`tab{TABLES[pool]}`"
	join = f" join `tabPetition` on `tabPetition`.`name` = {table}.`name`" if condition else ""
	where = f" and ({condition})" if condition else ""
	match = f"match({table}.`terms`) against (%(q)s in natural language mode)"
	try:
		rows = frappe.db.sql(
			f"select {table}.`name`, {table}.`terms`, {table}.`length`, {table}.`category`, "
			f"{table}.`handling_office` from {table}{join} where {match}{where} order by {match} desc "
			f"limit {int(limit)}",
			{"q": " ".join(terms)},
		)
	except Exception as error:
		# A full rebuild under way (or one stopped half-way) has no full-text index yet: nothing to suggest
		# until it ends (or until the nightly sync builds the index again).
		if getattr(error, "args", (None,))[0] != 1191:  # "Can't find FULLTEXT index"
			raise
		return []
	return [
		rules.Case(name, Counter((terms_ or "").split()), length or 0, category, office)
		for name, terms_, length, category, office in rows
	]


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
	asked = rules.search_terms(terms, df, n)
	found = [c for pool in pools for c in candidates(pool, asked) if c.name != exclude]
	ranked = rules.rank(terms, found, avg, idfs)
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
		listed = [c for pool in pools for c in candidates(pool, asked, condition) if c.name != exclude]
		similar = rules.rank(terms, listed, avg, idfs)
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
