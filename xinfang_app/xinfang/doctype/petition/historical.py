# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt
"""A petition of the past, imported from the hospital's ledger as it was (历史件).

Besides what every historical record does (``services/history_import.py``), a petition keeps the dates of
the ledger, which stop its clock: the decision follows from its state, a final state needs its dates
(``rules/history.py``), and nothing is derived from the day of the import.
"""

from __future__ import annotations

from frappe.utils import getdate, today

from xinfang_app.rules import history
from xinfang_app.services import settings
from xinfang_app.services.history_import import ImportedAsItWas


class HistoricalRecord(ImportedAsItWas):
	"""Mixed into the Petition controller."""

	history_prefix = "XF"
	history_digits = 5
	history_start_field = "received_at"
	history_same_row = ("received_at", "subject", "petitioner_name")

	def prepare_historical_record(self):
		if not self.begin_historical_record():
			return
		self.acceptance = history.decision_for(self.workflow_state, self.acceptance, self.accepted_on)
		dates = {
			f: getdate(self.get(f))
			for f in ("accepted_on", "notice_sent_on", "replied_on", "concluded_on")
			if self.get(f)
		}
		self.refuse_missing(
			history.missing_dates(settings.clock_of(self.workflow_state), self.acceptance, dates)
		)
		if self.acceptance == history.ACCEPTED and not self.notice_sent_on:
			self.notice_sent_on = self.accepted_on
		self.refuse_misordered_dates(
			history.misordered_dates(getdate(self.received_at), dates, getdate(today()))
		)
		self.paused_since = None
