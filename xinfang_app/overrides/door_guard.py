"""A whitelisted call about one of this app's documents is answered only for someone who may read it.

Many whitelisted methods of Frappe and of the apps installed beside this one take a DocType and a document name
and answer about that document without asking whether the caller may read it: Healthcare's
``render_doc_as_html`` renders any document with every field, ERPNext's ``get_open_activities`` lists its open
ToDos (whose text is the petition's subject). Rather than find and wrap each one — the next upgrade adds more —
every API call that names one of this app's DocTypes and an existing document of it, under any of the argument
names such methods use, is refused before it runs unless the caller may read that document (the same row rule
as the list and the form: a report is never read by the unit it is about). Field-level permissions are kept by
``response.py`` for JSON answers; for a method that answers in HTML the app wraps it (below).

The door audit (``tests/test_door_audit.py``) finds such methods on the bench and proves the guard holds.
"""

from __future__ import annotations

import json

import frappe

DOCTYPE_ARGS = ("doctype", "dt", "ref_doctype", "reference_doctype", "document_type", "doc_type")
NAME_ARGS = ("name", "docname", "doc_name", "dn", "reference_name", "ref_docname", "docnames", "names")


def guard_request():
	"""An ``auth_hooks`` entry (it runs after Frappe has read the caller's session, API key or token): refuse an
	API call about a document of this app its caller may not read."""
	request = getattr(frappe.local, "request", None)
	if not request or not request.path.startswith("/api/"):
		return
	from xinfang_app.overrides.door_rule import check_request

	# Deny by default: a method not on the vetted list reaches none of the app's data (door_rule.py).
	check_request()
	if not request.path.startswith("/api/method/"):
		return
	user = frappe.session.user if getattr(frappe.local, "session", None) else "Guest"
	if user == "Administrator":
		return
	form = frappe.local.form_dict or {}
	doctypes = {form.get(key) for key in DOCTYPE_ARGS if isinstance(form.get(key), str)}
	doctypes = {doctype for doctype in doctypes if doctype and _is_app_doctype(doctype)}
	if not doctypes:
		return
	for doctype in doctypes:
		for name in _names(form):
			if frappe.db.exists(doctype, name) and not frappe.has_permission(
				doctype, "read", name, user=user
			):
				frappe.throw(
					frappe._("You are not permitted to access this resource."), frappe.PermissionError
				)


def _names(form) -> list[str]:
	names = []
	for key in NAME_ARGS:
		value = form.get(key)
		if isinstance(value, str) and value.startswith("["):
			try:
				value = json.loads(value)
			except ValueError:
				pass
		if isinstance(value, str) and value:
			names.append(value)
		elif isinstance(value, list):
			names += [v for v in value if isinstance(v, str) and v]
	return names


def _is_app_doctype(doctype: str) -> bool:
	from xinfang_app.overrides.response import is_app_doctype

	return is_app_doctype(doctype)


@frappe.whitelist()
def render_doc_as_html(doctype, docname, exclude_fields=None):
	"""Healthcare's document renderer, leaving out the fields its reader may not read (it renders every field
	of the document; the guard above has already checked the reader may read the document itself)."""
	from xinfang_app.overrides.response import unreadable

	exclude = frappe.parse_json(exclude_fields) if exclude_fields else []
	if _is_app_doctype(doctype) and frappe.session.user != "Administrator":
		exclude = list(exclude) + sorted(unreadable(doctype))
	return frappe.get_attr("healthcare.healthcare.utils.render_doc_as_html")(doctype, docname, exclude)
