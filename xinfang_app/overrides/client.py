"""Frappe 16's form asks, before a workflow action, whether the workflow wants it confirmed:
``frappe.client.get_value("Workflow", {"document_type": ...}, "enable_action_confirmation")``. Only a System
Manager may read Workflow, so for everyone else the request is refused and the action never runs: a petition
officer clicking 登记 saw "无权限操作工作流" and nothing happened. That one setting is answered here for anyone who may
read the document type the workflow is for; every other ``get_value`` is Frappe's own. (Frappe 15's form does
not ask.)"""

from __future__ import annotations

import frappe
import frappe.client


@frappe.whitelist()
def get_value(doctype, fieldname, filters=None, as_dict=True, debug=False, parent=None):
	if doctype == "Workflow" and fieldname == "enable_action_confirmation":
		document_type = (frappe.parse_json(filters) or {}).get("document_type") if filters else None
		if isinstance(document_type, str) and frappe.has_permission(document_type, "read"):
			# (a setting of Frappe 16; Frappe 15's workflows have none and never ask)
			value = frappe.get_meta("Workflow").has_field(
				"enable_action_confirmation"
			) and frappe.db.get_value(
				"Workflow", {"document_type": document_type, "is_active": 1}, "enable_action_confirmation"
			)
			return {"enable_action_confirmation": value or 0}
	return frappe.client.get_value(
		doctype, fieldname, filters=filters, as_dict=as_dict, debug=debug, parent=parent
	)
