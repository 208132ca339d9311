"""The door audit: every whitelisted method of every installed app, found on the bench itself and called over
HTTP as users who must learn nothing, with probes that would reveal a report's content or a reporter's identity.

A *door* is a whitelisted method that takes a DocType, a document name, filters, fields or a search text (or a
whitelisted method of the document classes of the audited DocTypes, reached through ``run_doc_method``). Each
door is called for Petition and for every DocType that carries a petition's content, with the report's name,
with fields that name its content and its reporter's identity, and with filters and search texts in pairs —
one that matches the report, one that does not. An answer that carries the report's marker text or the
reporter's identity is a leak; so is a pair of answers that differ (the door is an oracle: counts or rows
that tell a matching filter from a non-matching one). A door whose required arguments are none of these is
skipped, with its reason.

The requests go through Frappe's WSGI application (werkzeug's test client) with each user's API key, one
thread and one database connection per request, as gunicorn would serve them; a request that does not answer
within ``TIMEOUT`` seconds is recorded as such.
"""

from __future__ import annotations

import email
import html
import importlib
import inspect
import json
import pkgutil
import re
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field

import frappe

from xinfang_app.tests.utils import insert_once

TIMEOUT = 30

DOCTYPE_PARAMS = {"doctype", "dt", "ref_doctype", "reference_doctype", "document_type", "doc_type"}
NAME_PARAMS = {"name", "docname", "doc_name", "dn", "reference_name", "ref_docname", "docnames", "names"}
LIST_PARAMS = {"docnames", "names"}
FILTER_PARAMS = {"filters", "or_filters", "current_filters"}
FIELDS_PARAMS = {"fields"}
FIELDNAME_PARAMS = {"fieldname", "field"}
TEXT_PARAMS = {"txt", "text", "query", "search_text"}
USER_PARAMS = {"user"}
# Arguments with a value that fits any call: a link search's field and page, following.
PLAIN_VALUES = {"searchfield": "name", "start": 0, "page_len": 20, "page_length": 20, "following": 1}
FORMAT_PARAMS = {"format", "print_format"}
DOOR_PARAMS = DOCTYPE_PARAMS | NAME_PARAMS | FILTER_PARAMS | FIELDS_PARAMS | FIELDNAME_PARAMS | TEXT_PARAMS

# A heatmap of petitions by their creation, as a chart's definition (the desk asks for an unsaved one so).
HEATMAP = {"chart_type": "Count", "type": "Heatmap", "document_type": "Petition", "based_on": "creation"}
# A number card counting petitions' representatives, as a card's definition (the desk asks for an unsaved one so).
REPRESENTATIVES_CARD = {
	"doctype": "Number Card",
	"type": "Document Type",
	"function": "Count",
	"document_type": "Petition Representative",
	"parent_document_type": "Petition",
}


def heatmap_chart(name: str, filters: list) -> bool:
	"""Makes the public heatmap chart ``name`` of petitions under ``filters`` unless it exists; True if made."""
	return insert_once(
		"Dashboard Chart",
		name,
		chart_name=name,
		**HEATMAP,
		timeseries=1,
		is_public=1,
		filters_json=json.dumps(filters),
	)


def kanban_board(name: str, *columns: str) -> bool:
	"""Makes the Kanban board ``name`` of petitions by matter kind, with ``columns``, unless it exists; True if
	made."""
	return insert_once(
		"Kanban Board",
		name,
		kanban_board_name=name,
		reference_doctype="Petition",
		field_name="matter_kind",
		columns=[{"column_name": column} for column in columns],
	)


# Modules that are not part of a running site: tests, patches, bench commands, build and setup scripts.
_NOT_SERVED = re.compile(r"(^|\.)(tests?|test_[^.]*|patches|commands|setup\.install|boilerplate)(\.|$)")


@dataclass
class Door:
	path: str  # dotted path of the whitelisted function, as a client calls it
	params: list[str]
	required: list[str]
	methods: list[str] | None  # allowed HTTP methods (None: Frappe's default)
	doc_class: str | None = None  # for a controller method: its DocType

	@property
	def kinds(self) -> set[str]:
		return set(self.params) & DOOR_PARAMS


