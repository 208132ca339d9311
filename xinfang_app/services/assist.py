"""同案同处: the index of concluded petitions the suggestions learn from, kept in the database.

Two pools, so that a report's text never shapes what someone outside the petition office is suggested:

- ``shared`` (Petition Assist Case): every concluded petition but reports; what everyone's suggestions
  learn from;
- ``reports`` (Petition Assist Report Case): concluded reports (检举控告), added to the shared pool only for
  petition officers and managers, who read every report (信访工作条例 Art. 30 ¶3).

Each pool keeps, per concluded petition, its words as keys (``terms``), and, in Petition Assist Term, how
many petitions use each word, the number of petitions (``#docs``) and their total length (``#length``);
Petition Assist Route counts where each category's petitions went. Each indexed petition has a number
(``__assist_ids``), and the word lists (``__assist_lists``: pool, word, block, then the petitions' numbers
and the word's weight in each, packed) say, for each word and block of ``BLOCK`` numbers, which petitions
use it and how heavily (``rules.impact``). A question reads the whole lists of its rarest words and adds them
up for every petition at once (numpy), so the petitions that share the most of its telling words are found
however many others share some; the best few hundred are ranked by BM25 with the counts
(``rules/assist.py``) and the nearest vote. Nothing is kept in a process between requests: every server
answers from the database.

A petition joins its pool as it concludes (``on_petition_update``, in the same transaction); ``sync`` (the
nightly job, and ``api.assist.rebuild``) catches up with anything that changed another way (a direct database
update, a deleted petition) and ``rebuild(full=True)`` starts again from the petitions.
"""

from __future__ import annotations

import math
import re
import sys
from array import array
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
IDS, LISTS = "__assist_ids", "__assist_lists"
CATEGORIES = "__assist_categories"  # each word's petitions per category
OLD_POSTINGS = "__assist_postings"  # the postings earlier versions read; dropped where left
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
BLOCK = 1 << 14  # petition numbers per row of a word's list (a number's place in its block fits two bytes)
CANDIDATES = 2000  # petitions the lists hand on, best first (the asker's row rule filters these)
RERANK = 300  # of which BM25 weighs the best
READABLE = 200_000  # numbers of readable petitions looked up at most for an asker who reads few of them
NEIGHBOURS = 12  # cases that vote
TOP = 5
BATCH = 2000
PACKET = 4 << 20  # bytes of lists written in one statement


def ensure_index(doctype: str | None = None):
	"""The numbers and word lists, and each word's petitions per category (made, and filled from the pools'
	cases, where they are missing); the full-text index and the postings of earlier versions are dropped."""
	if doctype and frappe.db.sql(f"show index from `tab{doctype}` where Key_name = %s", FULLTEXT):
		frappe.db.sql_ddl(f"alter table `tab{doctype}` drop index `{FULLTEXT}`")
	if frappe.db.sql("show tables like %s", OLD_POSTINGS):
		frappe.db.sql_ddl(f"drop table `{OLD_POSTINGS}`")
	if not frappe.db.sql("show tables like %s", CATEGORIES):
		_create_categories()
	if frappe.db.sql("show tables like %s", LISTS) and frappe.db.sql("show tables like %s", IDS):
		return
	for table in (IDS, LISTS):
		frappe.db.sql_ddl(f"drop table if exists `{table}`")
	_create_tables(IDS, LISTS)
	lists = _Lists(IDS, LISTS)
	for pool, rows in _cases_of_pools("`name`, `terms`"):
		lists.add(pool, [(name, (terms or "").split()) for name, terms in rows])
	lists.close()
	frappe.db.commit()


def _cases_of_pools(fields: str):
	"""The indexed cases of every pool, 5,000 at a time: (pool, rows of ``fields``, the first being `name`)."""
	for pool, table in TABLES.items():
		if not frappe.db.table_exists(table):  # while the app installs
			continue
		last = ""
		while True:
			rows = frappe.db.sql(
				f"select {fields} from `tab{table}` where `name` > %s order by `name` limit 5000", (last,)
			)
			if not rows:
				break
			last = rows[-1][0]
			yield pool, rows


def _create_categories():
	"""The table of each word's petitions per category, filled from the pools' cases."""
	frappe.db.sql_ddl(
		f"create table `{CATEGORIES}` (`pool` varchar(16) character set ascii collate ascii_bin not null, "
		"`term` varchar(16) character set ascii collate ascii_bin not null, "
		"`category` varchar(140) character set utf8mb4 collate utf8mb4_unicode_ci not null, "
		"`df` int not null, primary key (`pool`, `term`, `category`)) engine=InnoDB"
	)
	counted = _Counts()
	for pool, rows in _cases_of_pools("`name`, `terms`, `category`"):
		for _name, terms, category in rows:
			counted.add_categories(pool, set((terms or "").split()), category, 1)
	counted.write_categories()
	frappe.db.commit()


