# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt
"""Responsibility Finding (责任认定): after a petition is investigated, who bears what responsibility, unit by
unit and person by person, on what basis, decided by whom and when. Submitting issues it; an issued finding is
corrected by cancelling and amending, never deleted.

A finding on a report is the report's content (rules/accountability.py): the unit reported on and every unit
and member of staff it names never read it."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import today

from xinfang_app.extensions import call_each
from xinfang_app.permissions import PRIVILEGED_USERS, user_units
from xinfang_app.rules import accountability
from xinfang_app.rules.confidentiality import OFFICE_ROLES, may_see_identity, sees_all_petitions
from xinfang_app.rules.outcomes import REPORT


class ResponsibilityFinding(Document):
	def validate(self):
		self.validate_petition()
		self.validate_parties()
		self.set_decision()

	def on_trash(self):
		from xinfang_app.services.records import keep

		if self.docstatus != 0:
			keep(self, _("An issued responsibility finding is a record of the accountability decided."))

	def validate_petition(self):
		acceptance = frappe.db.get_value("Petition", self.petition, "acceptance")
		if acceptance != "Accepted":
			frappe.throw(
				_("Responsibility is found on an accepted petition after its investigation."),
				title=_("Not accepted"),
			)

	def validate_parties(self):
		seen = set()
		for row in self.parties:
			# What an installed integration knows of the person (ERPNext: the Employee; extensions.py).
			call_each("xinfang_fill_finding_party", row)
			if not (row.unit or row.staff_user or row.staff_name):
				frappe.throw(
					_("Row {0}: name the unit or the member of staff the finding is about.").format(row.idx),
					frappe.MandatoryError,
				)
			if row.staff_user and not row.staff_name:
				row.staff_name = frappe.db.get_value("User", row.staff_user, "full_name")
			key = (row.unit or "", row.staff_user or row.staff_name or "")
			if key in seen:
				frappe.throw(_("Row {0}: this unit or member of staff is already listed.").format(row.idx))
			seen.add(key)

	def set_decision(self):
		self.decided_by = self.decided_by or frappe.session.user
		self.decided_on = self.decided_on or today()

	def named_units(self) -> list[str]:
		return sorted({row.unit for row in self.parties if row.unit})

	def named_users(self) -> list[str]:
		return sorted({row.staff_user for row in self.parties if row.staff_user})


def staff_see_own() -> bool:
	from xinfang_app.services.settings import settings

	return bool(settings().get("staff_see_own_findings"))


def finding_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""Rows of Responsibility Finding a user may read (the report rule of its petition is added by
	``permissions.carrier_query_conditions``)."""
	user = user or frappe.session.user
	if user in PRIVILEGED_USERS:
		return ""
	roles = set(frappe.get_roles(user))
	units = user_units(user)
	table, party = "`tabResponsibility Finding`", "`tabResponsibility Finding Party`"
	esc = frappe.db.escape
	quoted = ", ".join(esc(u) for u in units)

	def named(condition: str) -> str:
		return (
			f"{table}.`name` in (select `parent` from {party} where `parenttype` = "
			f"'Responsibility Finding' and ({condition}))"
		)

	reports = f"select `name` from `tabPetition` where `matter_kind` = {esc(REPORT)}"
	on_report = f"ifnull({table}.`petition`, '') in ({reports})"
	naming_me = f"`staff_user` = {esc(user)}"
	if units and not may_see_identity(roles):
		naming_me += f" or `unit` in ({quoted})"
	conditions = [f"not ({on_report} and {named(naming_me)})"]
	if not sees_all_petitions(roles) and not accountability.FINDING_READER_ROLES & roles:
		scope = []
		if "Department Head" in roles and units:
			scope.append(named(f"`unit` in ({quoted})"))
		if OFFICE_ROLES & roles:
			scope.append(
				f"ifnull({table}.`petition`, '') in (select `name` from `tabPetition` where `handler` = {esc(user)})"
			)
		if staff_see_own():
			scope.append(f"(not {on_report} and {named(f'`staff_user` = {esc(user)}')})")
		conditions.append("(" + " or ".join(scope) + ")" if scope else "1 = 0")
	return " and ".join(conditions)


def finding_has_permission(doc, ptype: str | None = None, user: str | None = None, debug=False) -> bool:
	user = user or frappe.session.user
	if user in PRIVILEGED_USERS or doc.is_new():
		return True
	kind, unit, handler = frappe.db.get_value(
		"Petition", doc.petition, ["matter_kind", "department_concerned", "handler"]
	) or (None, None, None)
	return accountability.may_read_finding(
		frappe.get_roles(user),
		user,
		user_units(user),
		matter_kind=kind,
		department_concerned=unit,
		petition_handler=handler,
		named_units=[row.unit for row in doc.parties if row.unit],
		named_users=[row.staff_user for row in doc.parties if row.staff_user],
		staff_see_own=staff_see_own(),
	)
