"""Field-level read permission in list queries (Frappe 15's ``DatabaseQuery``), made complete.

1. Frappe 15's ``apply_fieldlevel_read_permissions`` pops forbidden columns from the list it is iterating,
   so the column right after a removed one is never checked: a request such as
   ``/api/resource/Petition?fields=["petitioner_name","petitioner_phone"]`` from a user without access to
   those fields got the phone number back. Running the check until nothing more is removed closes that hole
   without changing what a permitted user receives.
2. Frappe 15 checks the fields a query *returns*, not the fields it *filters, sorts or groups* by: a case
   handler could narrow their list with ``petitioner_phone like "138%"`` and read a reporter's phone number
   off one digit at a time. For this app's DocTypes such a query is refused with a message. (Frappe 16's
   query engine refuses these itself; there ``frappe.get_list`` no longer goes through this class.)

Installed once, from ``hooks.py``.
"""

from __future__ import annotations

import re

import frappe
from frappe import _
from frappe.model.db_query import DatabaseQuery

from xinfang_app.app_doctypes import app_modules

_MARK = "_xinfang_complete_fieldlevel_check"
_QUALIFIED = re.compile(r"`tab([^`]+)`\.`?([A-Za-z0-9_]+)`?")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def install():
	if getattr(DatabaseQuery.apply_fieldlevel_read_permissions, _MARK, False):
		return
	single_pass = DatabaseQuery.apply_fieldlevel_read_permissions
	build_conditions = DatabaseQuery.build_conditions
	validate_order_by_and_group_by = DatabaseQuery.validate_order_by_and_group_by

	def apply_fieldlevel_read_permissions(self):
		while True:
			before = list(self.fields)
			single_pass(self)
			if self.fields == before:
				return

	def build_conditions_on_readable_fields(self):
		if not self.flags.ignore_permissions:
			for filters in (self.filters, self.or_filters):
				for condition in [filters] if isinstance(filters, dict) else filters or []:
					refuse_unreadable_filter(self, condition)
		return build_conditions(self)

	def validate_order_and_group_on_readable_fields(self, parameters: str):
		validate_order_by_and_group_by(self, parameters)
		if parameters and not self.flags.ignore_permissions:
			refuse_unreadable_ordering(self, parameters)

	setattr(apply_fieldlevel_read_permissions, _MARK, True)
	DatabaseQuery.apply_fieldlevel_read_permissions = apply_fieldlevel_read_permissions
	DatabaseQuery.build_conditions = build_conditions_on_readable_fields
	DatabaseQuery.validate_order_by_and_group_by = validate_order_and_group_on_readable_fields
	_install_child_table_check()


def _install_child_table_check():
	"""Frappe 16's query engine checks each field a query filters, sorts or groups by, but takes a child
	table's field for readable whenever the child's own field is, even when the table itself sits in a field
	of the parent the user may not read (the petition's representatives, permlevel 1). The check is made
	complete here; Frappe 15 has no such engine (its queries are checked above)."""
	try:
		from frappe.database.query import Engine
	except ImportError:
		return
	check = getattr(Engine, "_check_field_permission", None)
	if check is None or getattr(check, _MARK, False):
		return

	def check_field_permission(self, doctype, fieldname, parent_doctype=None):
		check(self, doctype, fieldname, parent_doctype)
		if not parent_doctype or not self.apply_permissions:
			return
		parent = frappe.get_meta(parent_doctype)
		if parent.module not in app_modules():
			return
		tables = {df.fieldname for df in parent.get_table_fields() if df.options == doctype}
		permitted = self._get_cached_permitted_fields(
			parent_doctype, None, self.get_permission_type(parent_doctype)
		)
		if tables and not tables & set(permitted):
			refuse(doctype, fieldname)

	setattr(check_field_permission, _MARK, True)
	Engine._check_field_permission = check_field_permission


def unreadable_fields(query: DatabaseQuery, doctype: str) -> set[str]:
	"""Fields of one of this app's DocTypes that the querying user may not read (permlevel)."""
	meta = frappe.get_meta(doctype)
	if meta.module not in app_modules():
		return set()
	if doctype != query.doctype and meta.istable:
		# A child table kept in a field the user may not read (the petition's representatives): all of it.
		tables = {
			df.fieldname for df in frappe.get_meta(query.doctype).get_table_fields() if df.options == doctype
		}
		if tables & unreadable_fields(query, query.doctype):
			return {df.fieldname for df in meta.fields if df.fieldname}
	restricted = {df.fieldname for df in meta.fields if df.permlevel and df.fieldname}
	if not restricted:
		return set()
	from frappe.model import get_permitted_fields

	own = doctype == query.doctype
	permitted = get_permitted_fields(
		doctype=doctype,
		parenttype=query.parent_doctype if own else query.doctype,
		permission_type=query.permission_map.get(doctype) if own else None,
		user=query.user,
		ignore_virtual=True,
	)
	return restricted - set(permitted)


def refuse_unreadable_filter(query: DatabaseQuery, condition):
	from frappe.utils.data import get_filter

	try:
		parsed = get_filter(query.doctype, condition)
	except Exception:
		return  # malformed: Frappe's own parsing reports it
	if parsed.fieldname in unreadable_fields(query, parsed.doctype or query.doctype):
		refuse(parsed.doctype or query.doctype, parsed.fieldname)


def refuse_unreadable_ordering(query: DatabaseQuery, parameters: str):
	for doctype, fieldname in _QUALIFIED.findall(parameters):
		if fieldname in unreadable_fields(query, doctype):
			refuse(doctype, fieldname)
	own = unreadable_fields(query, query.doctype)
	for word in _WORD.findall(_QUALIFIED.sub("", parameters)):
		if word in own:
			refuse(query.doctype, word)


def refuse(doctype: str, fieldname: str):
	label = frappe.get_meta(doctype).get_label(fieldname)
	frappe.throw(
		_("You may not filter, sort or group by {0}: you are not allowed to read it.").format(
			frappe.bold(_(label, context=doctype))
		),
		frappe.PermissionError,
		title=_("Not permitted"),
	)
