"""Which DocTypes are this app's: the row rules, the corrections of Frappe (``overrides/``) and the services
that copy a petition's words elsewhere apply to them and leave every other app's DocTypes to that app."""

from __future__ import annotations

import frappe


def app_modules() -> set[str]:
	"""This app's modules (once per request)."""
	if not hasattr(frappe.local, "xinfang_modules"):
		frappe.local.xinfang_modules = set(frappe.get_module_list("xinfang_app"))
	return frappe.local.xinfang_modules


def is_app_doctype(doctype: str | None) -> bool:
	if not doctype:
		return False
	try:
		return frappe.get_meta(doctype).module in app_modules()
	except Exception:
		return False
