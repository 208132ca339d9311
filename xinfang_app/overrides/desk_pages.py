"""The desk shows a petition role what it uses: Frappe's framework workspaces (用户列表, 网站, 工具, 集成, 构建)
leave the sidebar of a user who holds a petition role and does not manage the site (``rules.roles``), and a
workspace shortcut that opens a new document shows only to those who may create one (a case handler is not
offered 登记来信来访)."""

from __future__ import annotations

import frappe
from frappe.desk import desktop

from xinfang_app.rules.roles import hidden_workspaces


@frappe.whitelist()
def get_workspace_sidebar_items():
	items = desktop.get_workspace_sidebar_items()
	items["pages"] = visible_pages(items.get("pages") or [])
	return items


@frappe.whitelist()
def get_desktop_page(page):
	data = desktop.get_desktop_page(page)
	shortcuts = (data or {}).get("shortcuts") or {}
	if shortcuts.get("items"):
		shortcuts["items"] = [s for s in shortcuts["items"] if shortcut_allowed(s)]
	return data


def visible_pages(pages: list) -> list:
	hidden = hidden_workspaces(frappe.get_roles())
	return [p for p in pages if p.get("name") not in hidden]


def shortcut_allowed(shortcut) -> bool:
	if shortcut.get("type") == "DocType" and shortcut.get("doc_view") == "New":
		return bool(frappe.has_permission(shortcut.get("link_to"), "create"))
	return True


def boot_session(bootinfo):
	"""The sidebar Frappe puts in the boot follows the same rule."""
	if bootinfo.get("allowed_workspaces"):
		bootinfo.allowed_workspaces = visible_pages(bootinfo.allowed_workspaces)
