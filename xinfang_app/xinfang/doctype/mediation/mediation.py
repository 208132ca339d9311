# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt
"""Mediation (医患纠纷调解): Frappe wiring around ``xinfang_app.rules.mediation``."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, getdate, today

from xinfang_app import exceptions as exc
from xinfang_app.permissions import sql_in
from xinfang_app.rules import deadlines
from xinfang_app.rules import mediation as rules
from xinfang_app.rules.deadlines import unseal_date
from xinfang_app.services import settings
from xinfang_app.xinfang.doctype.mediation.historical import HistoricalMediation

CLOSING_OUTCOMES = ("Agreement", "Failed", "Withdrawn", "Lawsuit")


class Mediation(HistoricalMediation, Document):
	def validate(self):
		self.prepare_historical_record()
		self.validate_petition_access()
		self.validate_organisation()
		self.validate_dates()
		self.validate_representatives()
		self.validate_agreement()
		self.validate_major_dispute_report()
		self.set_unseal_dates()
		self.set_deadlines()

	def on_update(self):
		self.offer_conclusion_to_petition()

	def before_print(self, settings=None):
		self.apply_fieldlevel_read_permissions()

	def on_trash(self):
		from xinfang_app.rules.records import mediation_kept
		from xinfang_app.services.records import keep

		if mediation_kept(self.outcome, self.agreement_date):
			keep(self, _("A mediation that reached an agreement is a record of the dispute's settlement."))

	def validate_petition_access(self):
		"""The subject, request and facts are copied from the petition on every save: only someone who
		may read a petition can link a mediation to it, so a mediator cannot read other petitions by
		pointing their mediation at them."""
		if self.flags.ignore_permissions or not (self.is_new() or self.has_value_changed("petition")):
			return
		if not frappe.has_permission("Petition", "read", self.petition):
			frappe.throw(
				_("You may not link this mediation to petition {0}.").format(self.petition),
				frappe.PermissionError,
			)

	def validate_organisation(self):
		if self.route in rules.ORGANISATION_ROUTES and not self.mediation_organization:
			frappe.throw(
				_("Choose the mediation organisation for {0}.").format(_(self.route, context="Mediation")),
				frappe.MandatoryError,
			)

	def validate_dates(self):
		if self.accepted_on and getdate(self.accepted_on) < getdate(self.applied_on):
			frappe.throw(
				_("The mediation cannot be accepted ({0}) before it was applied for ({1}).").format(
					frappe.format(getdate(self.accepted_on), "Date"),
					frappe.format(getdate(self.applied_on), "Date"),
				),
				exc.InvalidMediationDate,
				title=_("Acceptance before application"),
			)
		if self.appraisal_result_on and not self.appraisal_commissioned_on:
			frappe.throw(_("Enter the date the appraisal was commissioned."), frappe.MandatoryError)
		if self.appraisal_result_on and getdate(self.appraisal_result_on) < getdate(
			self.appraisal_commissioned_on
		):
			frappe.throw(
				_("The appraisal result cannot come before the appraisal was commissioned."),
				exc.InvalidMediationDate,
			)
		if (self.extension_working_days or 0) > 0 and not (self.extension_reason or "").strip():
			frappe.throw(
				_("Give the reason the parties agreed to extend the mediation."), frappe.MandatoryError
			)

	def validate_representatives(self):
		over = rules.representatives_over_limit(self.route, [(p.side, p.party_role) for p in self.parties])
		for side, count in over.items():
			frappe.throw(
				_("In a negotiation each side chooses at most {0} representatives; the {1} has {2}.").format(
					rules.MAX_NEGOTIATION_REPRESENTATIVES, _(side, context="Mediation Party"), count
				),
				exc.TooManyRepresentatives,
				title=_("Too many representatives"),
			)

	def validate_agreement(self):
		if flt(self.compensation_amount) < 0:
			frappe.throw(
				_("The compensation amount cannot be negative."), exc.InvalidAmount, title=_("Invalid amount")
			)
		if self.outcome == "Agreement" and not self.agreement_date:
			frappe.throw(_("Enter the date of the agreement."), frappe.MandatoryError)
		if self.outcome in CLOSING_OUTCOMES:
			self.concluded_on = self.concluded_on or self.agreement_date or today()
		else:
			self.concluded_on = None

	def validate_major_dispute_report(self):
		if self.is_major_dispute and self.outcome and not self.reported_to_authority_on:
			frappe.throw(
				_("A major dispute is reported to the health authority: enter the date it was reported."),
				frappe.MandatoryError,
			)

	def set_unseal_dates(self):
		limits = settings.time_limits()
		for seal in self.seals:
			seal.unseal_on = unseal_date(getdate(seal.sealed_on), limits) if seal.sealed_on else None

	def set_deadlines(self):
		now = getdate(today())
		pause = rules.appraisal_pause(
			getdate(self.appraisal_commissioned_on) if self.appraisal_commissioned_on else None,
			getdate(self.appraisal_result_on) if self.appraisal_result_on else None,
			now,
		)
		result = rules.mediation_deadlines(
			self.route,
			getdate(self.applied_on),
			getdate(self.accepted_on) if self.accepted_on else None,
			settings.working_calendar(),
			settings.time_limits(),
			pause,
			self.extension_working_days or 0,
		)
		self.decision_due = result.decision_due
		self.due_date = result.due_date
		self.paused_working_days = result.paused_working_days
		self.deadline_status = rules.mediation_status(
			result.due_date,
			now,
			int(settings.settings().reminder_lead_days or 0),
			getdate(self.concluded_on) if self.concluded_on else None,
			in_appraisal=bool(self.appraisal_commissioned_on and not self.appraisal_result_on),
		)

	def offer_conclusion_to_petition(self):
		"""An agreement can conclude the petition: the petition records which mediation settled it, and
		forgets it again when the agreement is taken back before the petition was concluded."""
		if not self.has_value_changed("outcome"):
			return
		if self.outcome == "Agreement":
			frappe.db.set_value("Petition", self.petition, "concluded_by_mediation", self.name)
			return
		petition = frappe.db.get_value(
			"Petition", self.petition, ["concluded_by_mediation", "concluded_on"], as_dict=True
		)
		if petition and petition.concluded_by_mediation == self.name and not petition.concluded_on:
			frappe.db.set_value("Petition", self.petition, "concluded_by_mediation", None)


def sweep_deadlines(on: str | None = None) -> dict[str, int]:
	"""Daily: keep ``deadline_status`` of the running mediation clocks true, one UPDATE per status.

	A mediation in appraisal stays Paused (its due date moves when the result is entered); a concluded
	one keeps Met or Missed. The bounds are those of ``rules.deadlines.status_bounds``, as on save.
	"""
	day = getdate(on or today())
	lead = int(settings.settings().reminder_lead_days or 0)
	overdue_before, due_soon_until = deadlines.status_bounds(day, lead)
	m = frappe.qb.DocType("Mediation")
	in_appraisal = m.appraisal_commissioned_on.isnotnull() & m.appraisal_result_on.isnull()
	running = m.due_date.isnotnull() & m.concluded_on.isnull() & ~in_appraisal
	changes = {
		deadlines.OVERDUE: running & (m.due_date < overdue_before),
		deadlines.DUE_SOON: running & (m.due_date >= overdue_before) & (m.due_date <= due_soon_until),
		deadlines.ON_TRACK: running & (m.due_date > due_soon_until),
	}
	counts = {}
	for status, condition in changes.items():
		frappe.qb.update(m).set(m.deadline_status, status).where(
			condition & (m.deadline_status.isnull() | (m.deadline_status != status))
		).run()
		counts[status] = frappe.db.sql("select row_count()")[0][0]
	return counts


def organisation_of(user: str) -> list[str]:
	member = frappe.qb.DocType("Mediation Organization Member")
	return [r[0] for r in frappe.qb.from_(member).select(member.parent).where(member.user == user).run()]


def _mediator_only(user: str) -> bool:
	roles = set(frappe.get_roles(user))
	return "Mediator" in roles and not roles & {
		"Petition Manager",
		"Petition Officer",
		"Hospital Leader",
		"Petition Supervisor",
	}


def mediation_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""A mediator sees the mediations of their own organisation, nothing else."""
	user = user or frappe.session.user
	if user == "Administrator" or not _mediator_only(user):
		return ""
	return sql_in("Mediation", "mediation_organization", organisation_of(user))


def mediation_has_permission(doc, ptype=None, user=None, debug=False) -> bool:
	user = user or frappe.session.user
	if user == "Administrator" or not _mediator_only(user):
		return True
	if doc.is_new():
		return ptype != "create"
	return doc.mediation_organization in organisation_of(user)
