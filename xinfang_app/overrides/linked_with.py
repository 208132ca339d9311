"""The submitted documents linked to a record, as far as the caller may read them.

Frappe's ``get_submitted_linked_docs`` (asked by the desk before cancelling a document, and callable by anyone
who may read the record) walks every submitted document linked to it, with no permission check on what it
finds: a member of a unit, asking about their own Petition Office or User record, learned the number (and the
existence) of an issued responsibility finding on a report about that unit, which the finding's own list and
``get_count`` rightly hide from them. Here the same walk answers only the documents the caller may read.
"""

from __future__ import annotations

import frappe
from frappe.desk.form import linked_with


@frappe.whitelist()
def get_submitted_linked_docs(doctype: str, name: str, ignore_doctypes_on_cancel_all=None):
	found = linked_with.get_submitted_linked_docs(doctype, name, ignore_doctypes_on_cancel_all)
	docs = [
		doc for doc in found.get("docs") or [] if frappe.has_permission(doc["doctype"], "read", doc["name"])
	]
	return {**found, "docs": docs, "count": len(docs)}
