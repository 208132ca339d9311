# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt
"""Reception Day (领导接待日): a leader receives visitors on a fixed day; each visitor is a petition."""

import frappe
from frappe import _
from frappe.model.document import Document

from xinfang_app.xinfang.doctype.case_owner.case_owner import LEADER_ROLE


class ReceptionDay(Document):
	def validate(self):
		if LEADER_ROLE not in frappe.get_roles(self.leader):
			frappe.throw(
				_("{0} is not a hospital leader.").format(frappe.bold(self.leader)), title=_("Not a leader")
			)
		if self.from_time and self.to_time and str(self.to_time) < str(self.from_time):
			frappe.throw(_("The reception cannot end before it starts."))
