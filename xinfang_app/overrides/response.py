"""No answer of the server carries a field of this app's documents that its reader may not read.

Frappe applies field-level read permissions (permlevel) where a document is *read* (the form, the REST read,
``frappe.client.get``), but several whitelisted calls that *change* a document answer with the whole of it:
``frappe.client.set_value``, ``insert``, ``save``, ``submit`` and ``cancel``, the REST API's create and update,
and ``run_doc_method`` (a document's own whitelisted methods). A case handler who may change a petition's
findings could set any field and read the reporter's name, phone and ID number in the answer. Rather than
guard each of those calls, and the next one an upgrade or another app adds, every JSON answer is cleaned on
its way out: a document of this app, or a dict that names one of its DocTypes, loses the fields at a
permission level its reader does not have, its child tables too (a table kept in such a field: all of it).
Nothing changes for users who may read every level (petition officers and managers, Administrator).
"""

from __future__ import annotations

import frappe
from frappe.model.base_document import BaseDocument

from xinfang_app.app_doctypes import is_app_doctype

_MARK = "_xinfang_scrubbed_json"
_DEPTH = 8


def install():
	from frappe.utils import response

	original = response.as_json
	if getattr(original, _MARK, False):
		return

	def as_json():
		scrub_response()
		return original()

	setattr(as_json, _MARK, True)
	response.as_json = as_json


def scrub_response():
	user = frappe.session.user if getattr(frappe.local, "session", None) else "Guest"
	if user == "Administrator":
		return
	guard = _Guard()
	for key in ("message", "docs", "data", "docinfo"):
		if key in frappe.local.response:
			frappe.local.response[key] = guard.walk(frappe.local.response[key], _DEPTH)


class _Guard:
	"""Walks an answer and returns it cleaned. Documents are replaced by cleaned copies (the request's own
	objects, which after-commit work may still read, are left as they are); dicts and lists are cleaned
	in place."""

	def __init__(self):
		self.hidden: dict[str, set[str]] = {}

	def hidden_fields(self, doctype: str, parenttype: str | None = None) -> set[str]:
		key = f"{parenttype or ''}/{doctype}"
		if key not in self.hidden:
			self.hidden[key] = unreadable(doctype, parenttype) if is_app_doctype(doctype) else set()
		return self.hidden[key]

	def walk(self, value, depth: int, parenttype: str | None = None):
		if depth <= 0:
			return value
		if isinstance(value, BaseDocument):
			if not is_app_doctype(value.doctype):
				return value
			value = value.as_dict(no_nulls=True)
		if isinstance(value, dict):
			doctype = value.get("doctype")
			if isinstance(doctype, str) and doctype:
				parenttype = value.get("parenttype") or parenttype
				for fieldname in self.hidden_fields(doctype, parenttype) & set(value):
					value[fieldname] = [] if isinstance(value[fieldname], list) else None
				parenttype = doctype
			else:
				parenttype = None
			for key, item in value.items():
				if isinstance(item, list | tuple | dict | BaseDocument):
					value[key] = self.walk(item, depth - 1, parenttype)
			return value
		if isinstance(value, list):
			for index, item in enumerate(value):
				if isinstance(item, list | tuple | dict | BaseDocument):
					value[index] = self.walk(item, depth - 1, parenttype)
		return value


def unreadable(doctype: str, parenttype: str | None = None) -> set[str]:
	"""Fields of ``doctype`` the session user may not read: those at a permission level they lack, and for a
	child table kept in such a field of its parent, every field."""
	meta = frappe.get_meta(doctype)
	if meta.istable:
		parent = parenttype or _parent_of(doctype)
		if not parent:
			return set()
		tables = {df.fieldname for df in frappe.get_meta(parent).get_table_fields() if df.options == doctype}
		if tables & unreadable(parent):
			return {df.fieldname for df in meta.fields if df.fieldname}
		levels = set(frappe.get_meta(parent).get_permlevel_access("read"))
	else:
		if all(not df.permlevel for df in meta.fields):
			return set()
		levels = set(meta.get_permlevel_access("read"))
	return {
		df.fieldname for df in meta.fields if df.fieldname and df.permlevel and df.permlevel not in levels
	}


def _parent_of(child: str) -> str | None:
	from xinfang_app.permissions import CHILD_TABLES

	return CHILD_TABLES.get(child)
