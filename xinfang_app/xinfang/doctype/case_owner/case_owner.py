# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt
"""Case Owner (领导包案): a hospital leader personally owns a hard case until it is settled."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import today

LEADER_ROLE = "Hospital Leader"


class CaseOwner(Document):
	def validate(self):
		self.validate_leader()
		self.validate_petitions()
		self.record_steps_done()
		self.set_closed_on()

	def on_update(self):
		self.link_petitions()

	def on_trash(self):
		from xinfang_app.rules.records import case_kept
		from xinfang_app.services.records import keep

		if case_kept(self.status, self.closed_on):
			keep(self, _("A concluded case is a record of how the matter was settled."))
		self.link_petitions(unlink_all=True)

	def validate_leader(self):
		if LEADER_ROLE not in frappe.get_roles(self.leader):
			frappe.throw(
				_(
					"{0} is not a hospital leader: a case is owned by a user with the role Hospital Leader."
				).format(frappe.bold(self.leader)),
				title=_("Not a leader"),
			)

	def validate_petitions(self):
		names = [row.petition for row in self.petitions]
		if len(names) != len(set(names)):
			frappe.throw(_("A petition is listed twice in this case."))
		owned = frappe.get_all(
			"Petition",
			filters={"name": ("in", names), "case_owner": ("not in", ["", self.name])},
			fields=["name", "case_owner"],
		)
		if owned:
			frappe.throw(
				_("{0} is already owned in case {1}.").format(owned[0].name, owned[0].case_owner),
				title=_("Already owned"),
			)

	def record_steps_done(self):
		for step in self.steps:
			step.done_on = (step.done_on or today()) if step.done else None

	def set_closed_on(self):
		self.closed_on = (self.closed_on or today()) if self.status != "Active" else None

	def link_petitions(self, unlink_all: bool = False):
		"""Each covered petition shows its case owner; petitions taken out of the case lose it."""
		petition = frappe.qb.DocType("Petition")
		names = [] if unlink_all else [row.petition for row in self.petitions]
		clear = (
			frappe.qb.update(petition).set(petition.case_owner, None).where(petition.case_owner == self.name)
		)
		if names:
			clear = clear.where(petition.name.notin(names))
			frappe.qb.update(petition).set(petition.case_owner, self.name).where(
				petition.name.isin(names)
			).run()
		clear.run()
