"""Download of the Chinese petition ledger template (信访登记台账导入模板) for Data Import."""

from __future__ import annotations

import frappe
from frappe import _

from xinfang_app.services import ledger_template

FILE_NAME = "信访台账导入模板"


@frappe.whitelist()
def download_ledger_template(file_type: str = "xlsx"):
	"""The template as an Excel workbook (with a sheet of allowed values) or as CSV with an example row."""
	if not frappe.has_permission("Petition", "import"):
		frappe.throw(_("You may not import petitions."), frappe.PermissionError)
	if file_type not in ("xlsx", "csv"):
		frappe.throw(_("Choose xlsx or csv."), frappe.ValidationError)
	frappe.response["type"] = "binary"
	frappe.response["filename"] = f"{FILE_NAME}.{file_type}"
	if file_type == "xlsx":
		frappe.response["filecontent"] = ledger_template.as_xlsx()
	else:
		frappe.response["filecontent"] = ledger_template.as_csv().encode("utf-8-sig")
