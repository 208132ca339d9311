# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt
"""A petition of the past, imported from the hospital's ledger as it was (历史件).

A row of a Data Import with 历史件 (``is_historical``) ticked keeps its own number, takes its final
workflow state directly, keeps the dates of the ledger and stops its clock by them; nothing fires for
it: no notification, assignment, ToDo or workflow action. Only a Petition Manager or System Manager
imports history, and only through Data Import: anywhere else the mark is ignored.
"""

from __future__ import annotations

import re

import frappe
from frappe import _
from frappe.utils import getdate, today

from xinfang_app.rules import history
from xinfang_app.services import settings

HISTORY_ROLES = ("Petition Manager", "System Manager")
SERIES = re.compile(r"^(XF-\d{4}-)(\d{5})$")


class HistoryNotAllowed(frappe.ValidationError):
	pass


class InvalidHistoricalRecord(frappe.ValidationError):
	pass


class HistoricalRecord:
	"""Mixed into the Petition controller."""

	def is_historical_import(self) -> bool:
		"""Decided once, before the row is named: Frappe marks the document as stored before on_update."""
		if self.flags.historical_import is None:
			self.flags.historical_import = bool(
				self.get("is_historical") and self.is_new() and frappe.flags.in_import
			)
		return self.flags.historical_import

	def autoname(self):
		"""Without its original number (原编号) a historical row is numbered in the year it was received."""
		if self.is_historical_import() and self.received_at:
			from frappe.model.naming import make_autoname

			self.name = make_autoname(f"XF-{getdate(self.received_at).year}-.#####", self.doctype, self)

	def before_naming(self):
		self.flags.original_number = self.name if self.is_historical_import() else None

	def prepare_historical_record(self):
		before = self.get_doc_before_save()
		if before:
			self.is_historical = before.is_historical
			self.flags.historical_import = False
			return
		if not self.is_historical:
			return
		if not self.is_historical_import():
			self.is_historical = 0
			return
		self.check_may_import_history()
		self.check_not_imported_before()
		self.check_historical_state()
		self.acceptance = history.decision_for(self.workflow_state, self.acceptance, self.accepted_on)
		dates = {
			f: getdate(self.get(f))
			for f in ("accepted_on", "notice_sent_on", "replied_on", "concluded_on")
			if self.get(f)
		}
		missing = history.missing_dates(settings.clock_of(self.workflow_state), self.acceptance, dates)
		if missing:
			frappe.throw(
				_("A historical petition in state {0} needs the date(s): {1}.").format(
					_(self.workflow_state), ", ".join(self.label_of(f) for f in missing)
				),
				InvalidHistoricalRecord,
				title=_("Date missing"),
			)
		if self.acceptance == history.ACCEPTED and not self.notice_sent_on:
			self.notice_sent_on = self.accepted_on
		for later, earlier in history.misordered_dates(getdate(self.received_at), dates, getdate(today())):
			frappe.throw(
				_("{0} cannot be before {1}.").format(self.label_of(later), self.label_of(earlier)),
				InvalidHistoricalRecord,
				title=_("Dates out of order"),
			)
		self.paused_since = None

	def label_of(self, fieldname: str) -> str:
		if fieldname == "today":
			return _("Today")
		return _(self.meta.get_label(fieldname), context=self.doctype)

	def check_may_import_history(self):
		if not set(HISTORY_ROLES) & set(frappe.get_roles()):
			frappe.throw(
				_("Only a Petition Manager or a System Manager may import historical petitions."),
				HistoryNotAllowed,
			)

	def check_not_imported_before(self):
		"""A re-run of the same ledger leaves what it imported before as it is."""
		if self.flags.original_number:
			existing = frappe.db.exists(self.doctype, self.flags.original_number)
		elif self.tracking_code:
			existing = frappe.db.get_value(self.doctype, {"tracking_code": self.tracking_code})
		else:
			existing = frappe.db.get_value(
				self.doctype,
				{
					"is_historical": 1,
					"received_at": self.received_at,
					"subject": self.subject,
					"petitioner_name": self.petitioner_name,
				},
			)
		if existing:
			frappe.throw(
				_("This row was imported before as {0}: it is not imported again.").format(existing),
				frappe.DuplicateEntryError,
				title=_("Already imported"),
			)

	def check_historical_state(self):
		from frappe.model.workflow import get_workflow_name

		workflow = get_workflow_name(self.doctype)
		if not workflow:
			return
		states = [row.state for row in frappe.get_cached_doc("Workflow", workflow).states]
		if self.workflow_state not in states:
			frappe.throw(
				_("A historical petition needs its state ({0}), one of: {1}.").format(
					self.label_of("workflow_state"), ", ".join(_(s) for s in states)
				),
				InvalidHistoricalRecord,
				title=_("State missing"),
			)

	# Frappe's own steps that a historical row leaves out.
	def validate_workflow(self):
		"""The state of the ledger is set directly: the workflow's transitions were walked back then."""
		if self.is_historical_import():
			return
		return super().validate_workflow()

	def run_notifications(self, method):
		if self.is_historical_import():
			return
		return super().run_notifications(method)

	def run_post_save_methods(self):
		super().run_post_save_methods()
		if not self.is_historical_import():
			return
		from frappe.workflow.doctype.workflow_action.workflow_action import clear_workflow_actions

		clear_workflow_actions(self.doctype, self.name)
		self.advance_series()

	def advance_series(self):
		"""An original number of the app's own form keeps later numbers of that year from colliding."""
		match = SERIES.match(self.name or "")
		if not match:
			return
		frappe.db.sql(
			"""insert into `tabSeries` (name, current) values (%s, %s)
			on duplicate key update current = greatest(current, values(current))""",
			(match[1], int(match[2])),
		)