def _create_tables(ids: str, lists: str):
	frappe.db.sql_ddl(
		f"create table `{ids}` (`id` int unsigned not null auto_increment primary key, "
		"`pool` varchar(16) character set ascii collate ascii_bin not null, "
		"`petition` varchar(140) character set utf8mb4 collate utf8mb4_unicode_ci not null, "
		"unique key `petition` (`petition`)) engine=InnoDB"
	)
	frappe.db.sql_ddl(
		f"create table `{lists}` (`pool` varchar(16) character set ascii collate ascii_bin not null, "
		"`term` varchar(16) character set ascii collate ascii_bin not null, `block` int unsigned not null, "
		"`docs` mediumblob not null, `weights` mediumblob not null, "
		"primary key (`pool`, `term`, `block`)) engine=InnoDB"
	)


_KEY = re.compile(r"t[a-z2-7]+")


def _postings(keys: list[str]) -> dict[str, int]:
	"""A petition's words as they are listed (word key → weight); keys are ASCII letters and digits, checked."""
	return {key: weight for key, weight in rules.postings(keys).items() if _KEY.fullmatch(key)}


def _u16(values) -> bytes:
	"""Little-endian two-byte numbers, as the lists keep them."""
	packed = array("H", values)
	if sys.byteorder == "big":
		packed.byteswap()
	return packed.tobytes()


def _insert_lists(table: str, rows: list[tuple], append: bool = False):
	"""Writes rows (pool, term, block, docs, weights) in statements of about ``PACKET`` bytes; ``append``:
	to a row that exists, the petitions are added at its end. (The lists go as hexadecimal text: Frappe logs
	each statement as text.)"""
	tail = (
		" on duplicate key update `docs` = concat(`docs`, values(`docs`)), "
		"`weights` = concat(`weights`, values(`weights`))"
		if append
		else ""
	)
	part, size = [], 0
	for row in [*rows, None]:
		if row is not None:
			part.append(row)
			size += 2 * (len(row[3]) + len(row[4])) + 64
		if part and (row is None or size >= PACKET):
			frappe.db.sql(
				f"insert into `{table}` (`pool`, `term`, `block`, `docs`, `weights`) values "
				+ ", ".join(["(%s, %s, %s, unhex(%s), unhex(%s))"] * len(part))
				+ tail,
				[
					v
					for pool, term, block, docs, weights in part
					for v in (pool, term, block, docs.hex(), weights.hex())
				],
			)
			part, size = [], 0


class _Lists:
	"""The lists of a full build: petitions numbered in the order they come, each block of lists written once
	its numbers are all given (so a build holds one block in memory whatever the size of the history)."""

	def __init__(self, ids: str, lists: str):
		self.ids, self.lists = ids, lists
		self.next = 1
		self.block = None
		self.pending: dict[tuple[str, str], tuple[array, array]] = {}

	def add(self, pool: str, items):
		"""``items``: (petition, word keys) of one pool."""
		numbered = []
		for name, keys in items:
			number, self.next = self.next, self.next + 1
			block, offset = divmod(number, BLOCK)
			if block != self.block:
				self._flush()
				self.block = block
			numbered.append((number, pool, name))
			for key, weight in _postings(keys).items():
				docs, weights = self.pending.setdefault((pool, key), (array("H"), array("H")))
				docs.append(offset)
				weights.append(weight)
		for start in range(0, len(numbered), 5000):
			frappe.db.bulk_insert(self.ids, ["id", "pool", "petition"], numbered[start : start + 5000])

	def _flush(self):
		if self.pending:
			rows = [
				(pool, key, self.block, _u16(docs), _u16(weights))
				for (pool, key), (docs, weights) in sorted(self.pending.items())
			]
			_insert_lists(self.lists, rows)
		self.pending = {}

	def close(self):
		self._flush()


def _add_lists(pool: str, items):
	"""Adds petitions (petition, word keys) of a pool to the lists: each gets the next number, so it joins the
	last block of each of its words' lists."""
	if not items:
		return
	frappe.db.sql(
		f"insert ignore into `{IDS}` (`pool`, `petition`) values {', '.join(['(%s, %s)'] * len(items))}",
		[v for name, _keys in items for v in (pool, name)],
	)
	numbers = dict(
		frappe.db.sql(
			f"select `petition`, `id` from `{IDS}` where `petition` in %(names)s",
			{"names": [name for name, _keys in items]},
		)
	)
	merged: dict[tuple[str, int], tuple[list, list]] = {}
	for name, keys in items:
		block, offset = divmod(numbers[name], BLOCK)
		for key, weight in _postings(keys).items():
			docs, weights = merged.setdefault((key, block), ([], []))
			docs.append(offset)
			weights.append(weight)
	rows = [(pool, key, block, _u16(d), _u16(w)) for (key, block), (d, w) in sorted(merged.items())]
	_insert_lists(LISTS, rows, append=True)


