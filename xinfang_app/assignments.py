"""A user's open assignments, read from ToDo: the index that answers them and the subquery of the documents
assigned to a user. Shared by the row rule (``permissions``), the list's "Assigned To" filter
(``overrides/assigned_filter.py``) and the list indexes (``services/list_indexes.py``).

Frappe keeps ``_assign`` as the list of users with an open ToDo for the document
(``ToDo.update_in_reference``: every assignment neither closed nor cancelled), so the documents assigned to
a user are ``name in (select reference_name from tabToDo where reference_type = <doctype> and allocated_to =
user and status = 'Open')``, read from ``ASSIGNMENT_INDEX`` alone.
"""

from __future__ import annotations

import frappe

# Every column the subquery reads, so a user's open assignments come from this index alone; the list
# sidebar's count of assignments per user reads it too.
ASSIGNMENT_INDEX = "todo_open_assignment_index"
ASSIGNMENT_COLUMNS = ["reference_type", "allocated_to", "status", "reference_name"]
REPLACED_INDEXES = ["allocated_status_reference_index", "reference_allocated_status_index"]  # earlier shapes


def add_assignment_index():
	"""ToDo's index for "the open assignments of a user on a DocType" (Frappe indexes only the reference)."""
	for name in REPLACED_INDEXES:
		if frappe.db.has_index("tabToDo", name):
			frappe.db.sql_ddl(f"alter table `tabToDo` drop index `{name}`")
	frappe.db.add_index("ToDo", ASSIGNMENT_COLUMNS, ASSIGNMENT_INDEX)


def assigned_names_sql(doctype: str, user: str) -> str:
	"""The documents with an open assignment to ``user``, as a subquery of names."""
	return (
		"select `tabToDo`.`reference_name` from `tabToDo`"
		f" where `tabToDo`.`allocated_to` = {frappe.db.escape(user)}"
		" and `tabToDo`.`status` = 'Open'"
		f" and `tabToDo`.`reference_type` = {frappe.db.escape(doctype)}"
	)


def assigned_condition(doctype: str, user: str) -> str:
	return f"`tab{doctype}`.`name` in ({assigned_names_sql(doctype, user)})"
