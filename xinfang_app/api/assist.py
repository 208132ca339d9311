"""同案同处: the category, handling office and similar concluded cases the office's own history suggests.

``suggest`` answers the intake form (categories and offices to choose with one click) and the handler's form
(similar concluded cases to read and start a reply from). Confidentiality comes first:

- only petition office staff ask (officers, managers, leaders, supervisors, case handlers, department heads);
- reports (检举控告) are learned from and listed only for petition officers and managers, who read every
  report; everyone else's suggestions come from a pool without them (``services/assist.py``);
- a similar case is listed only if its asker may read it (the petitions' row rule, then
  ``frappe.has_permission`` for each), and only with the fields they may read (permission levels); no field
  of the petitioner's identity is ever part of the answer.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cint

from xinfang_app.overrides.response import unreadable
from xinfang_app.permissions import PRIVILEGED_USERS, may_see_identity, petition_query_conditions
from xinfang_app.rules import assist as rules
from xinfang_app.rules import confidentiality
from xinfang_app.services import assist as service

MAX_TEXT = 20000
SIMILAR_FIELDS = ("subject", "outcome", "reply", "concluded_on")


def _may_ask(user: str) -> bool:
	roles = set(frappe.get_roles(user))
	return user in PRIVILEGED_USERS or bool(
		(confidentiality.ALL_PETITIONS_ROLES | confidentiality.OFFICE_ROLES) & roles
	)


def _text(value, label: str) -> str:
	"""``label``: the field's name as its reader knows it (already translated)."""
	if value is None:
		return ""
	if not isinstance(value, str):
		frappe.throw(_("{0} must be text.").format(label), frappe.ValidationError)
	if len(value) > MAX_TEXT:
		frappe.throw(
			_("{0} is too long for suggestions (at most {1} characters).").format(label, MAX_TEXT),
			frappe.ValidationError,
		)
	return value


@frappe.whitelist()
def suggest(subject=None, request=None, facts=None, petition=None) -> dict:
	"""Categories and handling offices (each with the words that led to it) and similar concluded petitions,
	best first, at most five of each."""
	user = frappe.session.user
	if not _may_ask(user):
		frappe.throw(_("Only petition office staff may ask for suggestions."), frappe.PermissionError)
	subject = _text(subject, _("Subject", context="Petition"))
	request = _text(request, _("Request", context="Petition"))
	facts = _text(facts, _("Facts and Reasons"))
	if petition:
		if (
			not isinstance(petition, str)
			or not frappe.db.exists("Petition", petition)
			or not frappe.has_permission("Petition", "read", doc=petition, user=user)
		):
			frappe.throw(_("You are not permitted to access this resource."), frappe.PermissionError)
		if not (subject or request or facts):
			subject, request, facts = frappe.db.get_value(
				"Petition", petition, ["subject", "request", "facts"]
			) or ("", "", "")
	empty = {"categories": [], "offices": [], "similar": []}
	if not (subject or request or facts).strip():
		return empty
	pools = [service.SHARED] + ([service.REPORTS] if may_see_identity(user) else [])
	answer = service.suggest(
		subject, request, facts, pools, condition=petition_query_conditions(user), exclude=petition
	)
	answer["similar"] = _readable_cases(answer["similar"], user)
	return answer


def _readable_cases(ranked: list[tuple[str, float]], user: str) -> list[dict]:
	"""The first five ranked cases the user may read (``frappe.has_permission`` on each, behind the row rule
	the ranking already applied), with the fields they may read."""
	hidden = unreadable("Petition") if user not in PRIVILEGED_USERS else set()
	scores = dict(ranked)
	rows = {
		row.name: row
		for row in frappe.get_all(
			"Petition", filters={"name": ("in", list(scores) or [""])}, fields=["name", *SIMILAR_FIELDS]
		)
	}
	out = []
	for name, score in ranked:
		if len(out) == service.TOP:
			break
		if name not in rows or not frappe.has_permission("Petition", "read", doc=name, user=user):
			continue
		case = {"name": name, "score": round(score, 3)}
		for field in SIMILAR_FIELDS:
			case[field] = None if field in hidden else rows[name].get(field)
		case["reply_excerpt"] = rules.excerpt(case["reply"]) if case["reply"] else None
		out.append(case)
	return out


@frappe.whitelist(methods=["POST"])
def rebuild(full=False) -> dict:
	"""Brings the suggestions' index up to date at once (the nightly job runs it); ``full``: from nothing.

	``bench --site SITE execute xinfang_app.api.assist.rebuild`` (``--kwargs "{'full': 1}"``)."""
	if frappe.session.user not in PRIVILEGED_USERS and not {"System Manager", "Petition Manager"} & set(
		frappe.get_roles()
	):
		frappe.throw(
			_("Only a Petition Manager or System Manager may rebuild the suggestions."),
			frappe.PermissionError,
		)
	return service.rebuild(full=bool(cint(full)))


def nightly():
	"""The daily scheduler's entry: ``rebuild`` as the scheduler's user."""
	return service.rebuild(full=False)
