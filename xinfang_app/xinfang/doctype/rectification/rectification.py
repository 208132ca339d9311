# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt
"""Rectification (整改): a unit's corrective plan arising from substantiated complaints, a suggestion or a joint
meeting decision. Its items (owner, due date, evidence) are marked done by the unit and verified by the
petition office (验收): passed closes an item, failed reopens it. Overdue items are flagged by the daily task
and the Notification "Rectification Overdue" escalates them. Once every item passed, the plan shows whether
complaints of the same categories about the same unit came back within the window set in Petition Settings
(复发). The plan carries its petitions and follows the report rule (``permissions.CARRIERS``)."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import add_days, getdate, today
from frappe.utils.data import cast

from xinfang_app.permissions import PRIVILEGED_USERS, sql_in, user_units
from xinfang_app.rules import accountability
from xinfang_app.rules.confidentiality import OFFICE_ROLES, sees_all_petitions
from xinfang_app.rules.outcomes import REPORT

VERIFYING_ROLES = frozenset({"Petition Manager", "Petition Officer"})
ITEM_PLAN_FIELDS = ("measure", "due_date", "owner_user", "evidence")


class Rectification(Document):
	def validate(self):
		self.validate_unit()
		self.fill_petitions()
		self.apply_item_changes()
		self.set_progress()
		if self.status == "Verified":
			self.set_recurrence()

	def on_trash(self):
		from xinfang_app.services.records import keep

		if self.status == "Verified" or any(item.verification for item in self.items):
			keep(self, _("A rectification whose items were verified is a record of the corrective work."))

	def validate_unit(self):
		roles = set(frappe.get_roles())
		if self.is_new() and not VERIFYING_ROLES & roles and frappe.session.user not in PRIVILEGED_USERS:
			if self.unit not in user_units():
				frappe.throw(_("A unit draws up its own corrective plan."), frappe.PermissionError)

	def fill_petitions(self):
		names = [row.petition for row in self.petitions]
		if len(names) != len(set(names)):
			frappe.throw(_("A petition is listed twice in this plan."))
		if self.source == "Substantiated Complaints" and not names:
			frappe.throw(_("List the complaints the plan corrects."), frappe.MandatoryError)
		for row in self.petitions:
			kind, subject, category, unit = frappe.db.get_value(
				"Petition", row.petition, ["matter_kind", "subject", "category", "department_concerned"]
			)
			if kind == REPORT and unit == self.unit:
				frappe.throw(
					_(
						"Row {0}: a report is not shown to the unit it is about; describe the problem instead."
					).format(row.idx)
				)
			row.matter_kind, row.category = kind, category
			row.summary = "" if kind == REPORT else subject

	def apply_item_changes(self):
		previous = self.get_doc_before_save()
		before = {row.name: row for row in (previous.items if previous else [])}
		user = frappe.session.user
		verifier = bool(VERIFYING_ROLES & set(frappe.get_roles(user))) or user in PRIVILEGED_USERS
		for item in self.items:
			old = before.get(item.name) or frappe._dict(status="Open", done=0, verification=None)
			if old.status == accountability.PASSED:
				if any(value_changed(item, old, f) for f in (*ITEM_PLAN_FIELDS, "verification", "done")):
					frappe.throw(_("Item {0} passed verification and is no longer changed.").format(item.idx))
				continue
			if item.verification != old.verification and item.verification:
				self.verify_item(item, old, verifier)
			elif item.done and not old.done:
				if not item.evidence:
					frappe.throw(
						_("Item {0}: attach the evidence that the measure was carried out.").format(item.idx),
						frappe.MandatoryError,
					)
				item.status = accountability.SUBMITTED
				item.verification = None
			elif not item.done:
				item.status = accountability.OPEN
			item.overdue = int(
				item.status != accountability.PASSED and getdate(item.due_date) < getdate(today())
			)

	def verify_item(self, item, old, verifier: bool):
		if not verifier:
			frappe.throw(_("Only the petition office verifies a rectification."), frappe.PermissionError)
		if old.status != accountability.SUBMITTED:
			frappe.throw(_("Item {0} is verified once the unit has marked it done.").format(item.idx))
		item.status = accountability.item_status_after_verification(item.verification)
		item.verified_by = frappe.session.user
		item.verified_on = today()
		if item.status == accountability.OPEN:
			item.done = 0
			item.failed_times = (item.failed_times or 0) + 1

	def set_progress(self):
		open_items = [i for i in self.items if i.status != accountability.PASSED]
		self.next_due = min((getdate(i.due_date) for i in open_items), default=None)
		if self.items and not open_items:
			self.status = "Verified"
			self.verified_on = max(getdate(i.verified_on) for i in self.items)
		else:
			self.status, self.verified_on = "In Progress", None

	def set_recurrence(self, on=None):
		names, end = recurrence(self)
		self.window_ends = end
		self.recurrence_count = len(names)
		self.recurring_petitions = "\n".join(names)
		self.recurrence_checked_on = getdate(on or today())


def value_changed(row, old, fieldname: str) -> bool:
	"""Whether a field of a row differs from its stored value, compared as the field's type: the desk sends
	the whole row back with dates as text and checks as numbers, which are not changes."""
	fieldtype = row.meta.get_field(fieldname).fieldtype
	if fieldtype not in ("Date", "Datetime", "Time", "Int", "Check", "Float", "Currency", "Percent"):
		fieldtype = "Data"  # text of any kind, links and attachments: None and "" are the same
	return cast(fieldtype, row.get(fieldname)) != cast(fieldtype, old.get(fieldname))


def recurrence(doc) -> tuple[list[str], object]:
	"""Complaints of the plan's categories about its unit received after verification, within the window."""
	from xinfang_app.services.settings import settings

	window = int(settings().get("recurrence_window_days") or 0)
	categories = sorted({row.category for row in doc.petitions if row.category})
	if not doc.verified_on:
		return [], None
	verified = getdate(doc.verified_on)
	end = add_days(verified, window)
	received = []
	if categories:
		p = frappe.qb.DocType("Petition")
		rows = (
			frappe.qb.from_(p)
			.select(p.name, p.received_at)
			.where(
				(p.department_concerned == doc.unit)
				& p.category.isin(categories)
				& (p.received_at >= add_days(verified, 1))
				& (p.received_at < add_days(end, 1))
				& p.name.notin([row.petition for row in doc.petitions] or [""])
			)
			.run()
		)
		received = [(name, getdate(at)) for name, at in rows]
	names, end, _running = accountability.recurrences(verified, window, received)
	return names, end


