"""Row-level permission of petitions: Frappe hooks around ``xinfang_app.rules.confidentiality``.

Role permissions (DocPerm, permlevel) decide which fields a role reads or writes; these hooks decide
which rows. The same rule serves the list view, reports and the REST API (``permission_query_conditions``)
and a single document (``has_permission``), so a report about a unit never reaches its members.
"""

from __future__ import annotations

import json

import frappe
from frappe import _

from xinfang_app.compat import FILE_HOOK_NO_OBJECTION
from xinfang_app.rules import confidentiality
from xinfang_app.rules.outcomes import REPORT

PRIVILEGED_USERS = ("Administrator",)


def user_units(user: str | None = None) -> list[str]:
	"""The offices and departments a user belongs to: as a member or as their head (once per request)."""
	user = user or frappe.session.user
	cache = getattr(frappe.local, "xinfang_user_units", None)
	if cache is None:
		cache = frappe.local.xinfang_user_units = {}
	if user not in cache:
		member = frappe.qb.DocType("Petition Office Member")
		office = frappe.qb.DocType("Petition Office")
		units = {r[0] for r in frappe.qb.from_(member).select(member.parent).where(member.user == user).run()}
		units |= {r[0] for r in frappe.qb.from_(office).select(office.name).where(office.head == user).run()}
		from xinfang_app.integrations.erpnext import units_from_employee

		units |= units_from_employee(user)
		cache[user] = sorted(units)
	return cache[user]


def sql_in(doctype: str, field: str, values) -> str:
	"""``tabDoctype.field in (...)`` with escaped values; a condition that matches nothing when empty."""
	values = list(values)
	if not values:
		return "1 = 0"
	return f"`tab{doctype}`.`{field}` in ({', '.join(frappe.db.escape(v) for v in values)})"


def clear_unit_cache(*args, **kwargs):
	frappe.local.xinfang_user_units = {}


def petition_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	if user in PRIVILEGED_USERS:
		return ""
	roles = frappe.get_roles(user)
	units = user_units(user)
	table = "`tabPetition`"
	conditions = []
	if units:
		quoted = ", ".join(frappe.db.escape(u) for u in units)
		conditions.append(
			f"not ({table}.`matter_kind` = {frappe.db.escape(REPORT)} and ifnull({table}.`department_concerned`, '') in ({quoted}))"
		)
	if not confidentiality.sees_all_petitions(roles):
		if confidentiality.OFFICE_ROLES & set(roles):
			scope = [
				f"{table}.`handler` = {frappe.db.escape(user)}",
				f"{table}.`_assign` like {frappe.db.escape('%' + _like_literal(json.dumps(user)) + '%')}",
			]
			if units:
				scope.append(f"{table}.`handling_office` in ({quoted})")
			conditions.append("(" + " or ".join(scope) + ")")
		else:
			conditions.append("1 = 0")
	return " and ".join(conditions)


def _like_literal(text: str) -> str:
	return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def petition_has_permission(doc, ptype: str | None = None, user: str | None = None, debug=False) -> bool:
	user = user or frappe.session.user
	if user in PRIVILEGED_USERS or doc.is_new():
		return True
	assigned = frappe.parse_json(doc.get("_assign") or "[]")
	return confidentiality.may_read(
		frappe.get_roles(user),
		user,
		user_units(user),
		matter_kind=doc.get("matter_kind"),
		department_concerned=doc.get("department_concerned"),
		handling_office=doc.get("handling_office"),
		handler=doc.get("handler"),
		assigned_to=assigned,
	)


def may_see_identity(user: str | None = None) -> bool:
	user = user or frappe.session.user
	return user in PRIVILEGED_USERS or confidentiality.may_see_identity(frappe.get_roles(user))


def file_has_permission(doc, ptype: str | None = None, user: str | None = None, debug=False) -> bool | None:
	"""The app's one rule for files. It only ever refuses:

	- the materials of a report (files attached to it) are for petition officers and managers only;
	- a file is attached to, changed on or removed from a mediation only by someone who may edit that
	mediation (Frappe 15 checks no more than the File permission when a file is created).

	Otherwise it raises no objection and Frappe's own File rule (the document the file is attached to)
	decides; how "no objection" is said differs between Frappe 15 and 16 (see ``compat``).
	"""
	attached_to, name = doc.get("attached_to_doctype"), doc.get("attached_to_name")
	if attached_to == "Petition" and name:
		kind = frappe.db.get_value("Petition", name, "matter_kind")
		if kind == REPORT and not may_see_identity(user):
			return False
	elif attached_to == "Mediation" and name and ptype in ("create", "write", "delete"):
		if frappe.db.exists("Mediation", name) and not frappe.has_permission(
			"Mediation", "write", name, user=user
		):
			return False
	return FILE_HOOK_NO_OBJECTION


def guard_share(doc, method=None):
	"""Sharing grants read access past the row rules, so a report is never shared with a member of the unit
	it reports on (an assignment shares too)."""
	if doc.share_doctype != "Petition" or not doc.user:
		return
	kind, unit = frappe.db.get_value("Petition", doc.share_name, ["matter_kind", "department_concerned"]) or (
		None,
		None,
	)
	if confidentiality.excluded_as_reported_unit(kind, unit, user_units(doc.user)):
		frappe.throw(
			_("{0} belongs to the unit this report is about and may not see it.").format(doc.user),
			frappe.PermissionError,
		)


def instruction_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""Office staff see the instructions that name them."""
	user = user or frappe.session.user
	roles = frappe.get_roles(user)
	if user in PRIVILEGED_USERS or confidentiality.sees_all_petitions(roles):
		return ""
	return (
		"`tabLeader Instruction`.name in (select parent from `tabLeader Instruction Assignee` "
		f"where user = {frappe.db.escape(user)})"
	)


def instruction_has_permission(doc, ptype: str | None = None, user: str | None = None, debug=False) -> bool:
	user = user or frappe.session.user
	if user in PRIVILEGED_USERS or confidentiality.sees_all_petitions(frappe.get_roles(user)) or doc.is_new():
		return True
	return any(row.user == user for row in doc.assignees)
