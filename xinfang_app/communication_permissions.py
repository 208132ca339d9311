"""Who reads a petition's mail (Communications whose reference is a Petition).

Frappe lets a Communication be read by whoever reads its reference document, and lists the mail of an
Email Account to every user linked to that account. A petition's mail carries its content and the
petitioner's (or reporter's) address, so it follows the petition's own row rule — never a member of the
unit a report is about, never anyone who may not read the petition — and, like the identity fields, is
read only by those who may see the petitioner's identity; a user may always read mail they sent.
"""

from __future__ import annotations

import frappe

from xinfang_app.compat import HOOK_NO_OBJECTION
from xinfang_app.permissions import PRIVILEGED_USERS, may_see_identity, petition_query_conditions

PETITION = "Petition"
MAIL_TYPES = ("Communication", "Automated Message", "Feedback")


def communication_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	if user in PRIVILEGED_USERS:
		return ""
	table = "`tabCommunication`"
	rows = petition_query_conditions(user)
	petitions = "select `tabPetition`.`name` from `tabPetition`" + (f" where {rows}" if rows else "")
	allowed = f"{table}.`reference_name` in ({petitions})"
	if not may_see_identity(user):
		own = f"{table}.`owner` = {frappe.db.escape(user)} and {table}.`sent_or_received` = 'Sent'"
		allowed = f"({own} and {allowed})"
	return f"(ifnull({table}.`reference_doctype`, '') != {frappe.db.escape(PETITION)} or {allowed})"


def communication_has_permission(
	doc, ptype: str | None = None, user: str | None = None, debug=False
) -> bool | None:
	"""Refuses (``False``) a petition's mail to whoever may not read it; otherwise raises no objection
	and Frappe's own Communication rule decides (how that is said differs between Frappe 15 and 16: see
	``compat.HOOK_NO_OBJECTION``)."""
	if doc.get("reference_doctype") != PETITION or not doc.get("reference_name"):
		return HOOK_NO_OBJECTION
	user = user or frappe.session.user
	if user in PRIVILEGED_USERS:
		return HOOK_NO_OBJECTION
	if not frappe.db.exists(PETITION, doc.reference_name):
		return HOOK_NO_OBJECTION
	if not frappe.has_permission(PETITION, "read", doc.reference_name, user=user):
		return False
	if may_see_identity(user) or is_own_sent_mail(doc, user):
		return HOOK_NO_OBJECTION
	return False


def is_own_sent_mail(doc, user: str) -> bool:
	return doc.get("owner") == user and doc.get("sent_or_received") == "Sent"


def visible_timeline(communications: list[dict], user: str | None = None) -> list[dict]:
	"""The entries of a petition's timeline this user may read."""
	user = user or frappe.session.user
	if user in PRIVILEGED_USERS or may_see_identity(user):
		return communications
	mail = [c.get("name") for c in communications if c.get("communication_type") in MAIL_TYPES]
	own = set()
	if mail:
		own = set(
			frappe.get_all(
				"Communication",
				filters={"name": ("in", mail), "owner": user, "sent_or_received": "Sent"},
				pluck="name",
			)
		)
	return [
		c for c in communications if c.get("communication_type") not in MAIL_TYPES or c.get("name") in own
	]
