"""The desk form loads a document with its "docinfo" (versions, attachments...), which Frappe reads
without field-level permissions. For a petition, confidential values are removed from the version
history and a report's materials from the attachment list of anyone who may not see them."""

from __future__ import annotations

import json

import frappe
from frappe import _
from frappe.desk.form import load

from xinfang_app.permissions import may_see_identity
from xinfang_app.rules.outcomes import REPORT

# Frappe's own users, named in the reader's language where the desk shows who created or changed a document
STANDARD_USER_NAMES = {"Guest": "Online Petition", "Administrator": "System Administrator"}


@frappe.whitelist()
def getdoc(doctype, name):
	load.getdoc(doctype, name)
	tidy_docinfo(doctype, name)


@frappe.whitelist()
def get_docinfo(doc=None, doctype=None, name=None):
	load.get_docinfo(doc, doctype, name)
	doctype = doctype or (doc.doctype if doc else None)
	tidy_docinfo(doctype, name or doc.name)


@frappe.whitelist(methods=["POST", "PUT"])
def savedocs(doc, action):
	"""The desk's save and submit: the saved document comes back with the same docinfo as when it is opened
	(a petition's filtered, the timeline in words) and with the titles of its links, so that a user set by
	the server (印发人, 单位负责人) reads as a name, not an e-mail address, before any reload."""
	from frappe.desk.form import save

	save.savedocs(doc, action)
	after_save()


@frappe.whitelist(methods=["POST", "PUT"])
def cancel(doctype=None, name=None, workflow_state_fieldname=None, workflow_state=None):
	from frappe.desk.form import save

	save.cancel(doctype, name, workflow_state_fieldname, workflow_state)
	after_save()


def after_save():
	docs = frappe.response.get("docs") or []
	if not docs:
		return  # a submission queued in the background
	saved = docs[-1]
	tidy_docinfo(saved.get("doctype"), saved.get("name"))
	load.set_link_titles(frappe.get_doc(saved))


def tidy_docinfo(doctype: str | None, name: str | None):
	docinfo = frappe.response.get("docinfo")
	if not docinfo or not doctype:
		return
	add_people(docinfo, doctype, name)
	from xinfang_app.app_doctypes import is_app_doctype

	if is_app_doctype(doctype):
		readable_versions(docinfo.get("versions") or [], doctype)
	if doctype == "Petition":
		filter_petition_docinfo(name)


def add_people(docinfo: dict, doctype: str, name: str | None):
	"""Frappe sends the names of those who commented or shared, not of who created and last changed the
	document: the timeline then reads "Guest创建了本项". Those two are added, Frappe's own users by name."""
	user_info = docinfo.setdefault("user_info", {})
	people = frappe.db.get_value(doctype, name, ["owner", "modified_by"]) if name else None
	frappe.utils.add_user_info([u for u in (people or ()) if u], user_info)
	for user, label in STANDARD_USER_NAMES.items():
		if user in user_info:
			user_info[user]["fullname"] = _(label)


def display_name(user: str) -> str:
	if user in STANDARD_USER_NAMES:
		return _(STANDARD_USER_NAMES[user])
	return frappe.utils.get_fullname(user)


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
	if value is None or value == "":
		return _("(empty)")
	if df and df.fieldtype == "Select" and isinstance(value, str):
		return _(value, context=doctype)
	if df and df.fieldtype == "Link" and df.options == "User" and isinstance(value, str):
		return display_name(value)
	return value
