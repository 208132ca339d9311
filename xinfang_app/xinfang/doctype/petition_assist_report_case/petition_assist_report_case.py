# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt

from frappe.model.document import Document


class PetitionAssistReportCase(Document):
	"""Concluded reports (检举控告): learned from only for petition officers and managers, who read every report. Kept by the app as petitions conclude; not edited by hand."""


def on_doctype_update():
	"""The postings the suggestions search (see services/assist.py)."""
	from xinfang_app.services.assist import ensure_index

	ensure_index("Petition Assist Report Case")
