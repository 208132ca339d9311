"""A number of this app's registers is never given twice.

When a document is deleted, Frappe gives its number back to the series if it was the last one given
(``frappe.model.delete_doc.update_naming_series``) and removes the deleted document's history (versions,
comments, assignments, shares, notification logs) later, in a background job. The next petition then got
the same number: until the job ran, the deleted draft's history showed on its timeline; when the job ran,
it removed the new petition's history. A register number names one petition for good, so a deleted
document of this app leaves its number unused (a gap in the register, as on paper).
"""

from __future__ import annotations

from xinfang_app.overrides.db_query import app_modules

_MARK = "_xinfang_keeps_numbers"


def install():
	from frappe.model import delete_doc

	give_back = delete_doc.update_naming_series
	if getattr(give_back, _MARK, False):
		return

	def update_naming_series(doc):
		if doc.meta.module in app_modules():
			return
		return give_back(doc)

	setattr(update_naming_series, _MARK, True)
	delete_doc.update_naming_series = update_naming_series