@dataclass
class Target:
	"""One document to probe: the report itself, or a document that carries it."""

	doctype: str
	name: str
	fields: list[str]
	fieldnames: list[str]
	# (filter matching the report, the same filter not matching it, who is probed with the pair)
	filter_pairs: list[tuple[list, list, str]] = field(default_factory=list)


@dataclass
class Finding:
	door: str
	user: str
	target: str
	what: str

	def __str__(self):
		return f"{self.door} as {self.user} on {self.target}: {self.what}"


def discover_doors(apps: list[str] | None = None) -> tuple[list[Door], list[str]]:
	"""Imports every module of every installed app (as a worker or gunicorn would when a request names it)
	and reads Frappe's registry of whitelisted functions. Returns the doors (of ``apps`` only, when given)
	and the modules that would not import (with why)."""
	unimportable = []
	for app in frappe.get_installed_apps():
		package = importlib.import_module(app)
		for module in pkgutil.walk_packages(package.__path__, app + "."):
			if _NOT_SERVED.search(module.name[len(app) :]):
				continue
			try:
				importlib.import_module(module.name)
			except Exception as error:  # a module needing an optional package the site does not use
				unimportable.append(f"{module.name}: {type(error).__name__}")
	doors = []
	for fn in list(frappe.whitelisted):
		fn = getattr(fn, "__func__", fn)
		try:
			signature = inspect.signature(fn)
		except (TypeError, ValueError):
			continue
		params = [
			p.name
			for p in signature.parameters.values()
			if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD) and p.name != "self"
		]
		required = [
			p.name
			for p in signature.parameters.values()
			if p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD) and p.name != "self"
		]
		methods = frappe.allowed_http_methods_for_whitelisted_func.get(fn)
		qualname = fn.__qualname__
		if "." in qualname:  # a method of a document class: reached through run_doc_method
			doors.append(
				Door(
					fn.__name__,
					params,
					required,
					methods,
					doc_class=f"{fn.__module__}.{qualname.rsplit('.', 1)[0]}",
				)
			)
			continue
		path = f"{fn.__module__}.{fn.__name__}"
		doors.append(Door(path, params, required, methods))
	# A method the app overrides is called by its original name, as clients call it: Frappe then answers
	# with the override, which is itself in the registry under its own name too.
	if apps:
		doors = [d for d in doors if (d.doc_class or d.path).split(".")[0] in apps]
	unique = {}
	for door in doors:
		unique.setdefault((door.path, door.doc_class), door)
	return sorted(unique.values(), key=lambda d: (d.doc_class or "", d.path)), unimportable


def controller_doctype(class_path: str, doctypes: list[str]) -> str | None:
	"""The audited DocType whose controller class is ``class_path``, if any."""
	for doctype in doctypes:
		try:
			controller = frappe.get_meta(doctype) and frappe.model.base_document.get_controller(doctype)
		except Exception:
			continue
		for klass in controller.__mro__:
			if f"{klass.__module__}.{klass.__qualname__}" == class_path:
				return doctype
	return None


