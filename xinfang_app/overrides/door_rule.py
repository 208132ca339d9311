"""Deny by default at the door: no API call reaches this app's data unless its method was vetted.

Closing one door at a time did not hold: each audit found the next whitelisted method of Frappe or of an app
installed beside this one that answers about any DocType without the row rule or the field levels (a count
grouped by any column, a heatmap of any filter, a search that drops user permissions, a prepared result of
another user). So the rule is turned round. For a caller who may not read every petition with its reporter's
identity (see ``is_exempt``), an API call — ``/api/method/…`` (``run_doc_method`` and every ``frappe.client``
and ``frappe.desk`` method reached that way), ``/api/resource/…`` and the ``/api/v2`` equivalents — is
refused with HTTP 403 and one message, before it runs and so with nothing changed, when its decoded arguments
reach one of this app's DocTypes (child tables included):

- by naming the DocType anywhere: under any key, inside JSON strings, dicts and lists, or as a table of a
  field (```tabPetition Representative`.`phone```);
- through a record that points at one: a Report, Kanban Board, Dashboard Chart, Dashboard Chart Source,
  Number Card, Calendar View or Prepared Report on one of them, or a Tag given to one of their documents;
- by naming one of their documents: a register number (``XF-2026-00001``) whether or not it exists, or the
  name of an existing office, category, calendar, organisation or SMS record —

unless the method is on the vetted list (``door_vetted.VETTED``), whose entries say why they are safe, which
test covers them and, where a method is safe only with some arguments, which (a link search without
``ignore_user_permissions``, a report without another user's prepared result...). A refused call and a call
with an unknown name get the same answer, so the door tells nothing about what exists.

The look-ups it needs (the app's DocTypes, the records that point at them) are kept in the cache and cleared
when such a record changes; a vetted call from the desk costs a dictionary look-up and its argument checks
(``benchmark.py`` measures it).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import unquote

import frappe
from frappe import _

# Who the rule leaves alone: those who read every petition with its reporter's identity (DocPerm on every
# permission level of Petition), and the System Manager, who can grant themselves any role.
EXEMPT_ROLES = frozenset({"Petition Officer", "Petition Manager", "System Manager"})
EXEMPT_USERS = frozenset({"Administrator"})

CACHE_KEY = "xinfang_door_pointers"
# Records that point at a DocType, with the fields that name it.
POINTER_DOCTYPES = (
	"Report",
	"Kanban Board",
	"Dashboard Chart",
	"Dashboard Chart Source",
	"Number Card",
	"Calendar View",
	"Prepared Report",
	"Tag Link",
	"DocType",
)
_MAX_STRINGS = 400
_MAX_NAME = 140
_DEPTH = 12


def message() -> str:
	return _("This function is not open for petitions and their records.")


def refuse():
	frappe.throw(message(), frappe.PermissionError, title=_("Not permitted"))


def is_exempt(user: str | None = None) -> bool:
	user = user or frappe.session.user
	return user in EXEMPT_USERS or bool(EXEMPT_ROLES & set(frappe.get_roles(user)))


# ---------------------------------------------------------------------------------------------------------
# What the app's DocTypes are, and what points at them (cached)


@dataclass
class Pointers:
	doctypes: dict[str, str]  # casefolded name -> name
	tables: dict[str, str]  # child table -> parent
	pointers: set[str]  # casefolded names of records that point at an app DocType
	series: re.Pattern | None  # register numbers of the app's DocTypes
	named: list[str]  # DocTypes named by a field or a hash: existence is looked up
	table_pattern: re.Pattern | None = field(default=None)


def pointers() -> Pointers:
	cached = getattr(frappe.local, "xinfang_door_pointers", None)
	if cached is not None:
		return cached
	data = frappe.cache.get_value(CACHE_KEY)
	if not data:
		data = _build()
		frappe.cache.set_value(CACHE_KEY, data, expires_in_sec=6 * 3600)
	doctypes = data["doctypes"]
	names = sorted(doctypes.values(), key=len, reverse=True)
	result = Pointers(
		doctypes={name.casefold(): name for name in doctypes.values()},
		tables=data["tables"],
		pointers=set(data["pointers"]),
		series=re.compile(data["series"], re.IGNORECASE) if data["series"] else None,
		named=data["named"],
		table_pattern=re.compile(r"tab\s*(" + "|".join(re.escape(n) for n in names) + ")", re.IGNORECASE)
		if names
		else None,
	)
	frappe.local.xinfang_door_pointers = result
	return result


def clear_cache(doc=None, method=None):
	"""doc_events of the records that point at a DocType: the next request looks them up again — and again
	once the change is committed (a request in between would have cached the records without it)."""

	if doc is not None and not _concerns_app(doc):
		return

	def clear():
		frappe.cache.delete_value(CACHE_KEY)
		frappe.local.xinfang_door_pointers = None

	clear()
	frappe.db.after_commit.add(clear)


def _concerns_app(doc) -> bool:
	"""Whether a changed record may point at the app's DocTypes (then the look-ups are made again); records
	about other DocTypes (a tag on a ToDo, a report on Users) leave them as they are."""
	try:
		p = pointers()
	except Exception:
		return True
	if (doc.name or "").casefold() in p.pointers:
		return True  # it pointed at them: it may no longer
	values = [doc.get(field) for field in _POINTING_FIELDS.get(doc.doctype, ())]
	if doc.doctype == "DocType":
		from xinfang_app.overrides.db_query import app_modules

		return doc.module in app_modules() or app_doctype(doc.name) is not None
	if doc.doctype in ("Dashboard Chart", "Number Card") and str(doc.get("method") or "").startswith(
		"xinfang_app."
	):
		return True
	if doc.doctype == "Dashboard Chart Source" or doc.doctype == "Report":
		from xinfang_app.overrides.db_query import app_modules

		if doc.get("module") in app_modules():
			return True
	return any(
		isinstance(value, str) and (app_doctype(value) or value.casefold() in p.pointers) for value in values
	)


_POINTING_FIELDS = {
	"Report": ("ref_doctype",),
	"Kanban Board": ("reference_doctype",),
	"Calendar View": ("reference_doctype",),
	"Dashboard Chart": ("document_type", "parent_document_type", "report_name", "source"),
	"Number Card": ("document_type", "parent_document_type", "report_name"),
	"Prepared Report": ("report_name",),
	"Tag Link": ("document_type",),
}


def _build() -> dict:
	from xinfang_app.overrides.db_query import app_modules

	modules = sorted(app_modules())
	rows = frappe.get_all(
		"DocType",
		filters={"module": ("in", modules)},
		fields=["name", "istable", "issingle", "autoname", "is_virtual"],
	)
	doctypes = {row.name: row.name for row in rows}
	app = list(doctypes)
	tables = {}
	children = [row.name for row in rows if row.istable]
	links = frappe.get_all(
		"DocField",
		filters={"fieldtype": ("in", ["Table", "Table MultiSelect"]), "options": ("in", children or [""])},
		fields=["parent", "options"],
	)
	for child in children:
		parents = [link.parent for link in links if link.options == child]
		tables[child] = next((p for p in parents if p in doctypes), parents[0] if parents else "")
	reports = frappe.get_all(
		"Report",
		or_filters={"ref_doctype": ("in", app), "module": ("in", modules)},
		pluck="name",
	)
	sources = frappe.get_all("Dashboard Chart Source", filters={"module": ("in", modules)}, pluck="name")
	found = set(reports) | set(sources)
	found |= set(frappe.get_all("Kanban Board", filters={"reference_doctype": ("in", app)}, pluck="name"))
	found |= set(frappe.get_all("Calendar View", filters={"reference_doctype": ("in", app)}, pluck="name"))
	for doctype, extra in (("Dashboard Chart", "source"), ("Number Card", "method")):
		or_filters = {
			"document_type": ("in", app),
			"parent_document_type": ("in", app),
			"report_name": ("in", reports or [""]),
		}
		if extra == "source":
			or_filters["source"] = ("in", sources or [""])
		else:
			or_filters["method"] = ("like", "xinfang_app.%")
		found |= set(frappe.get_all(doctype, or_filters=or_filters, pluck="name"))
	found |= set(
		frappe.get_all("Prepared Report", filters={"report_name": ("in", reports or [""])}, pluck="name")
	)
	found |= set(
		frappe.get_all("Tag Link", filters={"document_type": ("in", app)}, pluck="tag", distinct=True)
	)
	prefixes = set()
	named = []
	for row in rows:
		if row.istable or row.issingle or row.is_virtual:
			continue
		autoname = (row.autoname or "").strip()
		if (
			autoname
			and "." in autoname
			and not autoname.startswith(("field:", "format:", "hash", "naming_series:"))
		):
			prefix = autoname.split(".", 1)[0].rstrip("-")
			if prefix:
				prefixes.add(re.escape(prefix))
				continue
		named.append(row.name)
	series = r"(?<![A-Za-z0-9])(" + "|".join(sorted(prefixes)) + r")-\d{4}-\d+" if prefixes else ""
	return {
		"doctypes": doctypes,
		"tables": tables,
		"pointers": sorted(name.casefold() for name in found if name),
		"series": series,
		"named": sorted(named),
	}


# ---------------------------------------------------------------------------------------------------------
# The request


@dataclass
class Call:
	"""One API call as the rule sees it: the method a client named and its decoded arguments."""

	method: str  # dotted path, "run_doc_method", or "rest:<doctype>" for the REST API
	args: dict
	doc_method: str | None = None  # for run_doc_method / REST and v2 document methods
	doc_doctype: str | None = None
	path_parts: list[str] = field(default_factory=list)
	_strings: list[str] | None = None

	def strings(self, exclude: frozenset = frozenset()) -> list[str]:
		if not exclude and self._strings is not None:
			return self._strings
		found: list[str] = list(self.path_parts)
		for key, value in self.args.items():
			if key in exclude or key == "cmd":
				continue
			found.append(str(key))
			_collect(value, found, _DEPTH)
			if len(found) > _MAX_STRINGS * 4:
				break
		if not exclude:
			self._strings = found
		return found

	def get(self, key, default=None):
		return self.args.get(key, default)


def decode(value, depth: int = _DEPTH):
	"""A form value as the method will see it: JSON strings opened, recursively."""
	if depth <= 0:
		return value
	if isinstance(value, str):
		text = value.strip()
		if text[:1] in ("[", "{") or (text[:1] == '"' and text[-1:] == '"' and len(text) > 1):
			try:
				return decode(json.loads(text), depth - 1)
			except ValueError:
				return value
		return value
	if isinstance(value, dict):
		return {str(k): decode(v, depth - 1) for k, v in value.items()}
	if isinstance(value, list | tuple):
		return [decode(v, depth - 1) for v in value]
	return value


def _collect(value, found: list[str], depth: int):
	if depth <= 0 or len(found) > _MAX_STRINGS * 4:
		return
	if isinstance(value, str):
		found.append(value)
	elif isinstance(value, dict):
		for key, item in value.items():
			found.append(str(key))
			_collect(item, found, depth - 1)
	elif isinstance(value, list | tuple):
		for item in value:
			_collect(item, found, depth - 1)
	elif value is not None and not isinstance(value, bool):
		found.append(str(value))


def current_call() -> Call | None:
	request = getattr(frappe.local, "request", None)
	if not request:
		return None
	path = request.path.rstrip("/")
	parts = path.split("/")
	if len(parts) < 4 or parts[1] != "api":
		return None
	version = "v1"
	if parts[2] in ("v1", "v2"):
		version = parts[2]
		parts = parts[:2] + parts[3:]
	if len(parts) < 4:
		return None
	kind, rest = parts[2], [unquote(p) for p in parts[3:]]
	args = {key: decode(value) for key, value in (frappe.local.form_dict or {}).items()}
	if kind == "method":
		if version == "v2" and len(rest) == 2:
			return Call("run_doc_method", args, doc_method=rest[1], doc_doctype=rest[0], path_parts=rest)
		method = "/".join(rest)
		if method == "run_doc_method":
			docs = args.get("docs")
			doctype = args.get("dt") or (docs.get("doctype") if isinstance(docs, dict) else None)
			return Call(method, args, doc_method=args.get("method"), doc_doctype=doctype)
		return Call(method, args)
	if kind in ("resource", "document", "doctype"):
		doctype = rest[0]
		doc_method = rest[2] if kind != "doctype" and len(rest) > 2 else None
		if kind == "resource" and len(rest) == 2 and request.method == "POST":
			doc_method = args.get("run_method")
		return Call(f"rest:{kind}", args, doc_method=doc_method, doc_doctype=doctype, path_parts=rest)
	return None


# ---------------------------------------------------------------------------------------------------------
# Does a call reach the app?


def app_doctype(name) -> str | None:
	if not isinstance(name, str) or not name or len(name) > _MAX_NAME:
		return None
	return pointers().doctypes.get(name.strip().casefold())


def reaches_app(call: Call, exclude: frozenset = frozenset()) -> bool:
	p = pointers()
	strings = call.strings(exclude)
	candidates = set()
	for text in strings[: _MAX_STRINGS * 4]:
		if not text:
			continue
		short = len(text) <= _MAX_NAME
		key = text.strip().casefold() if short else ""
		if short and (key in p.doctypes or key in p.pointers):
			return True
		if p.table_pattern and "tab" in text.lower() and p.table_pattern.search(text):
			return True
		if p.series and p.series.search(text):
			return True
		if short and key:
			candidates.add(text.strip())
	return bool(candidates) and _names_existing(p, sorted(candidates)[:_MAX_STRINGS])


def _names_existing(p: Pointers, names: list[str]) -> bool:
	if not p.named:
		return False
	selects = " union all ".join(
		f"(select 1 from `tab{doctype}` where name in %(names)s limit 1)" for doctype in p.named
	)
	return bool(frappe.db.sql(f"select 1 from ({selects}) found limit 1", {"names": names}))


# ---------------------------------------------------------------------------------------------------------
# The rule


def check_request():
	"""Called by ``door_guard.guard_request`` (an ``auth_hooks`` entry) once the caller is known."""
	user = frappe.session.user if getattr(frappe.local, "session", None) else "Guest"
	if is_exempt(user):
		return
	try:
		call = current_call()
		if call is not None:
			check_call(call)
	except frappe.PermissionError:
		# Frappe chose the request's language before it knew a caller signed in by API key or token:
		# the refusal speaks the caller's.
		from frappe.translate import get_user_lang

		frappe.local.lang = get_user_lang(user)
		frappe.local.message_log = []
		refuse()
	except Exception:
		# The rule fails closed: a request it cannot read is refused, and the reason is kept for the
		# administrator (never a 500 for the caller).
		frappe.log_error(title="Door rule")
		refuse()


def check_call(call: Call):
	from xinfang_app.overrides.door_vetted import vetted_entry

	entry = vetted_entry(call)
	if entry is not None:
		if entry.check and not entry.check(call):
			refuse()
		return
	if reaches_app(call) or _names_unknown_record(call):
		refuse()


# Arguments that name a record which may point at the app's DocTypes: a name that names no such record is
# refused like one that points at them, so that the answer tells nothing of which exist.
LOOKED_UP = {
	"board_name": "Kanban Board",
	"report_name": "Report",
	"chart_name": "Dashboard Chart",
	"prepared_report_name": "Prepared Report",
	"calendar_view": "Calendar View",
}


def _names_unknown_record(call: Call) -> bool:
	for key, doctype in LOOKED_UP.items():
		value = call.args.get(key)
		if isinstance(value, str) and value and not frappe.db.exists(doctype, value):
			return True
	return False
