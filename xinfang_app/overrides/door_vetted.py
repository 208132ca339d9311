"""The vetted list: the methods that may reach this app's DocTypes for a caller the door rule applies to
(``door_rule.py``), and with which arguments.

These are the calls the desk (list, report view, form, workspace, link fields), the portal (``www/``,
``api/portal.py``), the app's own pages and scripts and its integrations make for the app's DocTypes on
Frappe 15 and 16, found in Frappe's desk scripts and by recording a browser walk through the desk as a case
handler and a department head (``tests/browser/door_walk.spec.js``). Each entry says why it is safe (the row
rule and the field levels hold in it) and which test proves it; where a method is safe only with some of its
arguments, its check refuses the others. Everything else that reaches the app's data is refused: Kanban
boards, calendar views, tags, e-mail groups, user-made charts and heatmaps, Report Builder saving, bulk edits,
workflow state counts, linked-document trees... (they answer without the row rule, or tell a matching filter
from another).

To add a method: find what it reads and with whose permissions, add an entry here with its check, and a probe
in ``tests/test_door_rule.py``; the door audit then probes it as a vetted method.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import frappe
from frappe.model import default_fields

from xinfang_app.overrides.client import confirmation_asked
from xinfang_app.overrides.door_rule import Call, app_doctype, pointers, reaches_app

_QUALIFIED = re.compile(r"`?tab([^`.]+?)`?\s*\.\s*`?([A-Za-z0-9_]+)`?")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Vetted:
	why: str
	test: str
	check: Callable[[Call], bool] | None = None


# ---------------------------------------------------------------------------------------------------------
# Argument checks


def _truthy(value) -> bool:
	if isinstance(value, str):
		return value.strip().lower() in _TRUE
	return bool(value)


def _unreadable(doctype: str, parent: str | None = None) -> set[str]:
	from xinfang_app.overrides.response import unreadable

	cache = getattr(frappe.local, "xinfang_door_unreadable", None)
	if cache is None:
		cache = frappe.local.xinfang_door_unreadable = {}
	key = (frappe.session.user, doctype, parent)
	if key not in cache:
		cache[key] = unreadable(doctype, parent)
	return cache[key]


def _all_fields(doctype: str) -> set[str]:
	return {df.fieldname for df in frappe.get_meta(doctype).fields if df.fieldname}


def readable_query(
	call: Call, doctype: str, parent: str | None = None, lenient=frozenset({"fields"})
) -> bool:
	"""A query on an app DocType names no field its caller may not read: not in its filters, sort, grouping,
	searched or counted fields (strictly: any word of those arguments), nor as a child table's field
	(```tabPetition Representative`.`phone```, ``["Petition Representative", "phone", ...]``) anywhere. The
	fields it returns are left to Frappe, which drops those the caller may not read."""
	p = pointers()
	if _truthy(call.get("ignore_user_permissions")):
		return False
	if doctype in p.tables:
		parent = app_doctype(parent) or p.tables[doctype]
		hidden = _unreadable(doctype, parent)
		if hidden and hidden >= _all_fields(doctype):
			return False  # a table kept in a field the caller may not read: none of it
	else:
		parent = None
		hidden = _unreadable(doctype)
	for text in call.strings():
		if "tab" in text:
			for table, fieldname in _QUALIFIED.findall(text):
				other = app_doctype(table)
				if other and not _readable_field(other, fieldname, doctype):
					return False
	for value in call.args.values():
		if not _pairs_readable(value, doctype, 6):
			return False
	if hidden:
		for text in call.strings(exclude=lenient | {"txt", "doctype", "cmd"}):
			if any(word in hidden for word in _WORD.findall(text)):
				return False
	return True


def _readable_field(doctype: str, fieldname: str, queried: str) -> bool:
	p = pointers()
	parent = queried if doctype in p.tables and doctype != queried else None
	if doctype in p.tables and not parent:
		parent = p.tables[doctype]
	return fieldname not in _unreadable(doctype, parent)


def _pairs_readable(value, queried: str, depth: int) -> bool:
	"""Filters in list form: ``[doctype, field, operator, value]`` on an app DocType."""
	if depth <= 0:
		return True
	if isinstance(value, list):
		if len(value) >= 3 and isinstance(value[0], str) and isinstance(value[1], str):
			other = app_doctype(value[0])
			if other and not _readable_field(other, value[1], queried):
				return False
		return all(_pairs_readable(item, queried, depth - 1) for item in value)
	if isinstance(value, dict):
		return all(_pairs_readable(item, queried, depth - 1) for item in value.values())
	return True


def on_app(
	key: str | Callable[[Call], object] = "doctype",
	check: Callable[[Call, str], bool] | None = None,
	context: frozenset = frozenset(),
) -> Callable[[Call], bool]:
	"""Vetted for the app's DocTypes (named by ``key``), with ``check``. Called about another DocType, the
	method is not vetted: it is refused if its arguments reach the app anyway (``context``: arguments that
	only say from where it is called, such as a link field's ``reference_doctype``)."""

	def run(call: Call) -> bool:
		value = key(call) if callable(key) else call.get(key)
		doctype = app_doctype(value)
		if not doctype:
			return not reaches_app(call, exclude=context)
		return check(call, doctype) if check else True

	return run


def _shipped_widget(call: Call) -> bool:
	"""A Number Card or Dashboard Chart the app ships (standard): the workspace loads its definition."""
	doctype, name = call.get("doctype"), call.get("name")
	if doctype not in ("Number Card", "Dashboard Chart") or not isinstance(name, str):
		return False
	return frappe.db.get_value(doctype, name, ["is_standard", "module"]) == (1, "Xinfang")


def _list_query(call: Call) -> bool:
	"""A list of an app DocType; of another, only the list view's saved filters (List Filter) may name one,
	in the filter on the list they belong to."""
	doctype = app_doctype(call.get("doctype"))
	if doctype:
		return _query(call, doctype)
	if call.get("doctype") == "List Filter":
		return not reaches_app(call, exclude=frozenset({"filters"}))
	return not reaches_app(call)


def _report_settings(call: Call) -> bool:
	"""The settings of a Report on the app's DocTypes (columns, filters; no row of data): the report page
	reads them, as Frappe's Report permission allows."""
	return call.get("doctype") == "Report" and isinstance(call.get("name"), str)


def _doc_doctype(call: Call):
	doc = call.get("doc") or call.get("docs")
	if isinstance(doc, list) and doc:
		doc = doc[0]
	return doc.get("doctype") if isinstance(doc, dict) else None


def _query(call: Call, doctype: str) -> bool:
	return readable_query(call, doctype, call.get("parent_doctype") or call.get("parent"))


def _search(call: Call, doctype: str) -> bool:
	query = call.get("query")
	if query and not str(query).startswith("xinfang_app."):
		return False  # a search of another app's query answers for its own DocType, as it likes
	return readable_query(call, doctype, lenient=frozenset())


def _app_report(call: Call) -> bool:
	"""The app's own Script Reports (they apply the row rule and leave out identity), run as oneself: not
	another user's prepared result, no columns fetched from other DocTypes."""
	name = call.get("report_name")
	if not isinstance(name, str) or name.casefold() not in pointers().pointers:
		return not reaches_app(call)
	from xinfang_app.overrides.db_query import app_modules

	report = frappe.db.get_value("Report", name, ["module", "report_type"], as_dict=True)
	if not report or report.module not in app_modules() or report.report_type != "Script Report":
		return False
	if _truthy(call.get("custom_columns")) and call.get("custom_columns") not in ([], "[]"):
		return False
	user = call.get("user")
	if user and user != frappe.session.user:
		return False
	prepared = call.get("prepared_report_name")
	if prepared and frappe.db.get_value("Prepared Report", prepared, "owner") != frappe.session.user:
		return False
	return True


def _chart(call: Call) -> bool:
	"""A saved chart on an app DocType, counted or grouped with the row rule (``frappe.get_list``); not a
	heatmap (Frappe reads it with no permission check), not a chart sent in the request."""
	name = call.get("chart_name")
	if not name:
		return not reaches_app(call)
	if not isinstance(name, str) or name.casefold() not in pointers().pointers:
		return not reaches_app(call)
	if call.get("chart"):
		return False
	chart = frappe.db.get_value(
		"Dashboard Chart",
		name,
		[
			"chart_type",
			"type",
			"document_type",
			"parent_document_type",
			"source",
			"filters_json",
			"based_on",
			"value_based_on",
			"group_by_based_on",
			"aggregate_function_based_on",
		],
		as_dict=True,
	)
	if not chart or chart.type == "Heatmap":
		return False
	if chart.chart_type == "Custom":
		module = frappe.db.get_value("Dashboard Chart Source", chart.source, "module")
		from xinfang_app.overrides.db_query import app_modules

		return module in app_modules() and not reaches_app(call, exclude=frozenset({"chart_name"}))
	if chart.chart_type == "Report":
		return False
	doctype = app_doctype(chart.document_type)
	if not doctype:
		return False
	probe = Call(
		"chart",
		{
			"filters": call.get("filters") or frappe.parse_json(chart.filters_json or "[]"),
			"group_by": [
				chart.based_on,
				chart.value_based_on,
				chart.group_by_based_on,
				chart.aggregate_function_based_on,
			],
			"parent_doctype": chart.parent_document_type,
		},
	)
	return readable_query(probe, doctype, chart.parent_document_type)


def _card(call: Call) -> bool:
	"""A number card on an app DocType (``get_result`` counts with ``frappe.get_list``): what it counts and by
	which filters must be readable; a child table only where its parent's field is."""
	doc = call.get("doc")
	if isinstance(doc, str):
		doc = frappe.db.get_value("Number Card", doc, ["*"], as_dict=True) or {}
	if not isinstance(doc, dict):
		return not reaches_app(call)
	doctype = app_doctype(doc.get("document_type"))
	if not doctype:
		return not reaches_app(call)
	if doc.get("function") not in (None, "Count", "Sum", "Average", "Minimum", "Maximum"):
		return False
	probe = Call(
		"card",
		{
			"filters": call.get("filters"),
			"aggregate_on": doc.get("aggregate_function_based_on") or "",
			"filters_json": doc.get("filters_json"),
		},
	)
	return readable_query(probe, doctype, doc.get("parent_document_type"))


def _mapper(call: Call) -> bool:
	method = call.get("method")
	if isinstance(method, str) and method.startswith("xinfang_app."):
		return True
	return not reaches_app(call)


def _workflow_setting(call: Call) -> bool:
	"""Whether the workflow of an app DocType confirms its actions: the one question ``overrides/client.py``
	answers for a reader of that DocType (``client.confirmation_asked``)."""
	document_type = confirmation_asked(call.get("doctype"), call.get("fieldname"), call.get("filters"))
	return bool(document_type and app_doctype(document_type)) and not _truthy(call.get("debug"))


def _next_record(call: Call, doctype: str) -> bool:
	"""The form's previous / next arrows (``frappe.desk.form.utils.get_next``): from a record the caller may
	read (an unknown one is refused alike), ordered by a field they may read, over their list's filters."""
	value, field = call.get("value"), call.get("sort_field") or "modified"
	if not isinstance(value, str) or not isinstance(field, str) or not _WORD.fullmatch(field):
		return False
	if str(call.get("sort_order") or "desc").lower() not in ("asc", "desc"):
		return False
	if field not in default_fields and not frappe.get_meta(doctype).has_field(field):
		return False
	if field in _unreadable(doctype) or not frappe.db.exists(doctype, value):
		return False
	return frappe.has_permission(doctype, "read", value) and readable_query(
		call, doctype, lenient=frozenset()
	)


def _always(call: Call) -> bool:
	return True


def _no_app_data(call: Call) -> bool:
	return not reaches_app(call)


LINK_CONTEXT = frozenset({"reference_doctype"})

# ---------------------------------------------------------------------------------------------------------
# method (as a client calls it) -> why it is safe, the test that covers it, its check.
VETTED: dict[str, Vetted] = {
	# Form ---------------------------------------------------------------------------------------------
	"frappe.desk.form.load.getdoc": Vetted(
		"the app's getdoc: read permission of the document, field levels (overrides/form_load.py); and the "
		"definition of a shipped workspace card or chart (its label, DocType and filters: no petition's data; "
		"its numbers come by the vetted calls of the workspace below)",
		"test_door_rule.TestNormalUse; test_approval_reach.TestApprovalReachesTheApprover",
		lambda call: _shipped_widget(call) or _report_settings(call) or on_app()(call),
	),
	"frappe.desk.form.load.get_docinfo": Vetted(
		"the app's docinfo: only for a reader, no timeline entry of hidden fields (overrides/form_load.py)",
		"test_door_rule.TestNormalUse",
		on_app(),
	),
	"frappe.desk.form.load.get_communications": Vetted(
		"the app's communications: only for a reader (overrides/form_load.py)",
		"test_door_audit.TestDoorAudit",
		on_app(),
	),
	"frappe.desk.form.utils.get_next": Vetted(
		"the form's previous / next arrows: frappe.get_list with the row rule, from a record the caller reads, "
		"ordered and filtered by fields they read",
		"test_door_rule.TestNormalUse",
		on_app(check=_next_record),
	),
	"frappe.desk.form.load.getdoctype": Vetted(
		"the DocType's meta (fields and their levels), no row", "test_door_rule.TestNormalUse", _always
	),
	"frappe.desk.form.save.savedocs": Vetted(
		"save/submit of one document: Frappe's write permission, higher levels kept, answer cleaned "
		"(overrides/response.py)",
		"test_door_rule.TestNormalUse",
		on_app(_doc_doctype),
	),
	"frappe.desk.form.save.cancel": Vetted(
		"cancel: Frappe's cancel permission on the document", "test_door_audit.TestDoorAudit", on_app()
	),
	"frappe.desk.form.utils.add_comment": Vetted(
		"a comment on a document its author may read (Frappe checks read permission)",
		"test_door_audit.TestDoorAudit",
		on_app("reference_doctype"),
	),
	"frappe.desk.form.utils.remove_attach": Vetted(
		"removes an attachment of a document its caller may write",
		"test_door_audit.TestDoorAudit",
		on_app("dt"),
	),
	"frappe.desk.form.assign_to.add": Vetted(
		"assignment: read permission of the document, never to a member of a reported unit "
		"(permissions.guard_share)",
		"test_door_rule.TestNormalUse",
		on_app(),
	),
	"frappe.desk.form.assign_to.add_multiple": Vetted(
		"the list's bulk assignment: assign_to.add for each", "test_door_audit.TestDoorAudit", on_app()
	),
	"frappe.desk.form.assign_to.remove": Vetted(
		"removes an assignment of a document its caller may read", "test_door_audit.TestDoorAudit", on_app()
	),
	"frappe.desk.notifications.get_open_count": Vetted(
		"the form's connections (petition_dashboard.py): Frappe checks read permission of the document and "
		"counts with the row rule",
		"test_door_audit.TestDoorAudit",
		on_app(),
	),
	"frappe.model.workflow.get_transitions": Vetted(
		"the workflow actions open to the caller on a document they may read",
		"test_door_rule.TestNormalUse",
		on_app(_doc_doctype),
	),
	"frappe.model.workflow.apply_workflow": Vetted(
		"a workflow action: Frappe's write permission and the transition's role, answer cleaned",
		"test_door_rule.TestNormalUse",
		on_app(_doc_doctype),
	),
	"frappe.model.mapper.make_mapped_doc": Vetted(
		"making a document from a petition: only the app's own mappers",
		"test_door_audit.TestDoorAudit",
		_mapper,
	),
	"frappe.realtime.can_subscribe_doc": Vetted(
		"live updates of a form: Frappe's read permission", "test_door_audit.TestDoorAudit", on_app()
	),
	"frappe.realtime.can_subscribe_doctype": Vetted(
		"live updates of a list: Frappe's read permission", "test_door_audit.TestDoorAudit", on_app()
	),
	"frappe.www.printview.get_html_and_style": Vetted(
		"print preview: Frappe's print permission, field levels applied to the document",
		"test_door_audit.TestDoorAudit",
		on_app("doc"),
	),
	"frappe.utils.print_format.download_pdf": Vetted(
		"PDF of a print: as the print preview", "test_door_audit.TestDoorAudit", on_app()
	),
	"frappe.core.doctype.access_log.access_log.make_access_log": Vetted(
		"writes an Access Log row for the caller (read by System Managers only); reads nothing",
		"test_door_rule.TestNormalUse",
		_always,
	),
	# Link fields --------------------------------------------------------------------------------------
	"frappe.desk.search.search_link": Vetted(
		"link search: the row rule, user permissions kept, filter and search fields readable, no query of "
		"another app",
		"test_door_rule.TestFindings.test_search_widget",
		on_app(check=_search, context=LINK_CONTEXT),
	),
	"frappe.desk.search.search_widget": Vetted(
		"as search_link",
		"test_door_rule.TestFindings.test_search_widget",
		on_app(check=_search, context=LINK_CONTEXT),
	),
	"frappe.desk.search.get_link_title": Vetted(
		"a link's title: only of a document its caller may read (door_guard)",
		"test_door_audit.TestDoorAudit",
		on_app(),
	),
	"frappe.desk.link_preview.get_preview_data": Vetted(
		"a link's preview: read permission and field levels", "test_door_audit.TestDoorAudit", on_app()
	),
	"frappe.client.validate_link": Vetted(
		"a typed link value (Frappe 15): read/select permission, the fields fetched readable",
		"test_door_rule.TestNormalUse",
		on_app(check=lambda call, dt: readable_query(call, dt, lenient=frozenset())),
	),
	"frappe.client.validate_link_and_fetch": Vetted(
		"a typed link value (Frappe 16, through search_widget): as search_link, the fields fetched readable",
		"test_door_rule.TestNormalUse",
		on_app(check=_search, context=LINK_CONTEXT),
	),
	# frappe.client --------------------------------------------------------------------------------------
	"frappe.client.get": Vetted(
		"read permission of the document, field levels; or a shipped workspace card's or chart's definition "
		"(as getdoc)",
		"test_door_audit.TestCountingAndFollowing",
		lambda call: _shipped_widget(call) or on_app(check=_query)(call),
	),
	"frappe.client.get_value": Vetted(
		"the app's get_value: the row rule and readable fields (overrides/client.py); and whether the workflow "
		"of an app DocType confirms its actions (Frappe 16 asks before every workflow action: a setting, no "
		"petition's data)",
		"test_door_audit.TestDoorAudit; test_door_rule.TestNormalUse",
		lambda call: (
			_workflow_setting(call)
			or on_app(
				check=lambda call, dt: readable_query(call, dt, call.get("parent"), lenient=frozenset())
			)(call)
		),
	),
	"frappe.client.get_list": Vetted(
		"frappe.get_list: the row rule; filters, sort and grouping on readable fields",
		"test_door_rule.TestFindings",
		on_app(check=_query),
	),
	"frappe.client.get_count": Vetted(
		"the app's count: the list's own count with the row rule (overrides/count.py)",
		"test_door_audit.TestCountingAndFollowing",
		on_app(check=_query),
	),
	"frappe.client.set_value": Vetted(
		"write permission; higher levels kept by Frappe, answer cleaned",
		"test_door_audit.TestCountingAndFollowing",
		on_app(),
	),
	"frappe.client.save": Vetted("as savedocs", "test_door_audit.TestDoorAudit", on_app(_doc_doctype)),
	"frappe.client.insert": Vetted(
		"create permission, answer cleaned", "test_door_audit.TestDoorAudit", on_app(_doc_doctype)
	),
	# Lists and reports --------------------------------------------------------------------------------
	"frappe.desk.reportview.get": Vetted(
		"list and report view: frappe.get_list with the row rule; no hidden field in filters, sort, group-by, "
		"no child table kept in a hidden field",
		"test_door_rule.TestFindings.test_representatives",
		on_app(check=_query),
	),
	"frappe.desk.reportview.get_list": Vetted(
		"as reportview.get; and the list view's saved filters (List Filter) of an app DocType",
		"test_door_rule.TestNormalUse",
		_list_query,
	),
	"frappe.desk.reportview.get_count": Vetted(
		"as reportview.get", "test_door_rule.TestNormalUse", on_app(check=_query)
	),
	"frappe.desk.reportview.export_query": Vetted(
		"export of the list as shown: Frappe's export permission, the row rule, readable fields",
		"test_door_audit.TestDoorAudit",
		on_app(check=_query),
	),
	"frappe.desk.reportview.get_sidebar_stats": Vetted(
		"the sidebar's tag counts: frappe.get_list with the row rule",
		"test_door_audit.TestDoorAudit",
		on_app(check=_query),
	),
	"frappe.desk.listview.get_group_by_count": Vetted(
		"the sidebar's group-by counts (the app's override): the row rule, a readable field",
		"test_door_rule.TestNormalUse",
		on_app(check=_query),
	),
	"frappe.desk.listview.get_list_settings": Vetted(
		"the list's settings (columns), no row", "test_door_rule.TestNormalUse", on_app()
	),
	"frappe.model.utils.user_settings.save": Vetted(
		"the caller's own list settings", "test_door_rule.TestNormalUse", on_app()
	),
	"frappe.model.utils.user_settings.get": Vetted(
		"the caller's own list settings", "test_door_rule.TestNormalUse", on_app()
	),
	"frappe.desk.query_report.run": Vetted(
		"the app's Script Reports (row rule, no identity), as the caller: not another user's or prepared "
		"result, no custom columns",
		"test_door_rule.TestFindings.test_prepared_reports",
		_app_report,
	),
	"frappe.desk.query_report.get_script": Vetted(
		"the app's reports' scripts and filters, no row", "test_door_rule.TestNormalUse", _app_report
	),
	"frappe.desk.query_report.export_query": Vetted(
		"export of an app report as run", "test_door_rule.TestFindings.test_prepared_reports", _app_report
	),
	# Workspace ----------------------------------------------------------------------------------------
	"frappe.desk.desktop.get_desktop_page": Vetted(
		"the workspace's layout; its cards and charts are fetched by the vetted calls below",
		"test_door_rule.TestNormalUse",
		_always,
	),
	"frappe.desk.doctype.dashboard_chart.dashboard_chart.get": Vetted(
		"a saved chart counted with frappe.get_list (row rule), readable fields; no heatmap, no chart sent in "
		"the request",
		"test_door_rule.TestFindings.test_heatmap",
		_chart,
	),
	"frappe.desk.doctype.dashboard_chart_source.dashboard_chart_source.get_config": Vetted(
		"the filters script of a chart source the app ships (code, no data); the chart's numbers come by the "
		"vetted chart calls",
		"test_approval_reach.TestApprovalReachesTheApprover",
		lambda call: frappe.db.get_value("Dashboard Chart Source", call.get("name"), "module") == "Xinfang",
	),
	"frappe.desk.doctype.number_card.number_card.get_result": Vetted(
		"a number card counted with frappe.get_list (row rule), readable fields and filters",
		"test_door_rule.TestFindings.test_number_card",
		_card,
	),
	"frappe.desk.doctype.number_card.number_card.get_percentage_difference": Vetted(
		"as get_result", "test_door_rule.TestFindings.test_number_card", _card
	),
}

# The app's own whitelisted methods (``xinfang_app.*``, and what ``override_whitelisted_methods`` points at
# it) are written for these DocTypes with their row rule and field levels, and are probed by the door audit.
APP_OWN = Vetted("the app's own method", "test_door_audit.TestDoorAudit", None)
# A controller method of an app DocType, defined by the app (``run_doc_method``, REST, ``/api/v2``).
APP_DOC_METHOD = Vetted(
	"a whitelisted method of the app's own controller: Frappe checks read permission of the document first",
	"test_door_audit.TestDoorAudit",
	None,
)
# The REST API on an app DocType: frappe.get_list and the document's own permissions, answers cleaned.
REST = Vetted(
	"REST list/read/create/update of an app DocType: the row rule, field levels, answers cleaned",
	"test_rest_api",
	lambda call: readable_query(call, app_doctype(call.doc_doctype), call.get("parent")),
)


def vetted_entry(call: Call) -> Vetted | None:
	if call.doc_method:
		doctype = app_doctype(call.doc_doctype)
		if doctype and _defined_by_app(doctype, call.doc_method):
			return APP_DOC_METHOD
		return None
	if call.method.startswith("rest:"):
		return REST if app_doctype(call.doc_doctype) else None
	entry = VETTED.get(call.method)
	if entry:
		return entry
	overrides = frappe.get_hooks("override_whitelisted_methods") or {}
	# The app's replacement of a Frappe method is reached by its own name too: it gets that method's checks.
	for original, targets in overrides.items():
		if call.method in targets and not original.startswith("xinfang_app."):
			return VETTED.get(original)
	if call.method.startswith("xinfang_app."):
		return APP_OWN
	override = overrides.get(call.method)
	if override and str(override[-1]).startswith("xinfang_app."):
		return APP_OWN
	return None


def _defined_by_app(doctype: str, method: str) -> bool:
	from frappe.model.base_document import get_controller

	try:
		fn = getattr(get_controller(doctype), str(method), None)
	except Exception:
		return False
	fn = getattr(fn, "__func__", fn)
	return bool(fn) and str(getattr(fn, "__module__", "")).startswith("xinfang_app.")
