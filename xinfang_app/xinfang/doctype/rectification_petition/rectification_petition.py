# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt

from frappe.model.document import Document


class RectificationPetition(Document):
	pass
