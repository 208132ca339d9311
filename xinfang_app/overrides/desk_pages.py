"""The desk shows a petition role what it uses: Frappe's framework workspaces (用户列表, 网站, 工具, 集成, 构建)
leave the sidebar of a user who holds a petition role and does not manage the site (``rules.roles``), and a
workspace shortcut that opens a new document shows only to those who may create one (a case handler is not
offered 登记来信来访)."""

from __future__ import annotations

from contextlib import contextmanager

import frappe
from frappe import permissions
from frappe.desk import desktop

from xinfang_app.rules.roles import hidden_workspaces


@frappe.whitelist()
def get_workspace_sidebar_items():
	items = desktop.get_workspace_sidebar_items()
	items["pages"] = visible_pages(items.get("pages") or [])
	return items


@frappe.whitelist()
def get_desktop_page(page):
	with readable_doctypes_once():
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
	"""The sidebar Frappe puts in the boot follows the same rule. The number cards and charts of the app's
	workspaces come with it, those the user may read: their widgets take them from the boot (the app's
	``xinfang.bundle.js``) instead of asking for each one while the workspace is drawn."""
	if bootinfo.get("allowed_workspaces"):
		bootinfo.allowed_workspaces = visible_pages(bootinfo.allowed_workspaces)
	pages = [p.get("name") for p in bootinfo.get("allowed_workspaces") or []]
	bootinfo.xinfang_widget_docs = widget_docs(pages)


WIDGETS = {
	"Number Card": ("Workspace Number Card", "number_card_name"),
	"Dashboard Chart": ("Workspace Chart", "chart_name"),
}


def widget_docs(workspaces: list) -> dict:
	from xinfang_app.app_doctypes import app_modules

	ours = frappe.get_all(
		"Workspace",
		filters={"name": ("in", workspaces or [""]), "module": ("in", sorted(app_modules()))},
		pluck="name",
	)
	docs = {"workspaces": ours}
	with readable_doctypes_once():
		for doctype, (table, field) in WIDGETS.items():
			names = frappe.get_all(
				table, filters={"parent": ("in", ours or [""])}, pluck=field, order_by="idx asc"
			)
			for name in dict.fromkeys(names):
				if not frappe.db.exists(doctype, name):
					continue
				doc = frappe.get_cached_doc(doctype, name)
				if frappe.has_permission(doctype, doc=doc):
					docs.setdefault(doctype, {})[name] = doc.as_dict()
	return docs


def widget_changed(doc=None, method=None):
	"""A number card or chart changed: the boots that carry them are made again."""
	frappe.cache.delete_key("bootinfo")


@contextmanager
def readable_doctypes_once():
	"""Frappe's permission rule of a number card or chart reads the DocTypes the user may read anew for each
	one (about 25 ms each): within this block they are read once."""
	original = permissions.get_doctypes_with_read
	readable = original()
	permissions.get_doctypes_with_read = lambda: list(readable)
	try:
		yield
	finally:
		permissions.get_doctypes_with_read = original
