"""Helpers for the site tests: users with exactly the roles they need, offices, petitions.

They live in product code (``xinfang_app.setup.fixtures``), which the demo, the benchmark and the production
check use too; the tests keep importing them from here."""

import frappe

from xinfang_app.setup.fixtures import (
	DOMAIN,
	api_token,
	make_office,
	make_org,
	make_user,
	petition,
	valid_id,
)

__all__ = [
	"DOMAIN",
	"api_token",
	"insert_once",
	"make_office",
	"make_org",
	"make_user",
	"petition",
	"valid_id",
]


def insert_once(doctype: str, name: str, **values) -> bool:
	"""Inserts the ``doctype`` record ``name`` with ``values`` (permissions aside) unless it exists; True if
	it did."""
	if frappe.db.exists(doctype, name):
		return False
	frappe.get_doc({"doctype": doctype, **values}).insert(ignore_permissions=True)
	return True
