# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import today


class EarlyWarning(Document):
	def validate(self):
		before = self.get_doc_before_save()
		if before and before.status != self.status == "Closed":
			if not (self.note or "").strip():
				frappe.throw(
					_("Write a note on how the warning was handled before closing it."), frappe.MandatoryError
				)
			self.closed_by = frappe.session.user
			self.closed_on = today()