def _remove_lists(pool: str, name: str, keys: list[str]):
	"""Takes one petition out of the lists of its words and gives up its number."""
	import numpy as np

	found = frappe.db.sql(f"select `id` from `{IDS}` where `petition` = %s for update", name)
	if not found:
		return
	block, offset = divmod(found[0][0], BLOCK)
	terms = list(_postings(keys))
	rows = (
		frappe.db.sql(
			f"select `term`, `docs`, `weights` from `{LISTS}` where `pool` = %(pool)s and `block` = %(block)s "
			"and `term` in %(terms)s for update",
			{"pool": pool, "block": block, "terms": terms},
		)
		if terms
		else ()
	)
	for term, docs, weights in rows:
		docs, weights = np.frombuffer(docs, "<u2"), np.frombuffer(weights, "<u2")
		keep = docs != offset
		where = (pool, term, block)
		if keep.all():
			continue
		if not keep.any():
			frappe.db.sql(f"delete from `{LISTS}` where `pool` = %s and `term` = %s and `block` = %s", where)
		else:
			frappe.db.sql(
				f"update `{LISTS}` set `docs` = unhex(%s), `weights` = unhex(%s) "
				"where `pool` = %s and `term` = %s and `block` = %s",
				(
					_u16(docs[keep].tolist()).hex(),
					_u16(weights[keep].tolist()).hex(),
					*where,
				),
			)
	frappe.db.sql(f"delete from `{IDS}` where `id` = %s", found[0][0])


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
	counted = _Counts()
	if not fresh:
		for pool, table in TABLES.items():
			old = frappe.db.sql(
				f"select `name`, `terms`, `length`, `category`, `handling_office` from `tab{table}` "
				"where `name` in %(names)s",
				{"names": names},
			)
			for name, terms, length, category, office in old:
				keys = (terms or "").split()
				_remove_lists(pool, name, keys)
				counted.add(pool, keys, length or 0, category, office, -1)
			if old:
				frappe.db.sql(f"delete from `tab{table}` where `name` in %(names)s", {"names": names})
	rows = frappe.db.sql(
		f"select {', '.join(f'`{f}`' for f in SOURCE_FIELDS)} from `tabPetition` "
		"where `name` in %(names)s and `concluded_on` is not null and `docstatus` < 2",
		{"names": names},
		as_dict=True,
	)
	keys = [rules.petition_keys((row.subject, row.request, row.facts)) for row in rows]
	indexed = _write_cases(rows, keys, counted, now())
	counted.write(now())
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


def _write_cases(rows, keys_of_rows, counted: _Counts, stamp: str, lists: _Lists | None = None) -> int:
	"""Writes the concluded petitions ``rows`` (with their word keys) into their pools and the word lists
	(those of a full build: ``lists``), and adds them to ``counted`` (written by the caller)."""
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
		counted.add(pool, keys, len(keys), row.category, row.handling_office, 1)
	for pool, rows_of_pool in values.items():
		frappe.db.bulk_insert(TABLES[pool], CASE_FIELDS, rows_of_pool)
		if lists is None:
			_add_lists(pool, posted[pool])
		else:
			lists.add(pool, posted[pool])
	return sum(len(v) for v in values.values())


