"""Records of the past imported from a hospital's ledger as they were (历史件): what Petition and Mediation share.

A row of a Data Import with 历史件 (``is_historical``) ticked keeps its own number (or gets one of the year
it began), takes its final workflow state directly and fires nothing: no notification, assignment, ToDo or
workflow action. Only a Petition Manager or System Manager imports history, and only through Data Import:
anywhere else the mark is ignored. Each DocType adds the dates its final state needs.
"""

from __future__ import annotations

import re

import frappe
from frappe import _
from frappe.utils import getdate

HISTORY_ROLES = ("Petition Manager", "System Manager")


class HistoryNotAllowed(frappe.ValidationError):
	pass


class InvalidHistoricalRecord(frappe.ValidationError):
	pass


class AlreadyImported(frappe.DuplicateEntryError):
	"""The row was imported before (matched by its ledger number): Data Import skips it and says so."""

	def __init__(self, existing: str):
		super().__init__(existing)
		self.existing = existing


class ImportedAsItWas:
	"""Mixed into a controller before ``Document``. The class attributes say how its numbers look."""

	history_prefix = ""  # "XF": numbers XF-2025-00012
	history_digits = 5
	history_start_field = ""  # the date whose year numbers a row without its own number
	history_same_row = ()  # fields that tell a row already imported when it has no number of its own

	def is_historical_import(self) -> bool:
		"""Decided once, before the row is named: Frappe marks the document as stored before on_update."""
		if self.flags.historical_import is None:
			self.flags.historical_import = bool(
				self.get("is_historical") and self.is_new() and frappe.flags.in_import
			)
		return self.flags.historical_import

	def before_naming(self):
		self.flags.original_number = self.name if self.is_historical_import() else None

	def autoname(self):
		"""Without its original number (原编号) a historical row is numbered in the year it began."""
		start = self.get(self.history_start_field)
		if self.is_historical_import() and start:
			from frappe.model.naming import make_autoname

			series = f"{self.history_prefix}-{getdate(start).year}-.{'#' * self.history_digits}"
			self.name = make_autoname(series, self.doctype, self)

	def begin_historical_record(self) -> bool:
		"""True when this save imports a historical row, after checking who imports it and that it is new."""
		before = self.get_doc_before_save()
		if before:
			self.is_historical = before.is_historical
			self.flags.historical_import = False
			return False
		if not self.is_historical:
			return False
		if not self.is_historical_import():
			self.is_historical = 0
			return False
		self.check_may_import_history()
		self.check_not_imported_before()
		self.check_historical_state()
		return True

	def label_of(self, fieldname: str) -> str:
		if fieldname == "today":
			return _("Today")
		return _(self.meta.get_label(fieldname), context=self.doctype)

	def check_may_import_history(self):
		if not set(HISTORY_ROLES) & set(frappe.get_roles()):
			frappe.throw(
				_("Only a Petition Manager or a System Manager may import historical records."),
				HistoryNotAllowed,
			)

	def check_not_imported_before(self):
		"""A re-run of the same ledger leaves what it imported before as it is."""
		if self.flags.original_number:
			existing = frappe.db.exists(self.doctype, self.flags.original_number)
		elif self.meta.has_field("tracking_code") and self.get("tracking_code"):
			existing = frappe.db.get_value(self.doctype, {"tracking_code": self.tracking_code})
		else:
			existing = frappe.db.get_value(
				self.doctype,
				{"is_historical": 1, **{field: self.get(field) for field in self.history_same_row}},
			)
		if existing:
			raise AlreadyImported(existing)

	def check_historical_state(self):
		from frappe.model.workflow import get_workflow_name

		workflow = get_workflow_name(self.doctype)
		if not workflow:
			return
		states = list(dict.fromkeys(row.state for row in frappe.get_cached_doc("Workflow", workflow).states))
		if self.workflow_state not in states:
			frappe.throw(
				_("A historical record needs its state ({0}), one of: {1}.").format(
					self.label_of("workflow_state"), ", ".join(_(s) for s in states)
				),
				InvalidHistoricalRecord,
				title=_("State missing"),
			)

	def refuse_missing(self, missing: list[str]):
		if missing:
			frappe.throw(
				_("A historical record in state {0} needs: {1}.").format(
					_(self.workflow_state), ", ".join(self.label_of(f) for f in missing)
				),
				InvalidHistoricalRecord,
				title=_("Value missing"),
			)

	def refuse_misordered_dates(self, problems: list[tuple[str, str]]):
		for later, earlier in problems:
			frappe.throw(
				_("{0} cannot be before {1}.").format(self.label_of(later), self.label_of(earlier)),
				InvalidHistoricalRecord,
				title=_("Dates out of order"),
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
		pattern = rf"^({re.escape(self.history_prefix)}-\d{{4}}-)(\d{{{self.history_digits}}})$"
		match = re.match(pattern, self.name or "")
		if not match:
			return
		frappe.db.sql(
			"""insert into `tabSeries` (name, current) values (%s, %s)
			on duplicate key update current = greatest(current, values(current))""",
			(match[1], int(match[2])),
		)
