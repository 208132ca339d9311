# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt
"""Supervision Order (督办): a supervisor orders an office to settle a petition by a date; the office
answers in writing; an unanswered order past its date escalates to the hospital leaders."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from xinfang_app.permissions import sql_in, user_units

ANSWERING_ROLES = ("Petition Manager", "Petition Officer")
RESPONSE_FIELDS = ("response", "compliance")


class SupervisionOrder(Document):
	def validate(self):
		self.set_issue_details()
		self.validate_due_date()
		self.record_response()

	def set_issue_details(self):
		if not self.is_new():
			return
		self.supervisor = frappe.session.user
		self.issued_on = today()
		self.status = "Open"
		if not self.office:
			self.office = frappe.db.get_value("Petition", self.petition, "handling_office")

	def validate_due_date(self):
		if getdate(self.due_date) < getdate(self.issued_on or today()):
			frappe.throw(_("The date to settle by cannot be before the order is issued."))

	def record_response(self):
		before = self.get_doc_before_save()
		if not before or all(before.get(f) == self.get(f) for f in RESPONSE_FIELDS):
			return
		user = frappe.session.user
		if self.office not in user_units(user) and not set(ANSWERING_ROLES) & set(frappe.get_roles(user)):
			frappe.throw(_("Only the office supervised answers the order."), frappe.PermissionError)
		if not (self.response or "").strip() or not self.compliance:
			frappe.throw(_("Answer whether the order was complied with, and how."), frappe.MandatoryError)
		self.responded_by = user
		self.responded_on = today()
		if self.status in ("Open", "Escalated"):
			self.status = "Answered"


def escalate_overdue(on: str | None = None) -> int:
	"""Open orders past their date become Escalated in one UPDATE; the Notification "Supervision Order
	Overdue" tells the hospital leaders."""
	day = getdate(on or today())
	order = frappe.qb.DocType("Supervision Order")
	query = (
		frappe.qb.update(order)
		.set(order.status, "Escalated")
		.set(order.escalated_on, day)
		.where((order.status == "Open") & (order.due_date < day))
	)
	query.run()
	return frappe.db.sql("select row_count()")[0][0]


def supervision_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	from xinfang_app.rules.confidentiality import OFFICE_ROLES, sees_all_petitions

	user = user or frappe.session.user
	roles = frappe.get_roles(user)
	if user == "Administrator" or sees_all_petitions(roles) or "Petition Supervisor" in roles:
		return ""
	if OFFICE_ROLES & set(roles):
		return sql_in("Supervision Order", "office", user_units(user))
	return "1 = 0"


def supervision_has_permission(doc, ptype=None, user=None, debug=False) -> bool:
	return (
		not supervision_query_conditions(user)
		or doc.is_new()
		or doc.office in user_units(user or frappe.session.user)
	)
