# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt

import frappe
from frappe.model.document import Document


class PetitionAssistRoute(Document):
	"""Where the history sent the concluded petitions of each category: the handling office suggestions learn a category's usual office and its exceptions from these counts."""


def on_doctype_update():
	frappe.db.add_index("Petition Assist Route", ["pool", "category"])
