"""Notifications about a petition, or a document that carries one, reach only users who may read it.

Frappe's Notification picks its recipients by role, by a field of the document or by assignment; for a
report (检举控告) a role such as Hospital Leader may include someone who belongs to the unit reported on,
who must never receive its subject by email or in their notification list. Addresses that are not users
(a petitioner's own email) are kept.
"""

from __future__ import annotations

import frappe
from frappe.email.doctype.notification.notification import Notification


class ConfidentialNotification(Notification):
	def get_list_of_recipients(self, doc, context):
		recipients, cc, bcc = super().get_list_of_recipients(doc, context)
		if not is_confidential(doc.doctype):
			return recipients, cc, bcc

		def keep(addresses):
			return [address for address in addresses if may_receive(doc, address)]

		return keep(recipients), keep(cc), keep(bcc)

	def send_an_email(self, doc, context, *args, **kwargs):
		"""A mail about a report, or a document that carries one, has the report's subject and reporter taken
		out of its subject line (services/neutral_titles.py): it may go to addresses outside the hospital."""
		from xinfang_app.services.neutral_titles import reports_behind, scrub

		reports = reports_behind(doc.doctype, doc.name) if is_confidential(doc.doctype) else []
		if not reports or not self.subject:
			return super().send_an_email(doc, context, *args, **kwargs)
		template = self.subject
		subject = frappe.render_template(template, context) if "{" in template else template
		subject = scrub(subject, reports)
		self.subject = "{% raw %}" + subject + "{% endraw %}" if "{" in subject else subject
		try:
			return super().send_an_email(doc, context, *args, **kwargs)
		finally:
			self.subject = template


def is_confidential(doctype: str) -> bool:
	from xinfang_app.permissions import CARRIERS

	return doctype == "Petition" or doctype in CARRIERS


def may_receive(doc, address: str) -> bool:
	address = (address or "").strip()
	user = frappe.db.get_value("User", {"name": address}) or frappe.db.get_value("User", {"email": address})
	if not user:
		return True
	return bool(frappe.has_permission(doc.doctype, "read", doc, user=user))
