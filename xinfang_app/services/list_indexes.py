"""Indexes for the petition lists an office opens every day.

Frappe's list view asks for the first page of a filtered list sorted by ``modified`` and for its count,
and the sidebar and the workspace count by a column. At a million petitions, with a buffer pool much
smaller than the table, each of those must be answered from an index alone:

- ``<filter column>, modified`` serves the first page in index order (no sort of every matching row) and
  counts the filter as a range of the index;
- the columns a case handler's row rule reads (``permissions.petition_query_conditions``: office,
  handler, matter kind, department concerned) follow, so a handler's lists and counts need no table page
  either;
- a user's open assignments are read from ToDo by ``assignments.ASSIGNMENT_INDEX``.

New sites get them from ``Petition``'s ``on_doctype_update``; sites from before from the patch
``petition_list_indexes``. Missing ones are added in one ``ALTER TABLE``, which reads the table once.

An index key holds at most 3,072 bytes: a ``varchar(140)`` column takes 562 of them, so ``clock_status``
(three short values) is stored as ``varchar(20)`` to fit beside the scope columns.

Each index costs every save of a petition a little; the first page sorted by received_at (the list's own
sort field) has its own index only for the two queues read most, as the other filters match so many rows
that the index on received_at finds a page at once.
"""

from __future__ import annotations

import frappe

from xinfang_app.assignments import add_assignment_index

SCOPE_COLUMNS = ["handling_office", "handler", "matter_kind", "department_concerned"]

LIST_INDEXES: dict[str, list[str]] = {
	# The daily queues: by deadline status and by workflow state, sorted by modified or received_at.
	# clock_status last: the number cards count running clocks by deadline status from this index alone.
	"deadline_queue_index": ["deadline_status", "modified", *SCOPE_COLUMNS, "clock_status"],
	"deadline_received_index": ["deadline_status", "received_at"],
	"state_list_index": ["workflow_state", "modified", *SCOPE_COLUMNS],
	"state_received_index": ["workflow_state", "received_at"],
	# By office, category and matter kind; docstatus for the workspace's charts (they count docstatus < 2).
	"office_modified_index": [
		"handling_office",
		"modified",
		"handler",
		"matter_kind",
		"department_concerned",
		"docstatus",
	],
	"category_modified_index": ["category", "modified", *SCOPE_COLUMNS, "docstatus"],
	"kind_list_index": ["matter_kind", "modified", "handling_office", "handler", "department_concerned"],
	# By date received (this month, today's card, the monthly chart) and by creator (the sidebar's count).
	"received_list_index": ["received_at", "docstatus", *SCOPE_COLUMNS],
	"owner_list_index": ["owner", *SCOPE_COLUMNS],
}
# Indexes of an earlier shape, replaced by the ones above.
REPLACED = ["office_list_index", "category_list_index", "deadline_list_index"]


def add_list_indexes():
	existing = {row.Key_name for row in frappe.db.sql("show index from `tabPetition`", as_dict=True)}
	changes = [f"drop index `{name}`" for name in REPLACED if name in existing] + [
		f"add index `{name}` ({', '.join(f'`{c}`' for c in columns)})"
		for name, columns in LIST_INDEXES.items()
		if name not in existing
	]
	if changes:
		frappe.db.sql_ddl("alter table `tabPetition` " + ", ".join(changes))
	add_assignment_index()
