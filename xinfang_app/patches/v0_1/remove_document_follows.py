"""Follows of this app's documents made before they could no longer be followed are removed (overrides/follow.py)."""

import frappe


def execute():
	doctypes = frappe.get_all(
		"DocType", filters={"module": ("in", frappe.get_module_list("xinfang_app"))}, pluck="name"
	)
	if doctypes:
		frappe.db.delete("Document Follow", {"ref_doctype": ("in", doctypes)})