def escalate_overdue_items(on: str | None = None) -> int:
	"""Items not passed past their due date are flagged overdue, and their plans escalated, set-based."""
	day = getdate(on or today())
	item = frappe.qb.DocType("Rectification Item")
	plan = frappe.qb.DocType("Rectification")
	late = (item.parenttype == "Rectification") & (item.status != "Passed") & (item.due_date < day)
	frappe.qb.update(item).set(item.overdue, 1).where(late & (item.overdue == 0)).run()
	changed = frappe.db.sql("select row_count()")[0][0]
	parents = frappe.qb.from_(item).select(item.parent).where(late)
	frappe.qb.update(plan).set(plan.escalated_on, day).where(
		plan.escalated_on.isnull() & plan.name.isin(parents)
	).run()
	return changed


def refresh_recurrence(on: str | None = None) -> int:
	"""Verified plans whose window is still open (or closed since yesterday) count the complaints again."""
	day = getdate(on or today())
	names = frappe.get_all(
		"Rectification",
		filters={"status": "Verified", "window_ends": (">=", add_days(day, -1))},
		pluck="name",
	)
	for name in names:
		doc = frappe.get_doc("Rectification", name)
		found, _end = recurrence(doc)
		frappe.db.set_value(
			"Rectification",
			name,
			{
				"recurrence_count": len(found),
				"recurring_petitions": "\n".join(found),
				"recurrence_checked_on": day,
			},
			update_modified=False,
		)
	return len(names)


def rectification_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""The petition office, leaders and supervisors read every plan; a unit its own; an owner the plans
	with their items."""
	user = user or frappe.session.user
	roles = set(frappe.get_roles(user))
	if user in PRIVILEGED_USERS or sees_all_petitions(roles):
		return ""
	if OFFICE_ROLES & roles:
		return (
			f"({sql_in('Rectification', 'unit', user_units(user))} or `tabRectification`.`name` in "
			f"(select `parent` from `tabRectification Item` where `parenttype` = 'Rectification' "
			f"and `owner_user` = {frappe.db.escape(user)}))"
		)
	return "1 = 0"


def rectification_has_permission(doc, ptype=None, user=None, debug=False) -> bool:
	user = user or frappe.session.user
	return (
		not rectification_query_conditions(user)
		or doc.is_new()
		or doc.unit in user_units(user)
		or any(item.owner_user == user for item in doc.items)
	)
