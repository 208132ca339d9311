"""Server-side steps for the desk browser tests (tests/browser/desk.test.mjs), run with ``bench execute``."""

from __future__ import annotations

import frappe
from frappe.utils.password import update_password

from xinfang_app.tests.utils import make_user

PASSWORD = "Xinfang-Desk-2026!"


def desk_user():
	"""A petition manager who reads Chinese, with a password, to look at the desk in a browser."""
	if not frappe.is_setup_complete():
		# A new Frappe site shows the setup wizard instead of the desk until it has been run once.
		from frappe.desk.page.setup_wizard.setup_wizard import setup_complete

		# Only marked complete: the site's country, time zone and formats stay as they were.
		setup_complete({"language": "English"})
	email = make_user("browser_desk", ["Petition Manager"])
	frappe.db.set_value("User", email, "language", "zh")
	update_password(email, PASSWORD)
	frappe.db.commit()
