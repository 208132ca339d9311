"""The deadline sweep's index now holds the deadline status too; it replaces the two-column one."""

import frappe

from xinfang_app.xinfang.doctype.petition.petition import on_doctype_update


def execute():
	on_doctype_update()  # adds clock_sweep_index, and any other index that is missing
	if frappe.db.has_index("tabPetition", "clock_deadline_index"):
		frappe.db.sql_ddl("alter table `tabPetition` drop index `clock_deadline_index`")
