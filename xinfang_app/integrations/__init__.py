"""Links to the hospital stack (ERPNext, HRMS, Healthcare), present only where those apps are installed.

Each app has its own module here with the custom fields it adds. They are created when the app is
present — whether it was installed before or after xinfang_app — and removed when it is uninstalled;
petitions keep everything else. Removing one integration touches one file.
"""

from __future__ import annotations

import frappe
from frappe.custom.doctype.custom_field.custom_field import create_custom_fields

from xinfang_app.integrations import erpnext, healthcare, hrms

INTEGRATIONS = {"erpnext": erpnext, "hrms": hrms, "healthcare": healthcare}


def installed(app: str) -> bool:
	return app in frappe.get_installed_apps()


def setup_installed():
	"""Create the custom fields of every integrated app installed on the site (idempotent)."""
	for app, module in INTEGRATIONS.items():
		if installed(app):
			create_custom_fields(module.CUSTOM_FIELDS, update=True)
	if installed("hrms"):
		from xinfang_app.integrations.staff import grant_hr_manager
		from xinfang_app.services.once import once

		once("hrms_finding_reader", grant_hr_manager)


def after_app_install(app_name: str):
	if app_name in INTEGRATIONS:
		create_custom_fields(INTEGRATIONS[app_name].CUSTOM_FIELDS, update=True)
	if app_name == "hrms":
		setup_installed()


def before_app_uninstall(app_name: str):
	"""Our fields that link into the app go first, so its DocTypes can be removed; petitions stay."""
	module = INTEGRATIONS.get(app_name)
	if not module:
		return
	for doctype, fields in module.CUSTOM_FIELDS.items():
		for field in fields:
			name = frappe.db.get_value("Custom Field", {"dt": doctype, "fieldname": field["fieldname"]})
			if name:
				frappe.delete_doc("Custom Field", name, ignore_permissions=True, force=True)
