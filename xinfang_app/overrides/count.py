"""``frappe.client.get_count`` with the list's permission checks.

Frappe 15 answers ``frappe.client.get_count`` with ``frappe.db.count``: no permission check at all, so any
logged-in user (a portal petitioner too) could count petitions by any filter and read a report's subject or a
petitioner's phone number off the counts one character at a time. Frappe 16 answers it with
``frappe.desk.reportview.get_count``, the list view's own count, which applies role, row (permission query
conditions) and field-level checks (``overrides/db_query.py``). This is Frappe 16's implementation, used on
both versions.
"""

from __future__ import annotations

import frappe
from frappe.client import get_safe_filters


@frappe.whitelist()
def get_count(doctype, filters=None, debug=False, cache=False):
	from frappe.desk.reportview import get_count as counted_like_the_list

	frappe.form_dict.doctype = doctype
	frappe.form_dict.filters = get_safe_filters(filters)
	frappe.form_dict.debug = debug
	return counted_like_the_list()
