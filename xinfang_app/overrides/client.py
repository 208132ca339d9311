"""Frappe 16's form asks, before a workflow action, whether the workflow wants it confirmed:
``frappe.client.get_value("Workflow", {"document_type": ...}, "enable_action_confirmation")``. Only a System
Manager may read Workflow, so for everyone else the request is refused and the action never runs: a petition
officer clicking 登记 saw "无权限操作工作流" and nothing happened. That one setting is answered here for anyone who may
read the document type the workflow is for; every other ``get_value`` is Frappe's own. (Frappe 15's form does
not ask.)"""

from __future__ import annotations

import frappe
import frappe.client

CONFIRMATION = "enable_action_confirmation"


def confirmation_asked(doctype, fieldname, filters) -> str | None:
	"""The DocType whose workflow the form asks about (``get_value("Workflow", {"document_type": X},
	"enable_action_confirmation")``, exactly), or None for any other question. Also the door rule's test of the
	question (overrides/door_vetted.py), which sees the arguments already decoded."""
	if isinstance(filters, str):
		try:
			filters = frappe.parse_json(filters)
		except ValueError:
			return None
	if doctype != "Workflow" or fieldname != CONFIRMATION or not isinstance(filters, dict):
		return None
	document_type = filters.get("document_type")
	return document_type if set(filters) == {"document_type"} and isinstance(document_type, str) else None


@frappe.whitelist()
def get_value(doctype, fieldname, filters=None, as_dict=True, debug=False, parent=None):
	document_type = confirmation_asked(doctype, fieldname, filters)
	if document_type and frappe.has_permission(document_type, "read"):
		value = 0
		if frappe.get_meta("Workflow").has_field(
			CONFIRMATION
		):  # (Frappe 15's workflows have no such setting)
			value = frappe.db.get_value(
				"Workflow", {"document_type": document_type, "is_active": 1}, CONFIRMATION
			)
		return {CONFIRMATION: value or 0}
	return frappe.client.get_value(
		doctype, fieldname, filters=filters, as_dict=as_dict, debug=debug, parent=parent
	)
