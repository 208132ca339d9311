"""Functions the shipped print formats call (registered as Jinja methods in hooks.py)."""

from __future__ import annotations

import frappe


def xinfang_institution_name() -> str:
	"""The hospital's name for a notice's heading and seal line."""
	from xinfang_app.services.settings import institution_name

	return institution_name()


def xinfang_fullname(user: str | None) -> str:
	"""A user's full name where a print shows a person (never their e-mail address)."""
	return frappe.utils.get_fullname(user) if user else ""