class _Counts:
	"""What the index counts besides its lists, gathered as petitions join (``sign`` 1) or leave (-1) and
	written at once, added to what is stored: each word's petitions (and the pool's petitions and words,
	under DOCS and LENGTH), the history's routes (category → office; a category's petitions are its routes'),
	and each word's petitions per category. (Counted by Counter's own loop over the words: a full build
	counts a million petitions' words twice.)"""

	def __init__(self):
		self.df: dict[str, Counter] = defaultdict(Counter)
		self.routes: dict[str, Counter] = defaultdict(Counter)
		self.categories: dict[tuple[str, str], Counter] = defaultdict(Counter)

	def add(self, pool: str, keys: list[str], length: int, category, office, sign: int):
		unique = set(keys)
		self._count(self.df[pool], unique, sign)
		self.df[pool].update({DOCS: sign, LENGTH: sign * length})
		if category:
			self.routes[pool][(category, office or "")] += sign
		self.add_categories(pool, unique, category, sign)

	def add_categories(self, pool: str, unique_keys, category, sign: int):
		if category:
			self._count(self.categories[(pool, category)], unique_keys, sign)

	@staticmethod
	def _count(counter: Counter, keys, sign: int):
		if sign > 0:
			counter.update(keys)
		else:
			counter.subtract(keys)

	def write(self, stamp: str):
		_add_to(
			"tabPetition Assist Term",
			("name", "pool", "term", "df", "creation", "modified"),
			"df",
			[
				(f"{pool}:{term}", pool, term, count, stamp, stamp)
				for pool, counts in self.df.items()
				for term, count in counts.items()
				if count
			],
		)
		_add_to(
			"tabPetition Assist Route",
			("name", "pool", "category", "handling_office", "count", "creation", "modified"),
			"count",
			[
				(f"{pool}:{category}:{office}", pool, category, office, count, stamp, stamp)
				for pool, counts in self.routes.items()
				for (category, office), count in counts.items()
				if count
			],
		)
		self.write_categories()

	def write_categories(self):
		_add_to(
			CATEGORIES,
			("pool", "term", "category", "df"),
			"df",
			[
				(pool, term, category, count)
				for (pool, category), counts in self.categories.items()
				for term, count in counts.items()
				if count
			],
		)


