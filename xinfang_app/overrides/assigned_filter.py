"""A petition list filtered by assignee reads the assignments (ToDo, indexed) instead of scanning ``_assign``.

The list view's "Assigned To" filter (the sidebar's and the filter bar's) asks for
``_assign like %user%``: a text match on every petition, which no index can answer (a minute at a
million petitions). Frappe keeps ``_assign`` as the list of users with an open ToDo for the document
(``ToDo.update_in_reference``: every assignment neither closed nor cancelled), so the same rows are
``name in (select reference_name from tabToDo where reference_type = 'Petition' and allocated_to = user
and status = 'Open')`` (``assignments.py``), read from its index. Only a filter that names one whole user is
read so; any other ``_assign`` filter is left to Frappe.

Frappe 15 builds list queries in ``DatabaseQuery``, Frappe 16 in its query engine; ``compat`` says which
one to correct.
"""

from __future__ import annotations

import frappe

from xinfang_app.assignments import assigned_condition
from xinfang_app.compat import FRAPPE_MAJOR

_MARK = "_xinfang_assigned_from_todo"
DOCTYPES = ("Petition",)


@frappe.whitelist()
def get_group_by_count(doctype: str, current_filters: str, field: str) -> list[dict]:
	"""The list sidebar's counts (``frappe.desk.listview.get_group_by_count``). Every count but the one of
	assignments per user is Frappe's.

	That one counts, for each user, the records the reader may read that match the filters and are
	assigned to that user now: the rows the list shows when the user is chosen in the sidebar (its filter is
	``_assign``, the open assignments). Frappe counted closed assignments too (a number the list never
	showed: 50,000 against 3,500 at a million petitions) and, on Frappe 15, every record that matched whoever
	asked (``compat.sidebar_assigned_records``). The open assignments come from ``assignments.ASSIGNMENT_INDEX``."""
	from frappe.desk import listview

	from xinfang_app.compat import sidebar_assigned_records

	if field != "assigned_to":
		return listview.get_group_by_count(doctype, current_filters, field)
	records = sidebar_assigned_records(doctype, frappe.parse_json(current_filters))
	# The records' SQL comes with its values in it: the statement is run as it is, with no values of its own.
	return frappe.db.sql(
		f"""select `tabToDo`.`allocated_to` as name, count(*) as count
		from `tabToDo` join `tabUser` on `tabToDo`.`allocated_to` = `tabUser`.`name`
		where `tabToDo`.`reference_type` = {frappe.db.escape(doctype)} and `tabToDo`.`status` = 'Open'
			and `tabUser`.`user_type` = 'System User' and `tabToDo`.`reference_name` in ({records})
		group by `tabToDo`.`allocated_to`
		order by count desc
		limit 50""",
		as_dict=True,
	)


def assigned_user(doctype: str, fieldname: str, operator: str, value) -> str | None:
	"""The user an ``_assign like %user%`` filter on one of ``DOCTYPES`` asks for, when it names one whole
	user (a user's name contains neither a wildcard nor a quote); otherwise None."""
	if doctype not in DOCTYPES or fieldname != "_assign" or str(operator).strip().lower() != "like":
		return None
	if not isinstance(value, str) or len(value) < 3 or not (value.startswith("%") and value.endswith("%")):
		return None
	user = value[1:-1]
	if user.startswith('"') and user.endswith('"') and len(user) > 2:
		user = user[1:-1]
	if not user or any(c in user for c in '%_"\\'):
		# "_" is a wildcard too; a user name holding one is left to Frappe's text match.
		return None
	if not frappe.db.exists("User", user):
		return None
	return user


def install():
	if FRAPPE_MAJOR >= 16:
		_install_query_engine()
	_install_database_query()


def _install_database_query():
	"""Frappe 15's list queries (and Frappe 16's where it still builds them with ``DatabaseQuery``)."""
	from frappe.model.db_query import DatabaseQuery
	from frappe.utils.data import get_filter

	prepare = DatabaseQuery.prepare_filter_condition
	if getattr(prepare, _MARK, False):
		return

	def prepare_filter_condition(self, f):
		try:
			parsed = get_filter(self.doctype, f)
		except Exception:
			return prepare(self, f)  # malformed: Frappe's own parsing reports it
		user = assigned_user(parsed.doctype or self.doctype, parsed.fieldname, parsed.operator, parsed.value)
		if user is None:
			return prepare(self, f)
		table = f"`tab{parsed.doctype}`"
		if table not in self.tables:
			self.append_table(table)
		return assigned_condition(parsed.doctype, user)

	setattr(prepare_filter_condition, _MARK, True)
	DatabaseQuery.prepare_filter_condition = prepare_filter_condition


def _install_query_engine():
	"""Frappe 16's query engine (``frappe.get_list``, ``frappe.qb.get_query``)."""
	from frappe.database.query import Engine, RawCriterion

	build = Engine._build_criterion_for_simple_filter
	if getattr(build, _MARK, False):
		return

	def build_criterion_for_simple_filter(self, field, value, operator="=", doctype=None):
		fieldname = field if isinstance(field, str) else getattr(field, "name", None)
		target = doctype or self.doctype
		if isinstance(fieldname, str) and "." in fieldname:
			table, fieldname = (part.strip("`") for part in fieldname.rsplit(".", 1))
			target = table[3:] if table.startswith("tab") else target
		user = assigned_user(target, fieldname, operator, value) if isinstance(operator, str) else None
		if user is None:
			return build(self, field, value, operator, doctype)
		return RawCriterion(assigned_condition(target, user))

	setattr(build_criterion_for_simple_filter, _MARK, True)
	Engine._build_criterion_for_simple_filter = build_criterion_for_simple_filter
