"""The workspace's number cards and charts, answered from a cache instead of counted on every load.

Frappe's widgets count again each time a workspace is drawn (a chart asks with ``refresh=1``): at a
million petitions the two group-by charts read every petition at each login. Here a figure is kept under
the exact query its reader would run: the SQL ``frappe.get_list`` builds for that reader, with their row
rule and user permissions and a date filter's dates in it. Two readers share a figure only where they would
count the same rows, and a reader who may not read the DocType is refused before any figure is looked up.

Every figure is dropped when a petition, an early warning or an assignment (ToDo) is saved or deleted,
after the daily deadline sweep, and in any case after ``LIFETIME`` seconds (a change written around the
documents' events, such as an SQL import, shows within that time).
"""

from __future__ import annotations

import hashlib
import json
from functools import partial

import frappe

from xinfang_app.compat import count_field

COUNTED = frozenset({"Petition", "Early Warning", "ToDo"})
LIFETIME = 600
KEY = "xinfang_desk_figures"


def generation() -> str:
	return frappe.cache.get_value(f"{KEY}:generation") or "0"


def changed(doc=None, method=None):
	"""doc_events of the counted DocTypes, and the sweep: every figure is counted again when next asked, and
	again after the commit (a reader counting in between saw the rows as they were before it)."""
	if doc is not None and doc.doctype not in COUNTED:
		return
	_new_generation()
	if getattr(frappe.local, "db", None) is not None and frappe.db.after_commit is not None:
		frappe.db.after_commit.add(_new_generation)


def _new_generation():
	frappe.cache.set_value(f"{KEY}:generation", frappe.generate_hash(length=12))


def cached(parts: list, compute):
	"""The figure kept under ``parts`` (which name the reader's query), or ``compute()`` kept for the next."""
	digest = hashlib.sha1(json.dumps([generation(), *parts], default=str).encode()).hexdigest()
	key = f"{KEY}:{digest}"
	hit = frappe.cache.get_value(key)
	if hit is not None:
		return json.loads(hit)
	value = compute()
	frappe.cache.set_value(key, json.dumps(value, default=str), expires_in_sec=LIFETIME)
	return value


def reader_query(doctype: str, filters, parent_doctype: str | None = None) -> str:
	"""The SQL that counting ``doctype`` by ``filters`` runs for the current user (Frappe's permission check
	first: a user who may not read it is refused here)."""
	return frappe.get_list(
		doctype, fields=[count_field("n")], filters=filters, parent_doctype=parent_doctype, run=0
	)


@frappe.whitelist()
def number_card_result(doc, filters, to_date=None):
	"""``frappe.desk.doctype.number_card.number_card.get_result``, kept per reader's query."""
	from frappe.desk.doctype.number_card.number_card import get_result

	card = frappe._dict(frappe.parse_json(doc) or {})
	if to_date or card.get("document_type") not in COUNTED:
		return get_result(doc, filters, to_date)
	parsed = frappe.parse_json(filters) if isinstance(filters, str) else filters
	query = reader_query(card.document_type, parsed or [], card.get("parent_document_type"))
	return cached(
		["card", card.get("function"), card.get("aggregate_function_based_on"), query],
		lambda: get_result(doc, filters, to_date),
	)


@frappe.whitelist()
def dashboard_chart(
	chart_name=None,
	chart=None,
	no_cache=None,
	filters=None,
	from_date=None,
	to_date=None,
	timespan=None,
	time_interval=None,
	heatmap_year=None,
	refresh=None,
):
	"""``frappe.desk.doctype.dashboard_chart.dashboard_chart.get``: a saved chart of a counted DocType kept
	per reader's query (Frappe's own cache of a chart is one for all its readers, and the widget bypasses
	it)."""
	from frappe.desk.doctype.dashboard_chart.dashboard_chart import get

	args = dict(
		chart_name=chart_name,
		chart=chart,
		no_cache=no_cache,
		filters=filters,
		from_date=from_date,
		to_date=to_date,
		timespan=timespan,
		time_interval=time_interval,
		heatmap_year=heatmap_year,
		refresh=refresh,
	)
	saved = (
		frappe.db.get_value(
			"Dashboard Chart",
			chart_name,
			["document_type", "parent_document_type", "type", "chart_type", "filters_json", "modified"],
			as_dict=True,
		)
		if isinstance(chart_name, str) and not chart
		else None
	)
	if (
		not saved
		or saved.document_type not in COUNTED
		or saved.type == "Heatmap"
		or saved.chart_type == "Report"
	):
		return get(**args)
	parsed = frappe.parse_json(filters) if filters else frappe.parse_json(saved.filters_json or "[]")
	query = reader_query(saved.document_type, parsed or [], saved.parent_document_type)
	return cached(
		[
			"chart",
			chart_name,
			saved.modified,
			frappe.utils.today(),
			{k: v for k, v in args.items() if k not in ("refresh", "no_cache")},
			query,
		],
		lambda: get(**args),
	)


