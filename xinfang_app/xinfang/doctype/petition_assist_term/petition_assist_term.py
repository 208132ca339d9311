# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt

import frappe
from frappe.model.document import Document


class PetitionAssistTerm(Document):
	"""How many concluded petitions of a pool use each word (document frequency), and the pool's size (#docs) and total length (#length)."""


def on_doctype_update():
	frappe.db.add_unique("Petition Assist Term", ["pool", "term"], constraint_name="pool_term")
