"""Indexes for the petition lists an office opens every day.

Frappe's list view asks for the first page of a filtered list sorted by ``modified`` and for its count,
and the sidebar and the workspace count by a column. At a million petitions, with a buffer pool much
smaller than the table, each of those must be answered from an index alone:

- ``<filter column>, modified`` serves the first page in index order (no sort of every matching row) and
  counts the filter as a range of the index;
- the columns a case handler's row rule reads (``permissions.petition_query_conditions``: office,
  handler, matter kind, department concerned) follow, so a handler's lists and counts need no table page
  either;
- a user's open assignments are read from ToDo by ``assigned_filter.ASSIGNMENT_INDEX``.

New sites get them from ``Petition``'s ``on_doctype_update``; sites from before from the patch
``petition_list_indexes``. Missing ones are added in one ``ALTER TABLE``, which reads the table once.
"""

from __future__ import annotations

import frappe

from xinfang_app.overrides.assigned_filter import add_assignment_index

SCOPE_COLUMNS = ["handling_office", "handler", "matter_kind", "department_concerned"]

LIST_INDEXES: dict[str, list[str]] = {
	"deadline_list_index": ["deadline_status", "modified", *SCOPE_COLUMNS],
	"state_list_index": ["workflow_state", "modified", *SCOPE_COLUMNS],
	"office_list_index": ["handling_office", "modified", "handler", "matter_kind", "department_concerned"],
	"category_list_index": ["category", "modified", *SCOPE_COLUMNS],
	"kind_list_index": ["matter_kind", "modified", "handling_office", "handler", "department_concerned"],
}


def add_list_indexes():
	existing = {row.Key_name for row in frappe.db.sql("show index from `tabPetition`", as_dict=True)}
	missing = [name for name in LIST_INDEXES if name not in existing]
	if missing:
		frappe.db.sql_ddl(
			"alter table `tabPetition` "
			+ ", ".join(
				f"add index `{name}` ({', '.join(f'`{c}`' for c in LIST_INDEXES[name])})" for name in missing
			)
		)
	add_assignment_index()
