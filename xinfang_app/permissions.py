"""Row-level permission of petitions: Frappe hooks around ``xinfang_app.rules.confidentiality``.

Role permissions (DocPerm, permlevel) decide which fields a role reads or writes; these hooks decide
which rows. The same rule serves the list view, reports and the REST API (``permission_query_conditions``)
and a single document (``has_permission``), so a report about a unit never reaches its members.
"""

from __future__ import annotations

import frappe
from frappe import _

from xinfang_app.assignments import assigned_condition
from xinfang_app.compat import HOOK_NO_OBJECTION
from xinfang_app.extensions import call_each
from xinfang_app.rules import confidentiality
from xinfang_app.rules.outcomes import REPORT

PRIVILEGED_USERS = ("Administrator",)


def user_units(user: str | None = None) -> list[str]:
	"""The offices and departments a user belongs to (once per request): as a member or head of a Petition
	Office, through a User Permission on Petition Office (or, with ERPNext, on Department), and through
	their ERPNext Employee record. All of them widen what a handler sees and all of them exclude the user
	from reports about that unit."""
	user = user or frappe.session.user
	cache = getattr(frappe.local, "xinfang_user_units", None)
	if cache is None:
		cache = frappe.local.xinfang_user_units = {}
	if user not in cache:
		member = frappe.qb.DocType("Petition Office Member")
		office = frappe.qb.DocType("Petition Office")
		units = {r[0] for r in frappe.qb.from_(member).select(member.parent).where(member.user == user).run()}
		units |= {r[0] for r in frappe.qb.from_(office).select(office.name).where(office.head == user).run()}
		units |= permitted_values(user, "Petition Office")
		# Offices an installed integration knows the user by (ERPNext: Employee, Department; extensions.py).
		for found in call_each("xinfang_user_units", user):
			units |= set(found)
		cache[user] = sorted(units)
	return cache[user]


def permitted_values(user: str, doctype: str) -> set[str]:
	"""The values a user is restricted to by User Permissions on ``doctype`` that apply to petitions."""
	from frappe.permissions import get_user_permissions

	return {
		row.get("doc")
		for row in get_user_permissions(user).get(doctype, [])
		if not row.get("applicable_for") or row.get("applicable_for") == "Petition"
	}


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
		if not confidentiality.may_see_identity(roles):
			conditions.append(
				f"not ({table}.`matter_kind` = {frappe.db.escape(REPORT)} and ifnull({table}.`department_concerned`, '') in ({quoted}))"
			)
	if not confidentiality.sees_all_petitions(roles):
		if confidentiality.OFFICE_ROLES & set(roles):
			scope = [
				f"{table}.`handler` = {frappe.db.escape(user)}",
				assigned_condition("Petition", user),
			]
			if units:
				scope.append(f"{table}.`handling_office` in ({quoted})")
			conditions.append("(" + " or ".join(scope) + ")")
		else:
			conditions.append("1 = 0")
	return " and ".join(conditions)


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
	return HOOK_NO_OBJECTION


def guard_share(doc, method=None):
	"""Sharing grants read access past the row rules, so a report, or a document that carries one, is never
	shared with a member of the unit it reports on (an assignment shares too)."""
	if not doc.user:
		return
	if doc.share_doctype in CARRIERS:
		if hides_content(frappe.get_doc(doc.share_doctype, doc.share_name), doc.user):
			frappe.throw(
				_("{0} belongs to the unit a report in this document is about and may not see it.").format(
					doc.user
				),
				frappe.PermissionError,
			)
		return
	if doc.share_doctype != "Petition":
		return
	kind, unit = frappe.db.get_value("Petition", doc.share_name, ["matter_kind", "department_concerned"]) or (
		None,
		None,
	)
	if confidentiality.excluded_as_reported_unit(
		kind, unit, user_units(doc.user), frappe.get_roles(doc.user)
	):
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


# ---------------------------------------------------------------------------------------------------------
# Documents that carry a petition's content (its subject, request, facts): each follows the report rule of
# the petitions it carries, so a member of the unit a report is about reads the report through none of them.
# doctype: (table field holding the petitions or None, that table's DocType or None, the Link to Petition)
CARRIERS = {
	"Joint Meeting": ("petitions", "Joint Meeting Petition", "petition"),
	"Case Owner": ("petitions", "Case Owner Petition", "petition"),
	"Early Warning": ("petitions", "Early Warning Petition", "petition"),
	"Supervision Order": (None, None, "petition"),
	"Leader Instruction": (None, None, "petition"),
	"Screening Item": (None, None, "petition"),
	"Mediation": (None, None, "petition"),
	"Responsibility Finding": (None, None, "petition"),
	"Petition Suggestion": ("petitions", "Petition Suggestion Petition", "petition"),
	"Rectification": ("petitions", "Rectification Petition", "petition"),
}

