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
3. A child table of this app kept in a field of its parent the user may not read (a petition's
   representatives, permlevel 1) is unreadable as a whole: its columns are left out of what a query on the
   parent returns (``fields=["`tabPetition Representative`.`phone`"]``) and of a query on the child itself
   with ``parent_doctype``, and filtering on them is refused — only to those who may not read the table
   (Frappe's list of permitted fields never names a table field, so its permission level is asked directly).

Installed once, from ``hooks.py``.
"""

from __future__ import annotations

import re

import frappe
from frappe import _
from frappe.model.db_query import DatabaseQuery

from xinfang_app.app_doctypes import app_modules

_MARK = "_xinfang_complete_fieldlevel_check"
_REMOVED = "'xinfang_removed_column'"
_QUALIFIED = re.compile(r"`tab([^`]+)`\.`?([A-Za-z0-9_]+)`?")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def install():
	if getattr(DatabaseQuery.apply_fieldlevel_read_permissions, _MARK, False):
		return
	single_pass = DatabaseQuery.apply_fieldlevel_read_permissions
	build_conditions = DatabaseQuery.build_conditions
	validate_order_by_and_group_by = DatabaseQuery.validate_order_by_and_group_by

	def apply_fieldlevel_read_permissions(self):
		# A query answered as lists keeps a removed column's place as None (NULL): the next pass reads a
		# placeholder Frappe takes for a label instead (it failed with a TypeError on None).
		while True:
			self.fields = [_REMOVED if field is None else field for field in self.fields]
			before = list(self.fields)
			single_pass(self)
			if self.fields == before:
				break
		if not self.flags.ignore_permissions:
			remove_unreadable_child_columns(self)
		self.fields = [None if field == _REMOVED else field for field in self.fields]

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
	"""Frappe 16's query engine checks each field a query selects, filters, sorts or groups by, but takes a
	child table's field for readable whenever the child's own field is, even when the table itself sits in a
	field of the parent the user may not read (the petition's representatives, permlevel 1). The check is
	made complete here: a child table's fields are refused to those who may not read the table's field in
	its parent, and only to them (Administrator and petition officers filter on a representative's phone; a
	finding's parties are read by whoever reads the finding). Frappe 15 has no such engine (its queries are
	checked above)."""
	try:
		from frappe.database.query import Engine
	except ImportError:
		return
	check = getattr(Engine, "_check_field_permission", None)
	if check is None or getattr(check, _MARK, False):
		return

	def check_field_permission(self, doctype, fieldname, parent_doctype=None, *args, **kwargs):
		check(self, doctype, fieldname, parent_doctype, *args, **kwargs)
		if not self.apply_permissions:
			return
		parent = parent_doctype or _parent_in_query(self, doctype)
		if not parent or parent == doctype or frappe.get_meta(parent).module not in app_modules():
			return
		if fieldname in child_fields(doctype) and not table_readable(
			parent, doctype, getattr(self, "user", None)
		):
			# Frappe 16 says whether the field is selected or filtered on (``for_filtering``).
			refuse(doctype, fieldname, reading=kwargs.get("for_filtering") is False)

	setattr(check_field_permission, _MARK, True)
	Engine._check_field_permission = check_field_permission
	_install_child_column_removal(Engine)


def _install_child_column_removal(Engine):
	"""Frappe 16 keeps a selected child-table column (``fields=["`tabPetition Representative`.`phone`"]`` on
	Petition, or ``fields=["*"]`` on the child with ``parent_doctype``) whenever the child's own field is
	readable, without asking whether the table's field in the parent is: a case handler read a report's
	representatives off the list. Those columns are left out for whoever may not read the table, as Frappe 15
	leaves them out here (``remove_unreadable_child_columns``). A list answered as lists keeps each removed
	column's place as NULL, as Frappe 15 does, so that no value moves into another column's place."""
	from pypika.terms import NullValue

	try:
		from frappe.model import qb_query  # Frappe 16's frappe.get_list
	except ImportError:
		return

	apply = getattr(Engine, "apply_field_permissions", None)
	execute = getattr(qb_query.DatabaseQuery, "execute", None)
	if apply is None or execute is None or getattr(apply, _MARK, False):
		return

	def apply_field_permissions(self):
		allowed = [field for field in apply(self) if not _unreadable_child_column(self, field)]
		if not getattr(frappe.local, "xinfang_as_list", False):
			return allowed
		kept = {id(field) for field in allowed}
		selected = {id(field) for field in self.fields}
		placed, rest = [], iter(allowed)
		pending = next(rest, None)
		for field in self.fields:
			if id(field) in kept:
				# Frappe's own expansion of "*" comes before the field it answers for.
				while pending is not None and pending is not field:
					placed.append(pending)
					pending = next(rest, None)
				placed.append(field)
				pending = next(rest, None)
			elif getattr(field, "name", None) == "*" and not hasattr(field, "parent_doctype"):
				while pending is not None and id(pending) not in selected:
					placed.append(pending)
					pending = next(rest, None)
			elif not hasattr(field, "fields"):  # a child query has no single column to keep
				placed.append(NullValue())
		while pending is not None:
			placed.append(pending)
			pending = next(rest, None)
		return placed

	def execute_as_asked(self, *args, **kwargs):
		before = getattr(frappe.local, "xinfang_as_list", False)
		frappe.local.xinfang_as_list = bool(kwargs.get("as_list"))
		try:
			return execute(self, *args, **kwargs)
		finally:
			frappe.local.xinfang_as_list = before

	setattr(apply_field_permissions, _MARK, True)
	Engine.apply_field_permissions = apply_field_permissions
	qb_query.DatabaseQuery.execute = execute_as_asked


def _unreadable_child_column(engine, field) -> bool:
	"""Whether ``field`` of a query is a column of one of this app's child tables that the querying user may
	not read, because the table sits in a field of its parent they may not read."""
	child = getattr(field, "doctype", None) or engine.doctype
	parent = getattr(field, "parent_doctype", None)
	if parent is None and child == engine.doctype:
		parent = getattr(engine, "parent_doctype", None)
	if not parent or parent == child or not getattr(engine, "apply_permissions", True):
		return False
	if frappe.get_meta(parent).module not in app_modules():
		return False
	column = getattr(field, "fieldname", None) or getattr(field, "name", None)
	columns = set(getattr(field, "fields", None) or [column])
	return bool(columns & child_fields(child)) and not table_readable(parent, child, engine.user)


def _parent_in_query(engine, doctype: str) -> str | None:
	"""The parent whose table ``doctype`` is, when the engine does not say: a query on the child table itself
	(its ``parent_doctype``; Frappe 16 passes none for a plain filter such as ``["phone", "like", "136%"]``),
	or a child of the queried DocType named as ```tabChild`.`field```."""
	if doctype == engine.doctype:
		return getattr(engine, "parent_doctype", None)
	if any(df.options == doctype for df in frappe.get_meta(engine.doctype).get_table_fields()):
		return engine.doctype
	return None


def child_fields(doctype: str) -> set[str]:
	"""The fields a child table declares (its name, parent and row number are not among them)."""
	return {df.fieldname for df in frappe.get_meta(doctype).fields if df.fieldname}


def table_readable(parent: str, child: str, user: str | None = None) -> bool:
	"""Whether ``user`` may read the field(s) of ``parent`` that hold rows of ``child`` (their permission
	level). Frappe's list of permitted fields never names a table field (it has no column), so the level is
	asked directly."""
	user = user or frappe.session.user
	meta = frappe.get_meta(parent)
	tables = [df for df in meta.get_table_fields() if df.options == child]
	if not tables or user == "Administrator" or not meta.get_permissions():
		return True
	levels = set(meta.get_permlevel_access(permission_type="read", user=user))
	return any((df.permlevel or 0) in levels for df in tables)


def remove_unreadable_child_columns(query: DatabaseQuery):
	"""Columns of a child table the user may not read (the table sits in a field of its parent they may not
	read) are left out of what the query returns, as Frappe leaves out the parent's own unreadable fields:
	``fields=["`tabPetition Representative`.`phone`"]`` on Petition, or ``fields=["*"]`` on Petition
	Representative with ``parent_doctype=Petition``."""
	from frappe.desk.reportview import extract_fieldnames

	for i in reversed(range(len(query.fields))):
		field = query.fields[i]
		if not isinstance(field, str):
			continue
		for column in extract_fieldnames(field) or []:
			doctype = query.doctype
			if "." in column:
				table, column = column.split(".", 1)
				table = table.replace("`", "")
				doctype = query.linked_table_aliases.get(table, table).replace("`", "").removeprefix("tab")
			column = column.replace("`", "")
			if not frappe.db.exists("DocType", {"name": doctype, "istable": 1}):
				continue
			if column in unreadable_fields(query, doctype):
				query.remove_field(i)
				break


def unreadable_fields(query: DatabaseQuery, doctype: str) -> set[str]:
	"""Fields of one of this app's DocTypes that the querying user may not read (permlevel)."""
	meta = frappe.get_meta(doctype)
	if meta.module not in app_modules():
		return set()
	if meta.istable:
		# A child table kept in a field the user may not read (the petition's representatives): all of it,
		# whether joined to its parent's query or read on its own with ``parent_doctype``.
		parent = query.doctype if doctype != query.doctype else query.parent_doctype
		if parent and parent != doctype and not table_readable(parent, doctype, query.user):
			return child_fields(doctype)
	restricted = {
		df.fieldname
		for df in meta.fields
		if df.permlevel and df.fieldname and df.fieldtype not in ("Table", "Table MultiSelect")
	}
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


def refuse(doctype: str, fieldname: str, reading: bool = False):
	label = frappe.bold(_(frappe.get_meta(doctype).get_label(fieldname), context=doctype))
	message = (
		_("You may not search by or ask for {0}: you are not allowed to read it.")
		if reading
		else _("You may not filter, sort or group by {0}: you are not allowed to read it.")
	)
	frappe.throw(message.format(label), frappe.PermissionError, title=_("Not permitted"))
