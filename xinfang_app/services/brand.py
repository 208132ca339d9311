"""Frappe's own pages (the login page, the website footer, the desk's title) name the hospital's petition
system, not "Frappe". A name the administrator chose for them stays; the shipped one follows the hospital's
name in Petition Settings."""

from __future__ import annotations

import frappe

SYSTEM = "信访工作平台"


def system_name(institution: str | None) -> str:
	return f"{institution}{SYSTEM}" if institution else SYSTEM


def apply(institution: str | None = None, previous_institution: str | None = None):
	from xinfang_app.services.settings import institution_name

	name = system_name(institution or institution_name())
	ours = {"", "Frappe", SYSTEM, system_name(previous_institution)}
	changed = False
	for doctype, field in (
		("Website Settings", "app_name"),
		("System Settings", "app_name"),
		("Website Settings", "footer_powered"),
	):
		if (frappe.db.get_single_value(doctype, field) or "") in ours:
			frappe.db.set_single_value(doctype, field, name)
			changed = True
	if changed:
		frappe.clear_cache()
