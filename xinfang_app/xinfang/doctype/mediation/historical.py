# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt
"""A mediation of the past, imported from the hospital's mediation ledger as it was (历史件).

Besides what every historical record does (``services/history_import.py``), a mediation needs what its
state stands for (``rules/history.py``: an agreement its date, a failed one the day it ended, a refused
one the reason), so that its clock stops by the ledger's dates and never by the day of the import.
"""

from __future__ import annotations

from frappe.utils import getdate, today

from xinfang_app.rules import history
from xinfang_app.services.history_import import ImportedAsItWas

DATE_FIELDS = ("accepted_on", "agreement_date", "concluded_on")


class HistoricalMediation(ImportedAsItWas):
	"""Mixed into the Mediation controller."""

	history_prefix = "TJ"
	history_digits = 4
	history_start_field = "applied_on"
	history_same_row = ("petition", "route", "applied_on")

	def prepare_historical_record(self):
		if not self.begin_historical_record():
			return
		self.refuse_missing(history.mediation_missing(self.workflow_state, self.as_dict()))
		if self.outcome == history.AGREEMENT and not self.concluded_on:
			self.concluded_on = self.agreement_date
		dates = {f: getdate(self.get(f)) for f in DATE_FIELDS if self.get(f)}
		problems = [
			(later, "applied_on" if earlier == "received_at" else earlier)
			for later, earlier in history.misordered_dates(getdate(self.applied_on), dates, getdate(today()))
		]
		self.refuse_misordered_dates(problems)