# The carriers' own row rules (who may see which rows besides the report rule).
OWN_HAS_PERMISSION = {
	"Supervision Order": "xinfang_app.xinfang.doctype.supervision_order.supervision_order.supervision_has_permission",
	"Mediation": "xinfang_app.xinfang.doctype.mediation.mediation.mediation_has_permission",
	"Screening Item": "xinfang_app.xinfang.doctype.screening_item.screening_item.screening_has_permission",
	"Leader Instruction": "xinfang_app.permissions.instruction_has_permission",
	"Responsibility Finding": (
		"xinfang_app.xinfang.doctype.responsibility_finding.responsibility_finding.finding_has_permission"
	),
	"Petition Suggestion": (
		"xinfang_app.xinfang.doctype.petition_suggestion.petition_suggestion.suggestion_has_permission"
	),
	"Rectification": "xinfang_app.xinfang.doctype.rectification.rectification.rectification_has_permission",
}

# Child tables of the petition and of its carriers, read on their own (``frappe.get_list(child,
# parent_doctype=...)``): Frappe 15 applies no row rule of the parent there, so each gets its parent's.
CHILD_TABLES = {
	"Petition Representative": "Petition",
	"Joint Meeting Office": "Joint Meeting",
	"Joint Meeting Participant": "Joint Meeting",
	"Joint Meeting Petition": "Joint Meeting",
	"Joint Meeting Action": "Joint Meeting",
	"Case Owner Petition": "Case Owner",
	"Case Owner Step": "Case Owner",
	"Early Warning Petition": "Early Warning",
	"Leader Instruction Assignee": "Leader Instruction",
	"Mediation Party": "Mediation",
	"Mediation Session": "Mediation",
	"Mediation Seal": "Mediation",
	"Responsibility Finding Party": "Responsibility Finding",
	"Petition Suggestion Petition": "Petition Suggestion",
	"Rectification Petition": "Rectification",
	"Rectification Item": "Rectification",
}


def _excluding_units(user: str) -> list[str]:
	"""The units whose reports this user is excluded from (none for officers, managers, Administrator)."""
	if user in PRIVILEGED_USERS or confidentiality.may_see_identity(frappe.get_roles(user)):
		return []
	return user_units(user)


def _reports_about(units: list[str]) -> str:
	return (
		f"select `name` from `tabPetition` where `matter_kind` = {frappe.db.escape(REPORT)} "
		f"and {sql_in('Petition', 'department_concerned', units)}"
	)


def carrier_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""Rows of a carrier that name a report about one of the user's units are left out."""
	user = user or frappe.session.user
	units = _excluding_units(user)
	if not units or doctype not in CARRIERS:
		return ""
	_table_field, child, link = CARRIERS[doctype]
	if child is None:
		return f"ifnull(`tab{doctype}`.`{link}`, '') not in ({_reports_about(units)})"
	return (
		f"`tab{doctype}`.`name` not in (select `parent` from `tab{child}` where `parenttype` = "
		f"{frappe.db.escape(doctype)} and `{link}` in ({_reports_about(units)}))"
	)


def carried_petitions(doc) -> list[str]:
	table_field, _child, link = CARRIERS[doc.doctype]
	rows = (doc.get(table_field) or []) if table_field else [doc]
	return sorted({row.get(link) for row in rows if row.get(link)})


def hides_content(doc, user: str | None = None) -> bool:
	"""Whether ``doc`` carries a report this user is excluded from."""
	user = user or frappe.session.user
	units = _excluding_units(user)
	petitions = carried_petitions(doc) if units else []
	if not petitions:
		return False
	linked = frappe.get_all(
		"Petition",
		filters={"name": ("in", petitions), "matter_kind": REPORT},
		fields=["matter_kind", "department_concerned"],
		as_list=True,
	)
	return confidentiality.hides_linked_reports(frappe.get_roles(user), units, linked)


def carrier_has_permission(doc, ptype: str | None = None, user: str | None = None, debug=False) -> bool:
	"""One answer per document (Frappe 15 stops at the first hook that answers, Frappe 16 asks them all):
	the carrier's own row rule, then the report rule."""
	user = user or frappe.session.user
	own = OWN_HAS_PERMISSION.get(doc.doctype)
	if own and not frappe.get_attr(own)(doc, ptype=ptype, user=user):
		return False
	return not hides_content(doc, user)


def child_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""A child table read on its own shows only the rows of parents the user may read."""
	user = user or frappe.session.user
	parent = CHILD_TABLES.get(doctype)
	if not parent or user in PRIVILEGED_USERS:
		return ""
	conditions = [
		condition
		for method in frappe.get_hooks("permission_query_conditions", {}).get(parent, [])
		if (condition := frappe.call(frappe.get_attr(method), user, doctype=parent))
	]
	if not conditions:
		return ""
	return (
		f"`tab{doctype}`.`parenttype` = {frappe.db.escape(parent)} and `tab{doctype}`.`parent` in "
		f"(select `tab{parent}`.`name` from `tab{parent}` where {' and '.join(conditions)})"
	)