def _add_to(table: str, columns: tuple[str, ...], added: str, rows: list[tuple], chunk: int = 5000):
	"""Inserts ``rows``, or adds their column ``added`` to that of the row of the same key that is there."""
	for start in range(0, len(rows), chunk):
		part = rows[start : start + chunk]
		frappe.db.sql(
			f"insert into `{table}` ({', '.join(f'`{c}`' for c in columns)}) values "
			f"{', '.join(['(' + ', '.join(['%s'] * len(columns)) + ')'] * len(part))} "
			f"on duplicate key update `{added}` = `{added}` + values(`{added}`)",
			[v for row in part for v in row],
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
	pool of processes (one per core), the petitions numbered in order and their lists written a block at a
	time into tables of their own, which then take the place of the old ones; the counts are written once."""
	if not full:
		return sync()
	import multiprocessing
	import os

	for doctype in TABLES.values():
		ensure_index(doctype)
	for doctype in (*TABLES.values(), TERM, ROUTE):
		frappe.db.sql(f"delete from `tab{doctype}`")
	frappe.db.sql(f"delete from `{CATEGORIES}`")
	building = (f"{IDS}_building", f"{LISTS}_building")
	for table in building:
		frappe.db.sql_ddl(f"drop table if exists `{table}`")
	_create_tables(*building)
	frappe.db.commit()
	lists = _Lists(*building)
	counted = _Counts()
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
			indexed += _write_cases(rows, keys, counted, stamp, lists=lists)
			frappe.db.commit()
	lists.close()
	counted.write(stamp)
	frappe.db.commit()
	frappe.db.sql_ddl(
		f"rename table `{IDS}` to `{IDS}_old`, `{building[0]}` to `{IDS}`, "
		f"`{LISTS}` to `{LISTS}_old`, `{building[1]}` to `{LISTS}`"
	)
	frappe.db.sql_ddl(f"drop table `{IDS}_old`, `{LISTS}_old`")
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


def category_counts(pools: list[str], keys: list[str]) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
	"""How many petitions of each category use each of ``keys`` (key → category → count), and how many each
	category has (its routes, whatever the office), over the pools."""
	by_term: dict[str, dict[str, int]] = defaultdict(dict)
	for term, category, count in frappe.db.sql(
		f"select `term`, `category`, sum(`df`) from `{CATEGORIES}` where `pool` in %(pools)s "
		"and `term` in %(terms)s group by `term`, `category`",
		{"pools": pools, "terms": list(set(keys)) or [""]},
	):
		if count and count > 0:
			by_term[term][category] = int(count)
	sizes = {
		category: int(count)
		for category, count in frappe.db.sql(
			"select `category`, sum(`count`) from `tabPetition Assist Route` where `pool` in %(pools)s "
			"group by `category`",
			{"pools": pools},
		)
		if count and count > 0
	}
	return by_term, sizes


def totals(pools: list[str], weights: dict[str, float]):
	"""Every petition of the pools that uses any of the words ``weights`` (key → idf, times the word's weight
	in the question), with the sum of those words' weights in it times theirs: (numbers, sums), numpy arrays.
	The whole list of each word is read, so nothing that shares the question's words is missed."""
	import numpy as np

	if not weights:
		return np.zeros(0, dtype=np.int64), np.zeros(0)
	try:
		rows = frappe.db.sql(
			f"select `term`, `block`, `docs`, `weights` from `{LISTS}` "
			"where `pool` in %(pools)s and `term` in %(terms)s",
			{"pools": pools, "terms": list(weights)},
		)
	except Exception as error:
		# A site not yet migrated has no lists: nothing to suggest until the nightly sync makes them.
		if getattr(error, "args", (None,))[0] != 1146:  # "Table doesn't exist"
			raise
		rows = ()
	if not rows:
		return np.zeros(0, dtype=np.int64), np.zeros(0)
	numbers = np.concatenate(
		[np.frombuffer(docs, "<u2").astype(np.int64) + block * BLOCK for _term, block, docs, _w in rows]
	)
	sums = np.concatenate([np.frombuffer(w, "<u2") * weights[term] for term, _block, _docs, w in rows])
	summed = np.bincount(numbers, weights=sums)
	found = np.flatnonzero(summed)
	return found, summed[found]


def best(numbers, sums, limit: int, among=None) -> list[tuple[str, float]]:
	"""The ``limit`` petitions of the highest sums (ties by number), as (petition, sum); ``among``: only
	these numbers."""
	return named(*top(numbers, sums, limit, among))


def top(numbers, sums, limit: int, among=None):
	"""The numbers of the ``limit`` highest sums (ties by number) and their sums, best first; ``among``: only
	these numbers."""
	import numpy as np

	if among is not None:
		keep = np.isin(numbers, np.asarray(among, dtype=np.int64))
		numbers, sums = numbers[keep], sums[keep]
	if len(sums) > limit:
		kth = np.partition(sums, len(sums) - limit)[len(sums) - limit]
		keep = sums >= kth
		numbers, sums = numbers[keep], sums[keep]
	order = np.lexsort((numbers, -sums))[:limit]
	return numbers[order], sums[order]


def named(numbers, sums) -> list[tuple[str, float]]:
	"""(petition, sum) for these numbers and sums."""
	if not len(numbers):
		return []
	names = dict(
		frappe.db.sql(
			f"select `id`, `petition` from `{IDS}` where `id` in %(ids)s", {"ids": [int(n) for n in numbers]}
		)
	)
	return [(names[int(n)], float(v)) for n, v in zip(numbers, sums, strict=True) if int(n) in names]


def readable_numbers(pools: list[str], condition: str) -> list[int]:
	"""The numbers of the indexed petitions the row rule ``condition`` lets through (at most ``READABLE``)."""
	return frappe.db.sql_list(
		f"select `i`.`id` from `{IDS}` `i` join `tabPetition` on `tabPetition`.`name` = `i`.`petition` "
		f"where `i`.`pool` in %(pools)s and ({condition}) limit {int(READABLE)}",
		{"pools": pools},
	)


def readable(names: list[str], condition: str) -> set[str]:
	"""Of ``names``, the petitions the row rule ``condition`` (on `tabPetition`) lets through."""
	if not names:
		return set()
	return set(
		frappe.db.sql_list(
			f"select `name` from `tabPetition` where `name` in %(names)s and ({condition})", {"names": names}
		)
	)


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
	numbers, sums = totals(pools, asked)
	candidates = top(numbers, sums, CANDIDATES)
	# the names of the best only; those of the rest are looked up for an asker with a row rule
	head = named(candidates[0][: RERANK + 1], candidates[1][: RERANK + 1])
	found = [name for name, _score in head if name != exclude][:RERANK]
	known = {c.name: c for c in cases(pools, found)}
	ranked = rules.rank(terms, known.values(), avg, idfs)
	near = rules.neighbour_weights(ranked, NEIGHBOURS)
	learned_routes = routes(pools)
	# behind the neighbours, the categories whose petitions use the question's words most
	categories = rules.votes(
		near, "category", rules.category_shares(terms, *category_counts(pools, list(terms)))
	)
	offices = rules.office_votes(near, categories, learned_routes, category_defaults())
	if condition == "":
		similar = ranked
	elif condition is None:
		similar = []
	else:
		# The row rule on the candidates already found; for an asker who may read few of them, the best of
		# the petitions they may read among all the lists found.
		found = [
			name for name, _s in head + named(*(part[RERANK + 1 :] for part in candidates)) if name != exclude
		]
		allowed = readable(found, condition)
		listed = [name for name in found if name in allowed][:RERANK]
		if len(listed) < TOP * 4 and len(candidates[0]) >= CANDIDATES:
			among = readable_numbers(pools, condition)
			listed = [name for name, _s in best(numbers, sums, RERANK + 1, among) if name != exclude]
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
