# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt
"""Screening Item (排查台账): a dispute or risk an office found, tracked until resolved; a high-risk
item can become a petition or a leader-owned case."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime, today

from xinfang_app.permissions import sql_in, user_units
from xinfang_app.rules.confidentiality import OFFICE_ROLES, sees_all_petitions

CONVERTING_ROLES = {"Petition Manager", "Petition Officer", "Hospital Leader"}
FINAL = ("Resolved", "Turned into a Case", "Turned into a Petition")


class ScreeningItem(Document):
	def validate(self):
		if self.is_new():
			self.status = "Open"
		before = self.get_doc_before_save()
		if (
			before
			and before.status in FINAL
			and self.status == before.status
			and self.has_value_changed("risk_level")
		):
			frappe.throw(_("A closed item keeps its risk level."))

	def set_status(self, status: str):
		self.status = status
		self.resolved_on = today() if status in FINAL else None
		self.save()


def office_only(user: str) -> bool:
	roles = set(frappe.get_roles(user))
	return bool(OFFICE_ROLES & roles) and not sees_all_petitions(roles)


def screening_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""Office staff see their own office's items only."""
	user = user or frappe.session.user
	if user == "Administrator" or not office_only(user):
		return ""
	return sql_in("Screening Item", "office", user_units(user))


def screening_has_permission(doc, ptype=None, user=None, debug=False) -> bool:
	user = user or frappe.session.user
	if user == "Administrator" or not office_only(user):
		return True
	return doc.office in user_units(user)


def _item_for_change(name: str):
	item = frappe.get_doc("Screening Item", name)
	item.check_permission("write")
	if item.status in FINAL:
		frappe.throw(_("This item is already closed ({0}).").format(_(item.status, context="Screening Item")))
	return item


@frappe.whitelist()
def start(name: str):
	_item_for_change(name).set_status("In Progress")


@frappe.whitelist()
def resolve(name: str, progress: str | None = None):
	item = _item_for_change(name)
	if progress:
		item.progress = progress
	if not (item.progress or "").strip():
		frappe.throw(_("Record how the dispute was resolved."), frappe.MandatoryError)
	item.set_status("Resolved")


@frappe.whitelist()
def turn_into_petition(name: str) -> str:
	item = _item_for_change(name)
	if not CONVERTING_ROLES & set(frappe.get_roles()):
		frappe.throw(
			_("Only petition officers and hospital leaders turn a screening item into a petition."),
			frappe.PermissionError,
		)
	petition = frappe.get_doc(
		{
			"doctype": "Petition",
			"channel": "Dispute Screening",
			"received_at": now_datetime(),
			"matter_kind": "Appeal",
			"is_anonymous": 0,
			"petitioner_name": _("(from dispute screening)"),
			"subject": (item.issue or "")[:200],
			"request": item.target,
			"facts": item.measures,
			"handling_office": item.office,
			"is_major": int(item.risk_level == "High"),
		}
	).insert(ignore_permissions=True)
	item.petition = petition.name
	item.set_status("Turned into a Petition")
	return petition.name


@frappe.whitelist()
def turn_into_case(name: str) -> str:
	"""A high-risk item becomes a case owned by its responsible leader (with a petition to hold it)."""
	item = _item_for_change(name)
	if item.risk_level != "High":
		frappe.throw(_("Only a high-risk item becomes a leader-owned case."))
	if not item.responsible_leader:
		frappe.throw(_("Name the responsible leader first."), frappe.MandatoryError)
	petition = turn_into_petition(name) if not item.petition else item.petition
	case = frappe.get_doc(
		{
			"doctype": "Case Owner",
			"case_title": (item.issue or "")[:120],
			"leader": item.responsible_leader,
			"target_date": item.deadline,
			"resolution_plan": item.measures,
			"petitions": [{"petition": petition}],
		}
	).insert(ignore_permissions=True)
	item = frappe.get_doc("Screening Item", name)
	item.case_owner = case.name
	item.status = "Turned into a Case"
	item.save()
	return case.name