@frappe.whitelist()
def workspace_figures(page: str) -> list[dict]:
	"""The figures of an app workspace's number cards and charts in one answer, each computed by the same
	call its widget makes (the reader's row rule, the card's or chart's saved filters), so that drawing the
	workspace costs one request instead of one per widget. The widgets (``xinfang.bundle.js``) take a figure
	from here only when they would have asked with exactly these arguments; a figure that fails here is left
	out and asked for by its widget as before (with the error as Frappe shows it)."""
	from xinfang_app.overrides.desk_pages import widget_docs

	docs = widget_docs([page]) if isinstance(page, str) else {}
	figures = []
	for name, card in (docs.get("Number Card") or {}).items():
		filters = frappe.parse_json(card.get("filters_json") or "null")
		if card.get("dynamic_filters_json") not in (None, "", "[]", "{}"):
			continue
		if card.get("type") in (None, "", "Document Type"):
			method = "frappe.desk.doctype.number_card.number_card.get_result"
			args = {"doc": card, "filters": filters}
			compute = partial(number_card_result, json.dumps(card, default=str), json.dumps(filters))
		elif card.get("type") == "Custom" and _app_method(card.get("method")):
			method, name = card.get("method"), ""  # its widget names only the method
			args = {"filters": filters}
			compute = partial(frappe.get_attr(method), filters=filters)
		else:
			continue
		_add(figures, method, name, filters, args, compute)
	for name, chart in (docs.get("Dashboard Chart") or {}).items():
		filters = frappe.parse_json(chart.get("filters_json") or "null")
		if chart.get("dynamic_filters_json") not in (None, "", "[]", "{}") or chart.get("type") == "Heatmap":
			continue
		if chart.get("chart_type") == "Custom":
			module = frappe.db.get_value("Dashboard Chart Source", chart.get("source"), "module")
			folder = frappe.scrub(chart.get("source") or "")
			method = f"xinfang_app.xinfang.dashboard_chart_source.{folder}.{folder}.get"
			if module != "Xinfang" or not _app_method(method):
				continue
		elif chart.get("chart_type") == "Report":
			continue
		else:
			method = "frappe.desk.doctype.dashboard_chart.dashboard_chart.get"
		args = {"chart_name": name, "filters": filters, "refresh": 1}
		target = dashboard_chart if method.startswith("frappe.") else frappe.get_attr(method)
		compute = partial(
			target, chart_name=name, filters=json.dumps(filters) if filters else None, refresh=1
		)
		if _add(figures, method, name, filters, args, compute):
			# what its widget asks next, to say when the figure was counted ("last synced")
			figures[-1]["last_synced_on"] = frappe.db.get_value("Dashboard Chart", name, "last_synced_on")
	return figures


def _app_method(method) -> bool:
	from frappe import is_whitelisted

	if not isinstance(method, str) or not method.startswith("xinfang_app."):
		return False
	try:
		is_whitelisted(frappe.get_attr(method))
	except Exception:
		return False
	return True


def _add(figures: list, method: str, name: str, filters, args: dict, compute):
	"""The figure, if the call its widget makes passes the door rule as that call would."""
	from xinfang_app.overrides.door_rule import Call, check_call, is_exempt

	messages = list(frappe.local.message_log or [])
	try:
		if not is_exempt():
			check_call(Call(method, json.loads(json.dumps(args, default=str))))
		value = compute()
	except Exception:
		frappe.local.message_log = messages
		return False
	# The key the widget's own call is known by (no filters and empty filters alike).
	figures.append({"method": method, "name": name, "filters": filters or None, "value": value})
	return True
