# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt
"""Petition Suggestion (三项建议书): the petition office, or a supervisor, addresses a unit or a leader with a
suggestion to improve work, to improve policy or to hold people accountable (《信访工作条例》2022), resting on
one or more petitions. Submitting issues it; the addressee answers (adopted, partly, not: with reason) and
records the measures taken. An unanswered suggestion past its date is marked overdue by the daily task and the
Notification "Petition Suggestion Overdue" escalates it.

The suggestion carries its petitions: the report rule applies to it as a whole (``permissions.CARRIERS``), and
the row of a report keeps no subject, so an addressee reads the suggestion without the report's content."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from xinfang_app.permissions import PRIVILEGED_USERS, sql_in, user_units
from xinfang_app.rules import accountability
from xinfang_app.rules.confidentiality import OFFICE_ROLES, excluded_as_reported_unit, sees_all_petitions
from xinfang_app.rules.outcomes import REPORT

ISSUING_ROLES = ("Petition Manager", "Petition Officer", "Petition Supervisor")
ANSWER_FIELDS = ("answer", "reason", "measures")


class PetitionSuggestion(Document):
	def validate(self):
		self.validate_author()
		self.validate_addressee()
		self.fill_petitions()

	def before_submit(self):
		self.issued_by = frappe.session.user
		self.issued_on = today()
		if not self.reply_due:
			from xinfang_app.services.settings import settings

			self.reply_due = accountability.reply_due(
				getdate(self.issued_on), settings().get("suggestion_reply_days") or 30
			)
		if getdate(self.reply_due) < getdate(self.issued_on):
			frappe.throw(_("The answer cannot be due before the suggestion is issued."))
		self.status = "Issued"

	def before_update_after_submit(self):
		self.record_answer()

	def on_cancel(self):
		self.db_set("status", "Cancelled")

	def on_trash(self):
		from xinfang_app.services.records import keep

		if self.docstatus != 0:
			keep(self, _("An issued suggestion is a record of the petition office's work."))

	def validate_author(self):
		if self.docstatus == 0 and not set(ISSUING_ROLES) & set(frappe.get_roles()):
			frappe.throw(
				_("Only the petition office or a supervisor drafts and issues a suggestion."),
				frappe.PermissionError,
			)

	def validate_addressee(self):
		if not (self.addressed_unit or self.addressed_leader):
			frappe.throw(_("Address the suggestion to a unit or a leader."), frappe.MandatoryError)

	def fill_petitions(self):
		names = [row.petition for row in self.petitions]
		if len(names) != len(set(names)):
			frappe.throw(_("A petition is listed twice in this suggestion."))
		addressees = [u for u in (self.addressed_leader,) if u]
		for row in self.petitions:
			kind, subject, unit = frappe.db.get_value(
				"Petition", row.petition, ["matter_kind", "subject", "department_concerned"]
			)
			row.matter_kind = kind
			row.summary = "" if kind == REPORT else subject
			if kind != REPORT:
				continue
			if self.addressed_unit and self.addressed_unit == unit:
				frappe.throw(
					_(
						"Row {0}: a suggestion resting on a report is not addressed to the unit reported on."
					).format(row.idx)
				)
			for user in addressees:
				if excluded_as_reported_unit(kind, unit, user_units(user), frappe.get_roles(user)):
					frappe.throw(
						_("Row {0}: {1} belongs to the unit the report is about.").format(row.idx, user)
					)

	def record_answer(self):
		before = self.get_doc_before_save()
		if before and all(before.get(f) == self.get(f) for f in ANSWER_FIELDS):
			return
		user = frappe.session.user
		roles = set(frappe.get_roles(user))
		addressee = user == self.addressed_leader or (
			self.addressed_unit and self.addressed_unit in user_units(user)
		)
		if not addressee and not {"Petition Manager", "Petition Officer"} & roles and user != "Administrator":
			frappe.throw(
				_("Only the unit or leader addressed answers the suggestion."), frappe.PermissionError
			)
		problem = accountability.answer_problem(self.answer, self.reason, self.measures)
		if problem:
			frappe.throw(
				{
					"answer": _("Answer whether the suggestion is adopted."),
					"reason": _("Give the reason for not adopting the suggestion, or adopting it in part."),
					"measures": _("State the measures taken."),
				}[problem],
				frappe.MandatoryError,
			)
		self.answered_by = user
		self.answered_on = today()
		self.status = "Answered"


def mark_overdue(on: str | None = None) -> int:
	"""Issued suggestions past their answer date become Overdue in one UPDATE."""
	day = getdate(on or today())
	s = frappe.qb.DocType("Petition Suggestion")
	frappe.qb.update(s).set(s.status, "Overdue").set(s.overdue_on, day).where(
		(s.docstatus == 1) & (s.status == "Issued") & (s.reply_due < day)
	).run()
	return frappe.db.sql("select row_count()")[0][0]


def suggestion_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""The petition office, leaders and supervisors read every suggestion; a unit reads those addressed to it."""
	user = user or frappe.session.user
	roles = set(frappe.get_roles(user))
	if user in PRIVILEGED_USERS or sees_all_petitions(roles):
		return ""
	if OFFICE_ROLES & roles:
		return (
			f"({sql_in('Petition Suggestion', 'addressed_unit', user_units(user))} or "
			f"`tabPetition Suggestion`.`addressed_leader` = {frappe.db.escape(user)})"
		)
	return "1 = 0"


def suggestion_has_permission(doc, ptype=None, user=None, debug=False) -> bool:
	user = user or frappe.session.user
	return (
		not suggestion_query_conditions(user)
		or doc.is_new()
		or doc.addressed_leader == user
		or doc.addressed_unit in user_units(user)
	)
