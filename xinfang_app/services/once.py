"""A step of the installation that runs once on a site, never again (the administrator's afterwards)."""

from __future__ import annotations

import frappe


def once(key: str, install):
	"""Run ``install`` unless it ran on this site before."""
	marker = f"xinfang_installed_{key}"
	if frappe.db.get_default(marker):
		return
	install()
	frappe.db.set_default(marker, "1")