@dataclass
class Prober:
	"""Sends the probes of one door, for one user, on one target, and judges the answers."""

	site: str
	tokens: dict[str, str]  # user -> "token key:secret"
	content: list[str]  # the report's marker texts: no excluded user may read them
	identity: list[str]  # the reporter's identity: no user of the audit may read it
	content_blind: set[str]  # users who may not read the report's content (its handler may)
	calls: int = 0
	timeouts: list[str] = field(default_factory=list)
	findings: list[Finding] = field(default_factory=list)

	def __post_init__(self):
		from frappe.utils import get_test_client

		self.client = get_test_client(use_cookies=False)
		self.pool = ThreadPoolExecutor(max_workers=3)

	def request(self, user: str, door: Door, args: dict):
		path = "run_doc_method" if door.doc_class else door.path
		data = {k: v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) for k, v in args.items()}
		headers = {"Authorization": self.tokens[user], "X-Frappe-Site-Name": self.site}
		url = f"http://{self.site}/api/method/{path}"
		if door.methods and "POST" not in door.methods:
			send = lambda: self.client.get(url, query_string=data, headers=headers)  # noqa: E731
		else:
			send = lambda: self.client.post(url, data=data, headers=headers)  # noqa: E731

		def call():
			response = send()
			try:
				return response.status_code, response.get_data()
			finally:
				# As a server does: closing the answer ends the request (frappe.destroy), in its own thread.
				# Frappe 16 keeps frappe.local otherwise, and the thread's next request would start with what
				# this one cached (the door rule's look-ups from before a later commit).
				response.close()

		self.calls += 1
		future = self.pool.submit(call)
		try:
			status, body = future.result(timeout=TIMEOUT)
		except FutureTimeout:
			self.timeouts.append(f"{door.path} as {user}")
			return None
		return status, body_text(body)

	def secrets_for(self, user: str, sent: str) -> list[str]:
		secrets = list(self.identity)
		if user in self.content_blind:
			secrets += self.content
		# A text the probe itself sent may come back in a message (that is no leak: the oracle judges it).
		return [s for s in secrets if s not in sent]

	def check(self, door: Door, user: str, target: str, args: dict, answer) -> None:
		if answer is None:
			return
		sent = json.dumps(args, ensure_ascii=False)
		text = readable(answer[1])
		for secret in self.secrets_for(user, sent):
			if secret in text:
				self.findings.append(Finding(door.path, user, target, f"answer carries {secret!r}"))

	def compare(self, door: Door, user: str, target: str, probe: str, matching, other) -> None:
		if matching is None or other is None:
			return
		if essence(matching) != essence(other):
			self.findings.append(
				Finding(
					door.path,
					user,
					target,
					f"answers differ for a filter that matches the report and one that does not ({probe}): "
					f"{essence(matching)!r:.160} / {essence(other)!r:.160}",
				)
			)


def body_text(body: bytes) -> str:
	"""An answer's text: a PDF (a print) by the text on its pages, anything else as UTF-8."""
	if body.startswith(b"%PDF"):
		from io import BytesIO

		from pypdf import PdfReader

		return "\n".join(page.extract_text() or "" for page in PdfReader(BytesIO(body)).pages)
	return body.decode("utf-8", "replace")


def readable(body: str) -> str:
	"""The answer as a person would read it: JSON with its escapes undone, HTML entities too."""
	try:
		body = json.dumps(json.loads(body), ensure_ascii=False)
	except ValueError:
		pass
	return html.unescape(body)


def essence(answer) -> tuple:
	"""What an answer tells: its status and its message (a refusal: the kind of error)."""
	status, body = answer
	try:
		payload = json.loads(body)
	except ValueError:
		# An error page (HTML) differs from the next by its tokens and timestamps: its status is what it tells.
		return (status,) if status >= 400 else (status, body[:2000])
	if not isinstance(payload, dict):
		return status, payload
	if status >= 400:
		return status, payload.get("exc_type")
	return status, payload.get("message"), payload.get("docs"), payload.get("docinfo")


def fill(door: Door, user: str, target: Target) -> dict | str:
	"""The arguments of one call, or why the door cannot be called with what the audit knows."""
	args = {}
	for param in door.required:
		if param not in DOOR_PARAMS | USER_PARAMS | set(PLAIN_VALUES):
			return f"needs {param}"
	for param in door.params:
		if param in DOCTYPE_PARAMS:
			args[param] = target.doctype
		elif param in LIST_PARAMS:
			args[param] = [target.name]
		elif param in NAME_PARAMS:
			args[param] = target.name
		elif param in FIELDS_PARAMS:
			args[param] = target.fields
		elif param in FIELDNAME_PARAMS:
			args[param] = target.fieldnames[0]
		elif param in USER_PARAMS and param in door.required:
			args[param] = user
		elif param in PLAIN_VALUES and param in door.required:
			args[param] = PLAIN_VALUES[param]
	if door.doc_class:
		args = {
			"dt": target.doctype,
			"dn": target.name,
			"method": door.path,
			**({"args": args} if args else {}),
		}
	return args


