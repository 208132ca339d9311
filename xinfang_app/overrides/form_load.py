"""The desk form loads a document with its "docinfo" (versions, attachments...), which Frappe reads
without field-level permissions. For a petition, confidential values are removed from the version
history and a report's materials from the attachment list of anyone who may not see them."""

from __future__ import annotations

import json

import frappe
from frappe.desk.form import load

from xinfang_app.permissions import may_see_identity
from xinfang_app.rules.outcomes import REPORT


@frappe.whitelist()
def getdoc(doctype, name):
	load.getdoc(doctype, name)
	if doctype == "Petition":
		filter_petition_docinfo(name)


@frappe.whitelist()
def get_docinfo(doc=None, doctype=None, name=None):
	load.get_docinfo(doc, doctype, name)
	doctype = doctype or (doc.doctype if doc else None)
	if doctype == "Petition":
		filter_petition_docinfo(name or doc.name)


@frappe.whitelist()
def get_communications(doctype, name, start=0, limit=20):
	communications = load.get_communications(doctype, name, start, limit)
	if doctype == "Petition":
		from xinfang_app.communication_permissions import visible_timeline

		communications = visible_timeline(communications)
	return communications


def confidential_fields(doctype: str = "Petition") -> set[str]:
	return {f.fieldname for f in frappe.get_meta(doctype).fields if (f.permlevel or 0) == 1}


def filter_petition_docinfo(name: str):
	docinfo = frappe.response.get("docinfo")
	if not docinfo:
		return
	readable_versions(docinfo.get("versions") or [])
	if may_see_identity():
		return
	from xinfang_app.communication_permissions import visible_timeline

	docinfo["communications"] = visible_timeline(docinfo.get("communications") or [])
	hidden = confidential_fields()
	for version in docinfo.get("versions") or []:
		version["data"] = json.dumps(strip_version(json.loads(version.get("data") or "{}"), hidden))
	if frappe.db.get_value("Petition", name, "matter_kind") == REPORT:
		docinfo["attachments"] = []


def strip_version(data: dict, hidden: set[str]) -> dict:
	data["changed"] = [c for c in data.get("changed") or [] if c[0] not in hidden]
	for key in ("added", "removed"):
		data[key] = [row for row in data.get(key) or [] if row[0] not in hidden]
	data["row_changed"] = [row for row in data.get("row_changed") or [] if row[0] not in hidden]
	return data


def readable_versions(versions: list[dict], doctype: str = "Petition"):
	"""The timeline reads each change in the user's words: an empty value as （空）, not "null"; a Select
	value translated ("Accepted" → 受理); a user by their full name, not their e-mail address."""
	meta = frappe.get_meta(doctype)
	for version in versions:
		data = json.loads(version.get("data") or "{}")
		if not data.get("changed"):
			continue
		for change in data["changed"]:
			df = meta.get_field(change[0])
			change[1:3] = [readable_value(df, value, doctype) for value in change[1:3]]
		version["data"] = json.dumps(data)


def readable_value(df, value, doctype: str):
	from frappe import _

	if value is None or value == "":
		return _("(empty)")
	if df and df.fieldtype == "Select" and isinstance(value, str):
		return _(value, context=doctype)
	if df and df.fieldtype == "Link" and df.options == "User" and isinstance(value, str):
		return frappe.utils.get_fullname(value)
	return value
