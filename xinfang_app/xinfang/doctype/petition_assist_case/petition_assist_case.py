# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt

from frappe.model.document import Document


class PetitionAssistCase(Document):
	"""Concluded petitions other than reports: the history every petition office user's suggestions are learned from (同案同处). Kept by the app as petitions conclude; not edited by hand."""


def on_doctype_update():
	"""The postings the suggestions search (see services/assist.py)."""
	from xinfang_app.services.assist import ensure_index

	ensure_index("Petition Assist Case")