def decoded_mail(raw: str) -> str:
	"""The text of a queued mail, its parts decoded (base64, quoted-printable), headers included."""
	message = email.message_from_string(raw or "")
	parts = [str(email.header.make_header(email.header.decode_header(message.get("Subject", ""))))]
	for part in message.walk():
		if part.get_content_maintype() == "text":
			payload = part.get_payload(decode=True) or b""
			parts.append(payload.decode(part.get_content_charset() or "utf-8", "replace"))
	return html.unescape("\n".join(parts))


# ---------------------------------------------------------------------------------------------------------
# The census: every whitelisted method is vetted (and probed), refused by the door rule (and the refusal
# checked), or takes no argument at all (and its answer is read); a method the audit can do none of fails it.

VETTED, REFUSED, NO_ARGUMENTS = "vetted", "refused by the rule", "takes no argument"
# Methods without arguments that change the caller's session or the site: classified, not called.
_NOT_CALLED = re.compile(
	r"(logout|delete|reset|clear|disable|rebuild|sync|migrate|drop|purge|enqueue|restart)"
)


# Arguments that name a record pointing at the app's DocTypes (a report, a board, a chart, a card, a tag...).
POINTER_PARAMS = {
	"report_name",
	"prepared_report_name",
	"board_name",
	"chart_name",
	"chart",
	"doc",
	"tag",
	"tags",
	"email_group",
}


def classify(door: Door) -> str:
	"""How the door rule treats a method for a caller it applies to."""
	from xinfang_app.overrides.door_rule import Call
	from xinfang_app.overrides.door_vetted import vetted_entry

	if door.doc_class:
		return VETTED if door.doc_class.startswith("xinfang_app.") else REFUSED
	if vetted_entry(Call(door.path, {})) is not None:
		return VETTED
	return REFUSED if door.params else NO_ARGUMENTS


def calls_safely(door: Door) -> bool:
	return not _NOT_CALLED.search(door.path.rsplit(".", 1)[-1])


def refusal_args(door: Door, report: str, extra: dict) -> dict:
	"""Arguments that reach a petition for every parameter of a method the rule must refuse: the DocType
	under a DocType's name, a record pointing at one under the names such records go by, the report's
	number under any other."""
	if door.doc_class:
		return {"dt": "Petition", "dn": report, "method": door.path}
	args = {}
	for param in door.params:
		if param in DOCTYPE_PARAMS:
			args[param] = "Petition"
		elif param in POINTER_PARAMS and param in extra:
			args[param] = extra[param][0]
		else:
			args[param] = report
	return args


def is_rule_refusal(answer, messages: list[str]) -> bool:
	if answer is None:
		return False
	status, body = answer
	return status == 403 and any(m in readable(body) for m in messages)


def variants(door: Door, base: dict | str, extra: dict, limit: int = 16) -> list[dict]:
	"""The calls of a vetted method with the arguments the plain fill cannot invent (report, board, chart and
	card names, tags, fields named by an argument...): one call per value of each such parameter."""
	if isinstance(base, str):
		base = {}
		for param in door.required:
			if param not in extra and param not in DOOR_PARAMS | USER_PARAMS | set(PLAIN_VALUES):
				return []
	calls = [dict(base)]
	for param in door.params:
		if param in extra:
			values = extra[param]
			calls = [{**c, param: v} for c in calls for v in values][:limit]
	for call in calls:
		for param in door.required:
			if param not in call:
				if param in DOCTYPE_PARAMS:
					call[param] = "Petition"
				elif param in PLAIN_VALUES:
					call[param] = PLAIN_VALUES[param]
	return [c for c in calls if all(p in c for p in door.required)]
