# Copyright (c) 2026, xinfang_app contributors
# License: MIT. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class PetitionSettings(Document):
	def validate(self):
		self.validate_clock_states()
		self.validate_review_route()

	def onload(self):
		"""What does not work now (SMS waiting for a gateway, a mailbox that cannot be reached), one line each."""
		from xinfang_app.services.alerts import settings_lines

		self.set_onload("delivery_problems", settings_lines())

	def on_update(self):
		self.sync_clock_status()
		self.sync_reminder_notification()
		self.sync_brand()

	def sync_brand(self):
		"""Frappe's login page and website footer follow the hospital's name."""
		before = self.get_doc_before_save()
		if before is None or before.institution_name != self.institution_name:
			from xinfang_app.services import brand

			brand.apply(self.institution_name, before.institution_name if before else None)

	def validate_review_route(self):
		"""On the commission route the opinion and the tracking page name the commission and its address."""
		if self.review_route != "Supervising Health Commission":
			return
		missing = [
			_(self.meta.get_label(f))
			for f in ("review_authority", "review_authority_address")
			if not (self.get(f) or "").strip()
		]
		if missing:
			frappe.throw(
				_("Reviews go to the supervising health commission: fill in {0}.").format("、".join(missing)),
				frappe.MandatoryError,
			)

	def validate_clock_states(self):
		seen = set()
		for row in self.state_clocks:
			if row.workflow_state in seen:
				frappe.throw(
					_("Row {0}: the state {1} is listed twice.").format(row.idx, _(row.workflow_state))
				)
			seen.add(row.workflow_state)

	def sync_clock_status(self):
		"""After the mapping changes, move every petition's clock in one UPDATE per state category."""
		from xinfang_app.services.settings import clock_status_of

		p = frappe.qb.DocType("Petition")
		by_status: dict[str, list[str]] = {}
		for row in self.state_clocks:
			by_status.setdefault(clock_status_of(row.clock), []).append(row.workflow_state)
		listed = [s for states in by_status.values() for s in states]
		for status, states in by_status.items():
			frappe.qb.update(p).set(p.clock_status, status).where(
				p.workflow_state.isin(states) & (p.clock_status.isnull() | (p.clock_status != status))
			).run()
		if listed:
			frappe.qb.update(p).set(p.clock_status, "Running").where(
				p.workflow_state.notin(listed) & (p.clock_status.isnull() | (p.clock_status != "Running"))
			).run()

	def sync_reminder_notification(self):
		if frappe.db.exists("Notification", "Petition Due Soon") and self.reminder_lead_days is not None:
			frappe.db.set_value(
				"Notification", "Petition Due Soon", "days_in_advance", self.reminder_lead_days
			)
		if frappe.db.exists("Notification", "Petition Overdue") and self.escalate_after_days:
			frappe.db.set_value(
				"Notification", "Petition Overdue", "days_in_advance", self.escalate_after_days
			)
