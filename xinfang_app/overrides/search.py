"""Link search (``frappe.desk.search.search_widget``) asked for fields its caller may not read.

``filter_fields`` (and ``searchfield``) add columns to the search's answer. Frappe drops those the caller
may not read, answering as lists with NULL in their place; it then sorts the rows by their first value, which
may be such a NULL, and fails with a TypeError (HTTP 500). For this app's DocTypes a search that names a
field its caller may not read (a reporter's identity, for a case handler) is refused with a message, before it
runs; every other search runs as Frappe's.
"""

from __future__ import annotations

import inspect
import json
import re

import frappe
from frappe import _
from frappe.desk import search

from xinfang_app.app_doctypes import is_app_doctype

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@frappe.whitelist()
def search_widget(doctype: str, txt: str = "", **kwargs):
	refuse_unreadable_fields(doctype, kwargs.get("filter_fields"), kwargs.get("searchfield"))
	accepted = inspect.signature(search.search_widget).parameters
	return search.search_widget(doctype, txt, **{k: v for k, v in kwargs.items() if k in accepted})


def refuse_unreadable_fields(doctype: str, filter_fields=None, searchfield: str | None = None):
	if frappe.session.user == "Administrator" or not is_app_doctype(doctype):
		return
	named = []
	if filter_fields:
		if isinstance(filter_fields, str):
			try:
				filter_fields = json.loads(filter_fields)
			except ValueError:
				filter_fields = [filter_fields]
		named += (
			[str(f) for f in filter_fields if f] if isinstance(filter_fields, list) else [str(filter_fields)]
		)
	if searchfield:
		named.append(str(searchfield))
	if not named:
		return
	from xinfang_app.overrides.response import unreadable

	hidden = unreadable(doctype)
	for word in _WORD.findall(" ".join(named)):
		if word in hidden:
			label = frappe.get_meta(doctype).get_label(word)
			frappe.throw(
				_("You may not search by or ask for {0}: you are not allowed to read it.").format(
					frappe.bold(_(label, context=doctype))
				),
				frappe.PermissionError,
				title=_("Not permitted"),
			)
